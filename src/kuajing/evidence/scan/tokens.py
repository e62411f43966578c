"""Digit tokens: candidate finding for every digit-based identifier, vectorised with numpy.

This is the readable reference of the token shapes. The scanner runs their compiled form
(``kernel.shapes``, one loop over the runs); tests check that both give the same candidates.

Instead of running a regex per identifier type, the buffer (UTF-8 bytes of decoded text, with a
non-digit sentinel byte at each end) is cut once into maximal runs of ASCII digits; every shape
below is a boolean expression over the run arrays (start, end, length, the byte before and after,
and whether the next run follows a single separator). A run is never cut inside: ``手机13812345678``
gives the 11-digit run, ``138123456789`` (12 digits) gives no mobile candidate at all.

Shapes (name → what it matches):

* ``run:N``             a run of exactly N digits, not touching ASCII letters, not part of a decimal
* ``run17x``            17 digits followed by ``X``/``x`` (18-character identity numbers)
* ``run:86+11`` etc.    international prefixes glued to a mobile number (``8613…``, ``008613…``)
* ``grp:3-4-4``         runs joined by one space or dash: ``138 1234 5678``; ``grp:86-3-4-4``
                        (``+86 138 1234 5678``), ``grp:0086-3-4-4`` (``0086 138 1234 5678``)…
* ``grp:4-4-4-4``       card numbers in groups of four (optionally a last group of 1–3)
* ``grp:6-8-4``         identity numbers in 6-8-4 grouping, one space or one dash (the same both
                        times): ``110105 19491231 002X``, ``110105-19491231-0021``
* ``landline``          ``010-12345678``, ``0755 1234567``, ``(021)12345678``, ``010 6234 5678``,
                        optional ``-ext`` or ``转``/``分机`` and 1–6 digits (``parse_landline``)
* ``landline86``        ``+86 10 6234 5678``, ``+86 (0)10 6234 5678``, ``0086-755-23456789``…:
                        ``+86``/``(+86)``/``0086``, the area code, the local number, an optional
                        extension (``parse_landline``)
* ``ipv4``              four runs of 1–3 digits joined by dots, maximal; not a CIDR network
                        (``192.168.40.128/29``)
* ``coord``             two decimals with ≥ 4 decimal places separated by a comma
* ``alpha1:N``/``alpha2:N``  N digits right after one / two ASCII letters (passports, permits)
* ``email``             ``local@domain.tld`` around each ``@`` (windows of 64 bytes, vectorised)
"""

from __future__ import annotations

import numpy as np

__all__ = ["Tokens", "SHAPES", "EXT_WORDS", "ALPHA", "ALNUM", "DIGIT", "parse_landline", "parse_whole_landline"]

DIGIT = np.zeros(256, dtype=bool)
DIGIT[48:58] = True
ALPHA = np.zeros(256, dtype=bool)
ALPHA[65:91] = True
ALPHA[97:123] = True
ALNUM = ALPHA | DIGIT
_SEP_SPACE_DASH = np.zeros(256, dtype=bool)
_SEP_SPACE_DASH[[ord(" "), ord("-")]] = True
_SEP_DOT = np.zeros(256, dtype=bool)
_SEP_DOT[ord(".")] = True
_EMPTY = np.zeros(0, dtype=np.intp)
#: UTF-8 of the extension words after a landline's local number (``转``, ``分机``).
EXT_WORDS = ("转".encode(), "分机".encode())

SHAPES = (
    "run:8", "run:10", "run:11", "run:15", "run:16-19", "run:18", "run17x", "run:86+11",
    "run:0086+11", "grp:3-4-4", "grp:86-3-4-4", "grp:0086-3-4-4", "grp:86-11", "grp:4-4-4-4",
    "grp:6-8-4", "landline", "landline86", "ipv4", "coord", "alpha1:8", "alpha1:10", "alpha2:7", "email",
)


def _lut(values) -> np.ndarray:
    table = np.zeros(64, dtype=bool)
    table[list(values)] = True
    return table


class Tokens:
    """Digit runs of one buffer and the candidate spans of each shape (computed on demand).

    Only run starts, ends and lengths are computed for every run; every other attribute is
    gathered for the few runs that survive the first (length) filter of a shape.
    """

    def __init__(self, a: np.ndarray) -> None:
        if len(a) < 2 or DIGIT[a[0]] or DIGIT[a[-1]]:
            raise ValueError("buffer must start and end with a non-digit sentinel byte")
        self.a = a
        self.size = len(a)
        dig = (a - np.uint8(48)) < np.uint8(10)
        edges = np.flatnonzero(dig[1:] != dig[:-1]) + 1
        self.S = edges[0::2]
        self.E = edges[1::2]
        self.L = self.E - self.S
        self.Lc = np.minimum(self.L, 63).astype(np.uint8)
        self.n = len(self.S)
        # runs bucketed by length (radix sort of a uint8 key): one bucket read per shape
        self._order = np.argsort(self.Lc, kind="stable")
        self._bucket = np.concatenate([[0], np.cumsum(np.bincount(self.Lc, minlength=64))])
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    # -- per-run attributes, on a subset of runs -------------------------------------------------
    def _byte(self, pos: np.ndarray) -> np.ndarray:
        return self.a[np.clip(pos, 0, self.size - 1)]

    def _clean(self, i: np.ndarray) -> np.ndarray:
        """Runs not touching ASCII letters and not part of a decimal number."""
        pb, nb = self._byte(self.S[i] - 1), self._byte(self.E[i])
        return (~ALPHA[pb] & ~ALPHA[nb]
                & ~((pb == 46) & DIGIT[self._byte(self.S[i] - 2)])
                & ~((nb == 46) & DIGIT[self._byte(self.E[i] + 1)]))

    def _join(self, i: np.ndarray, sep: np.ndarray) -> np.ndarray:
        """Run i is followed by exactly one separator byte and then run i+1."""
        has = i + 1 < self.n
        j = np.where(has, i + 1, 0)
        return has & (self.S[j] - self.E[i] == 1) & sep[self._byte(self.E[i])]

    def first_digits(self, idx: np.ndarray, k: int) -> np.ndarray:
        """The first ``k`` digits of runs ``idx`` as integers."""
        out = np.zeros(len(idx), dtype=np.int64)
        for j in range(k):
            out = out * 10 + (self.a[self.S[idx] + j].astype(np.int64) - 48)
        return out

    def spans(self, shape: str) -> tuple[np.ndarray, np.ndarray]:
        """(starts, ends) of the candidates of one shape, in buffer offsets (end exclusive)."""
        if shape not in self._cache:
            if shape == "email":
                self._cache[shape] = email_spans(self.a)
            else:
                self._cache[shape] = self._compute(shape) if self.n else (_EMPTY, _EMPTY)
        return self._cache[shape]

    def _len_in(self, allowed: tuple[int, ...], limit: int | None = None) -> np.ndarray:
        """Indices (ascending) of the runs whose length is in ``allowed``."""
        parts = [self._order[self._bucket[k]:self._bucket[k + 1]] for k in allowed]
        i = parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))
        return i if limit is None else i[i < limit]

    # -- shapes ---------------------------------------------------------------------------------
    def _compute(self, shape: str) -> tuple[np.ndarray, np.ndarray]:
        S, E = self.S, self.E
        if shape.startswith("run:") and shape[4:].isdigit():
            i = self._len_in((int(shape[4:]),))
            i = i[self._clean(i)]
            return S[i], E[i]
        if shape == "run:16-19":
            i = self._len_in((16, 17, 18, 19))
            i = i[self._clean(i)]
            return S[i], E[i]
        if shape == "run17x":
            i = self._len_in((17,))
            nb, pb = self._byte(E[i]), self._byte(S[i] - 1)
            i = i[((nb == 88) | (nb == 120)) & ~ALNUM[self._byte(E[i] + 1)] & ~ALPHA[pb]
                  & ~((pb == 46) & DIGIT[self._byte(S[i] - 2)])]
            return S[i], E[i] + 1
        if shape in ("run:86+11", "run:0086+11"):
            width = 13 if shape == "run:86+11" else 15
            i = self._len_in((width,))
            i = i[self._clean(i)]
            i = i[self.first_digits(i, width - 11) == 86]
            return S[i], E[i]
        if shape == "grp:3-4-4":
            return self._group(((3,), (4,), (4,)), _SEP_SPACE_DASH)
        if shape == "grp:86-3-4-4":
            return self._group(((2,), (3,), (4,), (4,)), _SEP_SPACE_DASH, first=self._after_plus86())
        if shape == "grp:0086-3-4-4":
            return self._group(((4,), (3,), (4,), (4,)), _SEP_SPACE_DASH, first=self._prefix0086())
        if shape == "grp:86-11":
            return self._group(((2,), (11,)), _SEP_SPACE_DASH, first=self._after_plus86())
        if shape == "grp:4-4-4-4":
            s1, e1 = self._group(((4,), (4,), (4,), (4,)), _SEP_SPACE_DASH)
            s2, e2 = self._group(((4,), (4,), (4,), (4,), (1, 2, 3)), _SEP_SPACE_DASH)
            return np.concatenate([s1, s2]), np.concatenate([e1, e2])
        if shape == "grp:6-8-4":
            return self._group684()
        if shape == "landline":
            return self._landline()
        if shape == "landline86":
            return self._landline86()
        if shape == "ipv4":
            return self._ipv4_device(*self._group(((1, 2, 3),) * 4, _SEP_DOT, first=self._before_dot()))
        if shape == "coord":
            return self._coord()
        if shape.startswith(("alpha1:", "alpha2:")):
            letters, n = int(shape[5]), int(shape[7:])
            i = self._len_in((n,))
            pb, nb = self._byte(S[i] - 1), self._byte(E[i])
            ok = ALPHA[pb] & ~ALPHA[nb] & ~((nb == 46) & DIGIT[self._byte(E[i] + 1)])
            if letters == 2:
                ok &= ALPHA[self._byte(S[i] - 2)] & ~ALNUM[self._byte(S[i] - 3)]
            else:
                ok &= ~ALNUM[self._byte(S[i] - 2)]
            i = i[ok]
            return S[i] - letters, E[i]
        raise KeyError(f"unknown token shape {shape!r}")

    def _after_plus86(self) -> np.ndarray:
        """Runs ``86`` right after a ``+`` (anchored on the rare ``+`` byte)."""
        plus = np.flatnonzero(self.a == 43) + 1
        r = np.searchsorted(self.S, plus)
        ok = r < self.n
        r, plus = r[ok], plus[ok]
        r = r[(self.S[r] == plus)]
        return r[(self.L[r] == 2) & (self.first_digits(r, 2) == 86)]

    def _prefix0086(self) -> np.ndarray:
        """Runs of exactly the four digits ``0086`` (the span starts with them, no ``+``)."""
        i = self._len_in((4,))
        return i[self.first_digits(i, 4) == 86]

    def _before_dot(self) -> np.ndarray:
        """Runs of 1–3 digits immediately followed by a dot (anchored on dots)."""
        if "_before_dot" in self._cache:
            return self._cache["_before_dot"][0]
        dots = np.flatnonzero(self.a == 46)
        r = np.searchsorted(self.E, dots)
        ok = r < self.n
        r, dots = r[ok], dots[ok]
        r = r[self.E[r] == dots]
        r = r[self.L[r] <= 3]
        self._cache["_before_dot"] = (r, r)
        return r

    def _group(self, lengths: tuple[tuple[int, ...], ...], sep: np.ndarray,
               first: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Maximal sequences of ``len(lengths)`` runs joined by ``sep``, with these run lengths.

        ``first`` optionally gives the candidate first runs (an anchor cheaper than a length bucket).
        """
        k = len(lengths)
        if first is None:
            i = self._len_in(lengths[0], limit=self.n - k + 1)
        else:
            i = first[first < self.n - k + 1]
        for j in range(1, k):
            if not len(i):
                return _EMPTY, _EMPTY
            i = i[_lut(lengths[j])[self.Lc[i + j]]]      # the cheap length test first
            i = i[self._join(i + j - 1, sep)]
        if not len(i):
            return _EMPTY, _EMPTY
        last = i + k - 1
        # maximal: no further run glued by the same separator byte as the one inside the group
        last_sep = self._byte(self.E[last - 1]) if k > 1 else None
        ok = ~(self._join(last, sep) & (self._byte(self.E[last]) == last_sep))
        prev = np.maximum(i - 1, 0)
        first_sep = self._byte(self.E[i]) if k > 1 else None
        ok &= ~((i > 0) & self._join(prev, sep) & (self._byte(self.E[prev]) == first_sep))
        pb, nb = self._byte(S_ := self.S[i] - 1), self._byte(self.E[last])
        ok &= ~ALPHA[pb] & ~ALPHA[nb]
        ok &= ~((pb == 46) & DIGIT[self._byte(S_ - 1)])
        ok &= ~((nb == 46) & DIGIT[self._byte(self.E[last] + 1)])
        i = i[ok]
        if first is not None and len(i) and lengths[0] == (2,):   # +86: include the plus sign
            return self.S[i] - 1, self.E[i + k - 1]
        return self.S[i], self.E[i + k - 1]

    def _run_value(self, i: np.ndarray) -> np.ndarray:
        """The numbers written by runs ``i`` of at most three digits."""
        v = np.zeros(len(i), dtype=np.int64)
        for j in range(3):
            inside = j < self.L[i]
            v = np.where(inside, v * 10 + self._byte(self.S[i] + j).astype(np.int64) - 48, v)
        return v

    def _ipv4_device(self, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Dotted quads that may name a device: not a network in CIDR notation
        (``192.168.40.128/29``: a prefix length ≤ 30 and no host bits set; a /31 or /32, or an
        address with host bits such as ``10.8.0.2/24``, is a device's). Not read as a prefix: the
        number after an address that follows ``:``, ``(`` or ``/`` (firewall logs write
        ``outside:203.0.113.128/25`` and ``(203.0.113.128/25)`` for address and port, URLs
        ``//10.1.2.64/26``), nor a number followed by ``/``, a letter, or ``.`` and a letter or
        digit (a path, a file name). Nor a network written with its netmask after a space or ``/``
        (``route 192.168.40.128 255.255.255.248``, ``10.1.0.0/255.255.0.0``: a contiguous mask
        ``255.…`` of a prefix ≤ 30, no host bits set under it), with the same exceptions before."""
        if not len(s):
            return s, e
        i = np.searchsorted(self.S, s)
        address = np.zeros(len(s), dtype=np.int64)
        for j in range(4):
            address = address * 256 + self._run_value(i + j)
        k = np.minimum(i + 4, self.n - 1)
        cidr = (self._byte(e) == 47) & (i + 4 < self.n) & (self.S[k] == e + 1) & (self.L[k] <= 2)
        before, after = self._byte(s - 1), self._byte(self.E[k])
        cidr &= (before != 58) & (before != 40) & (before != 47) & (after != 47) & ~ALPHA[after]
        cidr &= ~((after == 46) & ALNUM[self._byte(self.E[k] + 1)])
        length = np.where(cidr, self._run_value(k), 32)
        cidr &= length <= 30
        host_bits = (np.int64(1) << (32 - np.minimum(length, 32))) - 1
        network = cidr & ((address & host_bits) == 0)
        # a netmask after a space or "/": four runs of at most 3 digits joined by single dots
        m = [np.minimum(i + j, self.n - 1) for j in range(4, 8)]
        masked = ((self._byte(e) == 32) | (self._byte(e) == 47)) & (i + 7 < self.n) & (self.S[m[0]] == e + 1)
        masked &= (before != 58) & (before != 40) & (before != 47)
        for j in range(4):
            masked &= self.L[m[j]] <= 3
            if j < 3:
                masked &= (self._byte(self.E[m[j]]) == 46) & (self.S[m[j + 1]] == self.E[m[j]] + 1)
        masked &= ~((self._byte(self.E[m[3]]) == 46) & DIGIT[self._byte(self.E[m[3]] + 1)])
        mask = np.zeros(len(s), dtype=np.int64)
        for j in range(4):
            v = self._run_value(m[j])
            masked &= v <= 255
            mask = mask * 256 + v
        inverse = mask ^ 0xFFFFFFFF
        masked &= ((mask >> 24) == 255) & (inverse >= 3) & ((inverse & (inverse + 1)) == 0)
        network |= masked & ((address & inverse) == 0)
        return s[~network], e[~network]

    def _group684(self) -> tuple[np.ndarray, np.ndarray]:
        """Runs of 6 and 8 digits, then 4 digits or 3 digits and ``X``/``x``, joined by one space
        or one dash, the same byte both times; maximal (no run glued before or, after four
        digits, after by that byte), not touching letters, not part of a decimal."""
        S, E = self.S, self.E
        i = self._len_in((6,), limit=self.n - 2)
        i = i[(self.L[i + 1] == 8) & self._join(i, _SEP_SPACE_DASH) & self._join(i + 1, _SEP_SPACE_DASH)]
        i = i[self._byte(E[i + 1]) == self._byte(E[i])]
        sep = self._byte(E[i])
        last = i + 2
        nb = self._byte(E[last])
        x = (self.L[last] == 3) & ((nb == 88) | (nb == 120))
        four = self.L[last] == 4
        ends = np.where(x, E[last] + 1, E[last])
        after = self._byte(ends)
        ok = np.where(x, ~ALNUM[after],
                      four & ~ALPHA[after] & ~((after == 46) & DIGIT[self._byte(ends + 1)])
                      & ~(self._join(last, _SEP_SPACE_DASH) & (nb == sep)))
        pb = self._byte(S[i] - 1)
        ok &= ~ALPHA[pb] & ~((pb == 46) & DIGIT[self._byte(S[i] - 2)])
        prev = np.maximum(i - 1, 0)
        ok &= ~((i > 0) & self._join(prev, _SEP_SPACE_DASH) & (self._byte(E[prev]) == sep))
        return S[i[ok]], ends[ok]

    def _landline(self) -> tuple[np.ndarray, np.ndarray]:
        """Landlines in national form (``parse_landline``, ``national``), anchored on runs of 3–4
        digits starting with 0 (from the ``(`` of ``(010)``), not ``0086``."""
        S, E = self.S, self.E
        i = self._len_in((3, 4))
        i = i[(self.a[S[i]] == 48) & ~((self.L[i] == 4) & (self.first_digits(i, 4) == 86))]
        paren = (self._byte(S[i] - 1) == 40) & (self._byte(E[i]) == 41)
        firsts = np.where(paren, S[i] - 1, S[i])
        return self._parsed(firsts, national=True)

    def _landline86(self) -> tuple[np.ndarray, np.ndarray]:
        """Landlines in international form (``parse_landline``), anchored on a run ``86`` after
        ``+`` (from the ``(`` of ``(+86)``) and on runs ``0086`` not touching a letter."""
        S = self.S
        plus = self._after_plus86()
        zero = self._prefix0086()
        zero = zero[~ALPHA[self._byte(S[zero] - 1)]]
        paren = (self._byte(S[plus] - 2) == 40) & (self._byte(self.E[plus]) == 41)
        firsts = np.concatenate([np.where(paren, S[plus] - 2, S[plus] - 1), S[zero]])
        return self._parsed(firsts, national=False)

    def _parsed(self, firsts: np.ndarray, national: bool) -> tuple[np.ndarray, np.ndarray]:
        spans = [(p, parse_landline(self.a, int(p), national)[0]) for p in np.sort(firsts).tolist()]
        spans = [(p, q) for p, q in spans if q > 0]
        return (np.array([p for p, _ in spans], dtype=np.intp), np.array([q for _, q in spans], dtype=np.intp))

    def _coord(self) -> tuple[np.ndarray, np.ndarray]:
        """lat,lon (or lon,lat): two decimals with at least four decimal places, close together."""
        S, E = self.S, self.E
        i = self._before_dot()
        i = i[i < self.n - 3]
        i = i[self._join(i, _SEP_DOT)]
        i = i[self.L[i + 1] >= 4]
        i = i[~self._join(i + 1, _SEP_DOT)]
        gap = S[i + 2] - E[i + 1]
        i = i[(gap >= 1) & (gap <= 5)]
        i = i[(self.L[i + 2] <= 3) & self._join(i + 2, _SEP_DOT)]
        i = i[(self.L[i + 3] >= 4) & ~self._join(i + 3, _SEP_DOT)]
        ok = ~((i > 0) & self._join(np.maximum(i - 1, 0), _SEP_DOT)) & ~ALPHA[self._byte(S[i] - 1)]
        i = i[ok]
        starts = np.where(self._byte(S[i] - 1) == 45, S[i] - 1, S[i])
        return starts, E[i + 3]


# -- landlines in international form ----------------------------------------------------------------

def parse_landline(a, p: int, national: bool) -> tuple[int, int, int, int]:
    """A mainland landline starting at ``a[p]``, in national form (``national``: the area code
    with its trunk 0) or in international form: (end, area code start after the trunk 0, area
    code digits, local number digits), or end -1. The readable reference of
    ``kernel.shapes.parse_landline``.

    Grammar, international: ``+86``, ``(+86)`` or ``0086`` (not the digits of a decimal or a
    group of a longer number); one space or dash (optional after ``(+86)`` and before ``(``); then
    the rest of the number. National: the area code with its trunk 0, bare (``010``) or in
    parentheses (``(010)``), not touching a letter, not the digits of a decimal or a group of a
    longer number; then the rest. The rest: the area code — 2–3
    digits not starting with 0, written bare, after ``(0)`` (the trunk 0 in parentheses;
    ``+86 (0)10``), in parentheses (``(10)``, ``(010)``), or with its trunk 0 (``+86 010``; in
    national form only these last: ``010``, ``(010)``); one
    space or dash (optional after a parenthesis); the local number starting with 2–9 — 7–8
    digits, or 3–4 and 4 digits joined by one space or dash; then optionally an extension: ``-``
    and 1–4 digits (not a time or date: ``-10:30`` ends the number before it), or ``转``/``分机``
    and 1–6 digits. Not followed by a letter or a decimal part, nor, by the separator before the
    local number, by a further group of 4 or more digits (a longer number) — a time or date there
    (``10:30``, ``2024-01-01``, ``2024年``) is no group.
    """
    size = len(a)

    def b(q: int) -> int:
        return int(a[min(max(q, 0), size - 1)])

    def dig(q: int) -> bool:
        return 0 <= q < size and 48 <= a[q] <= 57

    def run_end(q: int) -> int:
        while dig(q):
            q += 1
        return q

    def sep(q: int) -> bool:
        return bool(_SEP_SPACE_DASH[b(q)])

    def alpha(q: int) -> bool:
        return bool(ALPHA[b(q)])

    fail = (-1, 0, 0, 0)
    if national:
        first = p + 1 if b(p) == 40 else p
        if b(first) != 48 or alpha(first - 1) or dig(first - 1) \
                or (b(first - 1) in (32, 45, 46) and dig(first - 2)):
            return fail
        q = p
    elif b(p) == 40 and b(p + 1) == 43 and b(p + 2) == 56 and b(p + 3) == 54 and b(p + 4) == 41:
        q = p + 5
        if sep(q):
            q += 1
    elif b(p) == 43 and b(p + 1) == 56 and b(p + 2) == 54 and not dig(p + 3):
        q = p + 3
        if sep(q):
            q += 1
        elif b(q) != 40:
            return fail
    elif b(p) == 48 and b(p + 1) == 48 and b(p + 2) == 56 and b(p + 3) == 54 and not dig(p + 4) \
            and not dig(p - 1) and not (b(p - 1) in (32, 45, 46) and dig(p - 2)):
        q = p + 4                 # (not a decimal's digits, nor a group of a longer number)
        if sep(q):
            q += 1
        elif b(q) != 40:
            return fail
    else:
        return fail
    need = True
    if not national and b(q) == 40 and b(q + 1) == 48 and b(q + 2) == 41:   # (0) and the area code
        q += 3
        if sep(q):
            q += 1
        area_at, r = q, run_end(q)
        if not 2 <= r - q <= 3 or b(q) == 48:
            return fail
        q = r
    elif b(q) == 40:                                             # (10) or (010)
        r = run_end(q + 1)
        if b(r) != 41:
            return fail
        if b(q + 1) == 48:
            if not 3 <= r - q - 1 <= 4:
                return fail
            area_at = q + 2
        else:
            if national or not 2 <= r - q - 1 <= 3:
                return fail
            area_at = q + 1
        q, need = r + 1, False
    else:                                                        # 10, or 010 with its trunk 0
        r = run_end(q)
        if r == q:
            return fail
        if b(q) == 48:
            if not 3 <= r - q <= 4:
                return fail
            area_at = q + 1
        else:
            if national or not 2 <= r - q <= 3:
                return fail
            area_at = q
        q = r
    area = run_end(area_at) - area_at
    inner = b(q)
    if sep(q):
        q += 1
    elif need:
        return fail
    r = run_end(q)
    if r == q or b(q) < 50:
        return fail
    if 7 <= r - q <= 8:
        local, end = r - q, r
    elif 3 <= r - q <= 4 and sep(r) and run_end(r + 1) - (r + 1) == 4:
        local, end = r - q + 4, run_end(r + 1)
    else:
        return fail
    if b(end) == 45 and dig(end + 1):                            # -801
        r = run_end(end + 1)
        if b(r) in (58, 45, 47):       # -10:30, -2024-01-01: a time or date, not an extension
            return end, area_at, area, local
        if r - end - 1 > 4 or (sep(r) and dig(r + 1)) or alpha(r) or (b(r) == 46 and dig(r + 1)):
            return fail
        return r, area_at, area, local
    for word in EXT_WORDS:                                       # 转8001, 分机123
        w = len(word)
        if bytes(int(x) for x in a[end:end + w]) == word and dig(end + w):
            r = run_end(end + w)
            if r - end - w <= 6 and not alpha(r) and not (b(r) == 46 and dig(r + 1)):
                return r, area_at, area, local
    if alpha(end) or (b(end) == 46 and dig(end + 1)):
        return fail
    if sep(end) and b(end) == inner and dig(end + 1):      # a further group of 4 or more digits
        r = run_end(end + 1)
        if r - end - 1 >= 4 and b(r) < 128 and b(r) not in (58, 45, 47, 46):
            return fail
    return end, area_at, area, local


# -- e-mail addresses, anchored on "@" ------------------------------------------------------------

_LOCAL = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-":
    _LOCAL[_c] = True
_DOMAIN = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-":
    _DOMAIN[_c] = True
_EMAIL_WIN = 64


def email_spans(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``local@domain.tld`` around every ``@``: local part of [A-Za-z0-9._%+-] (leading dots
    dropped), domain of [A-Za-z0-9.-] with a dot, ending in an alphabetic label of ≥ 2 letters.
    Looked at in windows of 24 bytes, widened to 64 for the few that fill them."""
    at = np.flatnonzero(a == 64)
    at = at[(at >= 1) & (at < len(a) - 1)]
    if not len(at):
        return _EMPTY, _EMPTY
    s, e, full = _email_window(a, at, 24)
    if full.any():
        s2, e2, _ = _email_window(a, at[full], _EMAIL_WIN)
        s[full], e[full] = s2, e2
    ok = s >= 0
    return s[ok], e[ok]


def _run_length(ok: np.ndarray, win: int) -> np.ndarray:
    return np.where(ok.all(axis=1), win, np.argmin(ok, axis=1))


def _email_window(a: np.ndarray, at: np.ndarray, win: int):
    size = len(a)
    w = np.arange(1, win + 1)
    left = a[np.maximum(at[:, None] - w, 0)]
    llen = _run_length(_LOCAL[left] & ((at[:, None] - w) >= 0), win)
    right = a[np.minimum(at[:, None] + w, size - 1)]
    rlen = _run_length(_DOMAIN[right] & ((at[:, None] + w) < size), win)
    full = (llen == win) | (rlen == win)
    idx = np.arange(len(at))
    for _ in range(3):   # trailing dots or dashes of the domain end the address
        last = right[idx, np.maximum(rlen - 1, 0)]
        rlen = rlen - ((rlen > 0) & ((last == 46) | (last == 45)))
    for _ in range(3):   # leading dots of the local part are not part of it
        first = left[idx, np.maximum(llen - 1, 0)]
        llen = llen - ((llen > 0) & (first == 46))
    ok = (llen > 0) & (rlen >= 4)
    inside = w[None, :] <= rlen[:, None]
    dots = (right == 46) & inside
    last_dot = win - 1 - np.argmax(dots[:, ::-1], axis=1)
    tld_len = rlen - last_dot - 1
    alpha = ALPHA[right] | ~inside | (w[None, :] <= (last_dot + 1)[:, None])
    ok &= dots.any(axis=1) & (tld_len >= 2) & alpha.all(axis=1)
    ok &= (right[:, 0] != 46) & (right[:, 0] != 45)
    ok &= ~((right[:, 1:] == 46) & (right[:, :-1] == 46) & inside[:, 1:]).any(axis=1)
    s = np.where(ok, at - llen, -1)
    e = np.where(ok, at + 1 + rlen, -1)
    return s, e, full


def parse_whole_landline(text: str) -> tuple[int, int, int, int]:
    """``text`` read as one landline, in international form, else national: (end, area code
    start, area code digits, local number digits) of ``parse_landline`` on ``\n text \n`` (offsets
    into that buffer), end -1 when neither form takes the whole text."""
    buf = np.frombuffer(b"\n" + text.encode("utf-8") + b"\n", dtype=np.uint8)
    whole = len(buf) - 1
    for national in (False, True):
        end, area_at, area, local = parse_landline(buf, 1, national)
        if end == whole:
            return end, area_at, area, local
    return -1, 0, 0, 0
