"""Digit runs and the token shapes of ``tokens.SHAPES``, compiled (numba), one run at a time.

Each ``*_at`` function answers for one run ``i`` (the first run of a candidate): is there a
candidate of this shape starting with it, and its span. The rules are those of the numpy
reference ``tokens.Tokens`` (its docstrings say what each shape matches); tests compare the two
on the benchmark corpora and on generated text. ``S``/``E`` are the starts and (exclusive) ends
of the maximal ASCII digit runs of the buffer, ``n`` their number.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..tokens import SHAPES

__all__ = ["SHAPE_ID", "GRP4444_TAIL", "LANDLINE", "LANDLINE86", "ByteScan", "may_start", "short_run_may_start",
           "shape_at", "landline_at", "parse_landline", "parse_whole_landline", "email_at"]

#: Shape name -> the integer the compiled code uses.
SHAPE_ID = {name: i for i, name in enumerate(SHAPES)}
_S = SHAPE_ID
RUN8, RUN10, RUN11, RUN15, RUN16_19, RUN18, RUN17X = (_S["run:8"], _S["run:10"], _S["run:11"], _S["run:15"],
                                                      _S["run:16-19"], _S["run:18"], _S["run17x"])
RUN86, RUN0086, GRP344, GRP86344, GRP0086344, GRP8611, GRP4444 = (
    _S["run:86+11"], _S["run:0086+11"], _S["grp:3-4-4"], _S["grp:86-3-4-4"], _S["grp:0086-3-4-4"],
    _S["grp:86-11"], _S["grp:4-4-4-4"])
GRP684, LANDLINE86 = _S["grp:6-8-4"], _S["landline86"]
LANDLINE, IPV4, COORD, ALPHA1_8, ALPHA1_10, ALPHA2_7, EMAIL = (_S["landline"], _S["ipv4"], _S["coord"],
                                                               _S["alpha1:8"], _S["alpha1:10"], _S["alpha2:7"],
                                                               _S["email"])
#: ``grp:4-4-4-4`` is two shapes here: four groups, and four groups and a last one of 1–3 digits
#: (both can match at one start when the fifth group uses another separator).
GRP4444_TAIL = len(SHAPES)

_LOCAL = np.zeros(256, dtype=np.bool_)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-":
    _LOCAL[_c] = True
_DOMAIN = np.zeros(256, dtype=np.bool_)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-":
    _DOMAIN[_c] = True
_EMAIL_WIN = 64
# separators of the grouped shapes
SEP_SPACE_DASH, SEP_DOT = 0, 1


@njit(cache=True, _nrt=False)
def byte(a, p):
    """``a[p]`` with ``p`` clipped to the buffer (the numpy reference's ``_byte``)."""
    if p < 0:
        p = 0
    elif p >= a.shape[0]:
        p = a.shape[0] - 1
    return a[p]


@njit(cache=True, _nrt=False)
def is_digit(c):
    return 48 <= c <= 57


@njit(cache=True, _nrt=False)
def is_alpha(c):
    return (65 <= c <= 90) or (97 <= c <= 122)


@njit(cache=True, _nrt=False)
def is_alnum(c):
    return is_digit(c) or is_alpha(c)


@njit(cache=True, _nrt=False)
def is_wide_form(b1, b2):
    """The UTF-8 bytes ``EF b1 b2`` are a full-width form the scanner folds to ASCII
    (``width.WIDE``: ＋ － ． ＿ ＠, the digits and the Latin letters)."""
    if b1 == 0xBC:
        return b2 == 0x8B or b2 == 0x8D or b2 == 0x8E or b2 == 0xBF or (0x90 <= b2 <= 0x99) \
            or (0xA0 <= b2 <= 0xBA)
    return b1 == 0xBD and 0x81 <= b2 <= 0x9A


@njit(cache=True, _nrt=False)
def _zero_or_plus(a, p):
    """``0`` or ``+``, in ASCII or full width, at ``a[p]``."""
    c = a[p]
    if c == 48 or c == 43:
        return True
    return c == 0xEF and p + 2 < a.shape[0] and a[p + 1] == 0xBC and (a[p + 2] == 0x8B or a[p + 2] == 0x90)


@njit(cache=True, _nrt=False)
def is_wide_paren(a, p):
    """The full-width parenthesis at ``a[p]`` (``EF BC 88``/``89``) is one ``width`` folds: ``（``
    before ``0`` or ``+`` (either width), ``）`` after a digit (either width)."""
    if a[p + 2] == 0x88:
        return p + 3 < a.shape[0] and _zero_or_plus(a, p + 3)
    if p >= 1 and 48 <= a[p - 1] <= 57:
        return True
    return p >= 3 and a[p - 3] == 0xEF and a[p - 2] == 0xBC and 0x90 <= a[p - 1] <= 0x99


@njit(cache=True, _nrt=False)
def scan_bytes_into(a, S, E, at, nl):
    """One pass over the buffer: digit runs (starts ``S``, ends ``E``), ``@`` and newline
    positions, written into the given arrays; returns their counts (runs, ``@``, newlines) and
    the number of full-width forms (``is_wide_form``, ``is_wide_paren``), or (-1, -1, -1, -1) when an array is too
    small (nothing is allocated here)."""
    size = a.shape[0]
    cap_runs, cap_at, cap_nl = S.shape[0], at.shape[0], nl.shape[0]
    n = n_at = n_nl = n_wide = 0
    inside = False
    for p in range(size):
        c = a[p]
        if 48 <= c <= 57:
            if not inside:
                if n == cap_runs:
                    return -1, -1, -1, -1
                S[n] = p
                inside = True
            continue
        if inside:
            E[n] = p
            n += 1
            inside = False
        if c == 10:
            if n_nl == cap_nl:
                return -1, -1, -1, -1
            nl[n_nl] = p
            n_nl += 1
        elif c == 64:
            if n_at == cap_at:
                return -1, -1, -1, -1
            at[n_at] = p
            n_at += 1
        elif c == 0xEF and p + 2 < size:
            if is_wide_form(a[p + 1], a[p + 2]) or (a[p + 1] == 0xBC and (a[p + 2] == 0x88 or a[p + 2] == 0x89)
                                                     and is_wide_paren(a, p)):
                n_wide += 1
    if inside:
        E[n] = size
        n += 1
    return n, n_at, n_nl, n_wide


class ByteScan:
    """Reusable arrays for ``scan_bytes_into``: sized for ordinary text first (grown to the
    worst case only for a buffer that needs it), and kept between segments, so that a scan
    does not allocate and fault in fresh memory for every segment. ``wide``: the number of
    full-width forms in the last buffer."""

    def __init__(self) -> None:
        self._arrays = tuple(np.empty(0, dtype=np.int64) for _ in range(4))
        self.wide = 0

    def _ensure(self, runs: int, ats: int, nls: int) -> None:
        S, E, at, nl = self._arrays
        if len(S) < runs:
            S, E = np.empty(runs, dtype=np.int64), np.empty(runs, dtype=np.int64)
        if len(at) < ats:
            at = np.empty(ats, dtype=np.int64)
        if len(nl) < nls:
            nl = np.empty(nls, dtype=np.int64)
        self._arrays = (S, E, at, nl)

    def run(self, a: np.ndarray):
        """(starts, ends, ``@`` offsets, newline offsets) of ``a``; the first three are views of
        the reused arrays (valid until the next call), the newlines a copy."""
        size = len(a)
        self._ensure(size // 4 + 16, size // 32 + 16, size // 16 + 16)
        n, n_at, n_nl, self.wide = scan_bytes_into(a, *self._arrays)
        if n < 0:
            self._ensure(size // 2 + 1, size + 1, size + 1)
            n, n_at, n_nl, self.wide = scan_bytes_into(a, *self._arrays)
        S, E, at, nl = self._arrays
        return S[:n], E[:n], at[:n_at], nl[:n_nl].copy()


@njit(cache=True, _nrt=False)
def _sep_ok(c, sep):
    if sep == SEP_DOT:
        return c == 46
    return c == 32 or c == 45


@njit(cache=True, _nrt=False)
def join(a, S, E, n, i, sep):
    """Run ``i`` is followed by exactly one separator byte and then run ``i + 1``."""
    return i + 1 < n and S[i + 1] - E[i] == 1 and _sep_ok(byte(a, E[i]), sep)


@njit(cache=True, _nrt=False)
def clean(a, S, E, i):
    """Run not touching ASCII letters and not part of a decimal number."""
    pb, nb = byte(a, S[i] - 1), byte(a, E[i])
    if is_alpha(pb) or is_alpha(nb):
        return False
    if pb == 46 and is_digit(byte(a, S[i] - 2)):
        return False
    return not (nb == 46 and is_digit(byte(a, E[i] + 1)))


@njit(cache=True, _nrt=False)
def group_at(a, S, E, n, i, lengths, sep, plus):
    """``len(lengths)`` runs joined by ``sep`` (run j has ``lengths[j, 0]`` to ``lengths[j, 1]``
    digits), maximal; ``plus``: the first run is ``86`` after ``+`` and the span includes it."""
    k = lengths.shape[0]
    if i >= n - k + 1:
        return False, 0, 0
    for j in range(k):
        length = E[i + j] - S[i + j]
        if length < lengths[j, 0] or length > lengths[j, 1]:
            return False, 0, 0
        if j and not join(a, S, E, n, i + j - 1, sep):
            return False, 0, 0
    last = i + k - 1
    if k > 1:
        last_sep = byte(a, E[last - 1])
        if join(a, S, E, n, last, sep) and byte(a, E[last]) == last_sep:
            return False, 0, 0
        first_sep = byte(a, E[i])
        if i > 0 and join(a, S, E, n, i - 1, sep) and byte(a, E[i - 1]) == first_sep:
            return False, 0, 0
    pb, nb = byte(a, S[i] - 1), byte(a, E[last])
    if is_alpha(pb) or is_alpha(nb):
        return False, 0, 0
    if pb == 46 and is_digit(byte(a, S[i] - 2)):
        return False, 0, 0
    if nb == 46 and is_digit(byte(a, E[last] + 1)):
        return False, 0, 0
    return True, (S[i] - 1 if plus else S[i]), E[last]


@njit(cache=True, _nrt=False)
def after_plus86(a, S, E, i):
    return byte(a, S[i] - 1) == 43 and E[i] - S[i] == 2 and a[S[i]] == 56 and a[S[i] + 1] == 54


@njit(cache=True, _nrt=False)
def prefix0086(a, S, E, i):
    """Run ``i`` is exactly the four digits ``0086`` (the numpy reference's ``_prefix0086``)."""
    return E[i] - S[i] == 4 and a[S[i]] == 48 and a[S[i] + 1] == 48 and a[S[i] + 2] == 56 \
        and a[S[i] + 3] == 54


@njit(cache=True, _nrt=False)
def before_dot(a, S, E, i):
    return E[i] < a.shape[0] and a[E[i]] == 46 and E[i] - S[i] <= 3


@njit(cache=True, _nrt=False)
def group684_at(a, S, E, n, i):
    """Runs of 6 and 8 digits, then 4 digits or 3 digits and ``X``/``x``, joined by one space or
    one dash, the same byte both times, maximal (the numpy reference's ``_group684``)."""
    if i >= n - 2 or E[i] - S[i] != 6 or E[i + 1] - S[i + 1] != 8:
        return False, 0, 0
    if not join(a, S, E, n, i, SEP_SPACE_DASH) or not join(a, S, E, n, i + 1, SEP_SPACE_DASH):
        return False, 0, 0
    sep = a[E[i]]
    if a[E[i + 1]] != sep:
        return False, 0, 0
    last = i + 2
    length = E[last] - S[last]
    nb = byte(a, E[last])
    if length == 3 and (nb == 88 or nb == 120):
        end = E[last] + 1
        if is_alnum(byte(a, end)):
            return False, 0, 0
    elif length == 4:
        end = E[last]
        if is_alpha(nb) or (nb == 46 and is_digit(byte(a, end + 1))):
            return False, 0, 0
        if nb == sep and join(a, S, E, n, last, SEP_SPACE_DASH):
            return False, 0, 0
    else:
        return False, 0, 0
    pb = byte(a, S[i] - 1)
    if is_alpha(pb) or (pb == 46 and is_digit(byte(a, S[i] - 2))):
        return False, 0, 0
    if i > 0 and join(a, S, E, n, i - 1, SEP_SPACE_DASH) and byte(a, E[i - 1]) == sep:
        return False, 0, 0
    return True, S[i], end


@njit(cache=True, _nrt=False)
def ext_word_at(a, p):
    """Length of the extension word (``转`` or ``分机``, UTF-8) at ``a[p:]``, or 0."""
    if byte(a, p) == 0xE8 and byte(a, p + 1) == 0xBD and byte(a, p + 2) == 0xAC:
        return 3
    if byte(a, p) == 0xE5 and byte(a, p + 1) == 0x88 and byte(a, p + 2) == 0x86 \
            and byte(a, p + 3) == 0xE6 and byte(a, p + 4) == 0x9C and byte(a, p + 5) == 0xBA:
        return 6
    return 0


@njit(cache=True, _nrt=False)
def _dig(a, q):
    return 0 <= q < a.shape[0] and 48 <= a[q] <= 57


@njit(cache=True, _nrt=False)
def _run_end(a, q):
    while _dig(a, q):
        q += 1
    return q


@njit(cache=True, _nrt=False)
def _sep(a, q):
    return _sep_ok(byte(a, q), SEP_SPACE_DASH)


@njit(cache=True, _nrt=False)
def parse_landline(a, p, national):
    """(end, area code start, area code digits, local number digits) of a landline starting at
    ``a[p]``, in national (``national``) or international form, or end -1 (the readable
    reference: ``tokens.parse_landline``, whose docstring gives the grammar)."""
    if national:
        first = p + 1 if byte(a, p) == 40 else p
        if byte(a, first) != 48 or is_alpha(byte(a, first - 1)) or _dig(a, first - 1) \
                or ((_sep(a, first - 1) or byte(a, first - 1) == 46) and _dig(a, first - 2)):
            return -1, 0, 0, 0
        q = p
    elif byte(a, p) == 40 and byte(a, p + 1) == 43 and byte(a, p + 2) == 56 and byte(a, p + 3) == 54 \
            and byte(a, p + 4) == 41:
        q = p + 5
        if _sep(a, q):
            q += 1
    elif byte(a, p) == 43 and byte(a, p + 1) == 56 and byte(a, p + 2) == 54 and not _dig(a, p + 3):
        q = p + 3
        if _sep(a, q):
            q += 1
        elif byte(a, q) != 40:
            return -1, 0, 0, 0
    elif byte(a, p) == 48 and byte(a, p + 1) == 48 and byte(a, p + 2) == 56 and byte(a, p + 3) == 54 \
            and not _dig(a, p + 4) and not _dig(a, p - 1) \
            and not ((_sep(a, p - 1) or byte(a, p - 1) == 46) and _dig(a, p - 2)):
        q = p + 4
        if _sep(a, q):
            q += 1
        elif byte(a, q) != 40:
            return -1, 0, 0, 0
    else:
        return -1, 0, 0, 0
    need = True
    if not national and byte(a, q) == 40 and byte(a, q + 1) == 48 and byte(a, q + 2) == 41:   # (0)10
        q += 3
        if _sep(a, q):
            q += 1
        area_at = q
        r = _run_end(a, q)
        if not 2 <= r - q <= 3 or byte(a, q) == 48:
            return -1, 0, 0, 0
        q = r
    elif byte(a, q) == 40:                                                     # (10), (010)
        r = _run_end(a, q + 1)
        if byte(a, r) != 41:
            return -1, 0, 0, 0
        if byte(a, q + 1) == 48:
            if not 3 <= r - q - 1 <= 4:
                return -1, 0, 0, 0
            area_at = q + 2
        else:
            if national or not 2 <= r - q - 1 <= 3:
                return -1, 0, 0, 0
            area_at = q + 1
        q = r + 1
        need = False
    else:                                                                      # 10 or 010
        r = _run_end(a, q)
        if r == q:
            return -1, 0, 0, 0
        if byte(a, q) == 48:
            if not 3 <= r - q <= 4:
                return -1, 0, 0, 0
            area_at = q + 1
        else:
            if national or not 2 <= r - q <= 3:
                return -1, 0, 0, 0
            area_at = q
        q = r
    area = _run_end(a, area_at) - area_at
    inner = byte(a, q)
    if _sep(a, q):
        q += 1
    elif need:
        return -1, 0, 0, 0
    r = _run_end(a, q)
    if r == q or byte(a, q) < 50:
        return -1, 0, 0, 0
    if 7 <= r - q <= 8:
        local = r - q
        end = r
    elif 3 <= r - q <= 4 and _sep(a, r) and _run_end(a, r + 1) - (r + 1) == 4:
        local = r - q + 4
        end = _run_end(a, r + 1)
    else:
        return -1, 0, 0, 0
    if byte(a, end) == 45 and _dig(a, end + 1):                               # -801
        r = _run_end(a, end + 1)
        c = byte(a, r)
        if c == 58 or c == 45 or c == 47:     # -10:30, -2024-01-01: a time or date follows
            return end, area_at, area, local
        if r - end - 1 > 4 or (_sep(a, r) and _dig(a, r + 1)) or is_alpha(byte(a, r)) \
                or (byte(a, r) == 46 and _dig(a, r + 1)):
            return -1, 0, 0, 0
        return r, area_at, area, local
    w = ext_word_at(a, end)                                                    # 转8001
    if w and _dig(a, end + w):
        r = _run_end(a, end + w)
        if r - end - w <= 6 and not is_alpha(byte(a, r)) and not (byte(a, r) == 46 and _dig(a, r + 1)):
            return r, area_at, area, local
    if is_alpha(byte(a, end)) or (byte(a, end) == 46 and _dig(a, end + 1)):
        return -1, 0, 0, 0
    if _sep(a, end) and byte(a, end) == inner and _dig(a, end + 1):   # a further group
        r = _run_end(a, end + 1)
        c = byte(a, r)
        if r - end - 1 >= 4 and c < 128 and not (c == 58 or c == 45 or c == 47 or c == 46):
            return -1, 0, 0, 0
    return end, area_at, area, local


@njit(cache=True, _nrt=False)
def parse_whole_landline(a, s, e):
    """``a[s:e]`` read as one landline, in international form, else national: the parse of
    ``parse_landline`` that ends at ``e``, or end -1 (the reference: ``tokens.parse_whole_landline``)."""
    end, area_at, area, local = parse_landline(a, s, False)
    if end != e:
        end, area_at, area, local = parse_landline(a, s, True)
        if end != e:
            return -1, 0, 0, 0
    return end, area_at, area, local


@njit(cache=True, _nrt=False)
def landline_at(a, S, E, n, i, shape):
    """A landline anchored on run ``i`` (the numpy reference's ``_landline`` and
    ``_landline86``): in national form (``LANDLINE``) a run of 3–4 digits starting with 0, not
    ``0086``; in international form (``LANDLINE86``) ``86`` after ``+``, or ``0086`` not touching
    a letter."""
    if shape == LANDLINE:
        length = E[i] - S[i]
        if (length != 3 and length != 4) or a[S[i]] != 48 or prefix0086(a, S, E, i):
            return False, 0, 0
        p = S[i] - 1 if byte(a, S[i] - 1) == 40 and byte(a, E[i]) == 41 else S[i]
        national = True
    elif after_plus86(a, S, E, i):
        p = S[i] - 2 if byte(a, S[i] - 2) == 40 and byte(a, E[i]) == 41 else S[i] - 1
        national = False
    elif prefix0086(a, S, E, i) and not is_alpha(byte(a, S[i] - 1)):
        p = S[i]
        national = False
    else:
        return False, 0, 0
    end, _, _, _ = parse_landline(a, p, national)
    if end < 0:
        return False, 0, 0
    return True, p, end


@njit(cache=True, _nrt=False)
def run_value(a, S, E, i):
    """The number written by run ``i``."""
    v = 0
    for p in range(S[i], E[i]):
        v = v * 10 + a[p] - 48
    return v


@njit(cache=True, _nrt=False)
def _netmask_network(a, S, E, i):
    """Runs ``i + 4``…``i + 7`` are a contiguous netmask (``255.…``, prefix ≤ 30) under which the
    address of runs ``i``…``i + 3`` has no host bits set."""
    mask = 0
    for j in range(4, 8):
        if E[i + j] - S[i + j] > 3:
            return False
        if j < 7 and not (byte(a, E[i + j]) == 46 and S[i + j + 1] == E[i + j] + 1):
            return False
        v = run_value(a, S, E, i + j)
        if v > 255:
            return False
        mask = mask * 256 + v
    if byte(a, E[i + 7]) == 46 and is_digit(byte(a, E[i + 7] + 1)):
        return False
    inverse = mask ^ 0xFFFFFFFF
    if (mask >> 24) != 255 or inverse < 3 or (inverse & (inverse + 1)) != 0:
        return False
    address = 0
    for j in range(4):
        address = address * 256 + run_value(a, S, E, i + j)
    return (address & inverse) == 0


@njit(cache=True, _nrt=False)
def ipv4_device(a, S, E, n, i, e):
    """The dotted quad of runs ``i``…``i + 3`` (ending at ``e``) may name a device: not a CIDR
    network (prefix length ≤ 30, no host bits set; not after ``:``, ``(`` or ``/``, nor before a
    path or file name), nor one with a netmask after it (``192.168.40.128 255.255.255.248``) (the
    numpy reference's ``_ipv4_device``)."""
    before = byte(a, S[i] - 1)
    if before == 58 or before == 40 or before == 47:
        return True
    sep = byte(a, e)
    if (sep == 32 or sep == 47) and i + 7 < n and S[i + 4] == e + 1 and _netmask_network(a, S, E, i):
        return False
    if byte(a, e) == 47 and i + 4 < n and S[i + 4] == e + 1 and E[i + 4] - S[i + 4] <= 2:
        after = byte(a, E[i + 4])
        if after == 47 or is_alpha(after) or (after == 46 and is_alnum(byte(a, E[i + 4] + 1))):
            return True
        length = run_value(a, S, E, i + 4)
        if length <= 30:
            address = 0
            for j in range(4):
                address = address * 256 + run_value(a, S, E, i + j)
            if address & ((1 << (32 - length)) - 1) == 0:
                return False
    return True


@njit(cache=True, _nrt=False)
def coord_at(a, S, E, n, i):
    """lat,lon: two decimals with at least four decimal places, 1–5 bytes apart."""
    if not before_dot(a, S, E, i) or i >= n - 3 or not join(a, S, E, n, i, SEP_DOT):
        return False, 0, 0
    if E[i + 1] - S[i + 1] < 4 or join(a, S, E, n, i + 1, SEP_DOT):
        return False, 0, 0
    gap = S[i + 2] - E[i + 1]
    if gap < 1 or gap > 5:
        return False, 0, 0
    if E[i + 2] - S[i + 2] > 3 or not join(a, S, E, n, i + 2, SEP_DOT):
        return False, 0, 0
    if E[i + 3] - S[i + 3] < 4 or join(a, S, E, n, i + 3, SEP_DOT):
        return False, 0, 0
    if (i > 0 and join(a, S, E, n, i - 1, SEP_DOT)) or is_alpha(byte(a, S[i] - 1)):
        return False, 0, 0
    start = S[i] - 1 if byte(a, S[i] - 1) == 45 else S[i]
    return True, start, E[i + 3]


@njit(cache=True, _nrt=False)
def alpha_at(a, S, E, i, letters, digits):
    """``digits`` digits right after ``letters`` (1 or 2) ASCII letters."""
    if E[i] - S[i] != digits:
        return False, 0, 0
    pb, nb = byte(a, S[i] - 1), byte(a, E[i])
    if not is_alpha(pb) or is_alpha(nb) or (nb == 46 and is_digit(byte(a, E[i] + 1))):
        return False, 0, 0
    if letters == 2:
        if not is_alpha(byte(a, S[i] - 2)) or is_alnum(byte(a, S[i] - 3)):
            return False, 0, 0
    elif is_alnum(byte(a, S[i] - 2)):
        return False, 0, 0
    return True, S[i] - letters, E[i]


@njit(cache=True, _nrt=False)
def _run_shape(a, S, E, i, lo, hi):
    length = E[i] - S[i]
    if lo <= length <= hi and clean(a, S, E, i):
        return True, S[i], E[i]
    return False, 0, 0


def _lengths(*ranges) -> np.ndarray:
    return np.array(ranges, dtype=np.int64).reshape(-1, 2)


# digit counts (from, to) of the runs of each grouped shape
_M3_4_4 = _lengths((3, 3), (4, 4), (4, 4))
_M86_3_4_4 = _lengths((2, 2), (3, 3), (4, 4), (4, 4))
_M0086_3_4_4 = _lengths((4, 4), (3, 3), (4, 4), (4, 4))
_M86_11 = _lengths((2, 2), (11, 11))
_M4X4 = _lengths(*[(4, 4)] * 4)
_M4X4_TAIL = _lengths(*[(4, 4)] * 4, (1, 3))
_MIPV4 = _lengths(*[(1, 3)] * 4)


@njit(cache=True, _nrt=False)
def may_start(shape, pb, nb, first, gap, nlen):
    """A cheap necessary condition for ``shape_at`` at a run whose length already fits, from
    scalars only (byte before and after the run, its first digit, the gap to the next run and
    that run's length), so that the loop calls ``shape_at`` only for the few plausible runs."""
    if shape == LANDLINE86:   # "+86" then a separator, ")" or "(", or "0086" then a separator or "("
        return (pb == 43 and first == 56 and (nb == 32 or nb == 45 or nb == 41 or nb == 40)) or \
            (first == 48 and (nb == 32 or nb == 45 or nb == 40))
    glued = gap == 1 and (nb == 32 or nb == 45)
    if shape == RUN17X:
        return (nb == 88 or nb == 120) and not is_alpha(pb)
    if shape == RUN8 or shape == RUN10 or shape == RUN11 or shape == RUN15 or shape == RUN16_19 \
            or shape == RUN18 or shape == RUN86 or shape == RUN0086:   # not touching letters (``clean``)
        if is_alpha(pb) or is_alpha(nb):
            return False
        if shape == RUN86:
            return first == 56
        if shape == RUN0086:
            return first == 48
        return True
    if shape == GRP344 or shape == GRP4444 or shape == GRP4444_TAIL:
        return glued and nlen == 4
    if shape == GRP86344:
        return pb == 43 and first == 56 and glued and nlen == 3
    if shape == GRP0086344:
        return first == 48 and glued and nlen == 3
    if shape == GRP8611:
        return pb == 43 and first == 56 and glued and nlen == 11
    if shape == GRP684:
        return glued and nlen == 8
    if shape == LANDLINE:     # the area code, then (after ")" or a separator) the local number
        return first == 48 and (nlen == 3 or nlen == 4 or nlen == 7 or nlen == 8)
    if shape == IPV4:
        return nb == 46 and gap == 1 and 1 <= nlen <= 3
    if shape == COORD:
        return nb == 46 and gap == 1 and nlen >= 4
    if shape == ALPHA1_8 or shape == ALPHA1_10 or shape == ALPHA2_7:
        return is_alpha(pb)
    return True


@njit(cache=True, _nrt=False)
def short_run_may_start(pb, nb, first, gap, length):
    """What every shape whose first run has 1–4 (``length``) digits needs (``may_start`` of the
    grouped numbers, +86 groups, landlines, IPv4 and coordinates): the next run after one space,
    dash or dot, a ``+`` before, or a leading ``0`` of a run of 3–4 digits (an area code,
    ``0086``). Most short runs (times, counters) fail it, and the loop then skips their shapes at
    once."""
    return (gap == 1 and (nb == 32 or nb == 45 or nb == 46)) or pb == 43 or (first == 48 and length >= 3)


@njit(cache=True, _nrt=False)
def shape_at(a, S, E, n, i, shape):
    """(found, start, end) of the candidate of ``shape`` whose first run is run ``i`` (not the
    landlines: ``landline_at``, called apart from the loop over runs)."""
    if shape == RUN8:
        return _run_shape(a, S, E, i, 8, 8)
    if shape == RUN10:
        return _run_shape(a, S, E, i, 10, 10)
    if shape == RUN11:
        return _run_shape(a, S, E, i, 11, 11)
    if shape == RUN15:
        return _run_shape(a, S, E, i, 15, 15)
    if shape == RUN16_19:
        return _run_shape(a, S, E, i, 16, 19)
    if shape == RUN18:
        return _run_shape(a, S, E, i, 18, 18)
    if shape == RUN17X:
        if E[i] - S[i] != 17:
            return False, 0, 0
        nb, pb = byte(a, E[i]), byte(a, S[i] - 1)
        if (nb == 88 or nb == 120) and not is_alnum(byte(a, E[i] + 1)) and not is_alpha(pb) \
                and not (pb == 46 and is_digit(byte(a, S[i] - 2))):
            return True, S[i], E[i] + 1
        return False, 0, 0
    if shape == RUN86:
        ok, s, e = _run_shape(a, S, E, i, 13, 13)
        return (ok and a[s] == 56 and a[s + 1] == 54), s, e
    if shape == RUN0086:
        ok, s, e = _run_shape(a, S, E, i, 15, 15)
        return (ok and a[s] == 48 and a[s + 1] == 48 and a[s + 2] == 56 and a[s + 3] == 54), s, e
    if shape == GRP344:
        return group_at(a, S, E, n, i, _M3_4_4, SEP_SPACE_DASH, False)
    if shape == GRP86344:
        if not after_plus86(a, S, E, i):
            return False, 0, 0
        return group_at(a, S, E, n, i, _M86_3_4_4, SEP_SPACE_DASH, True)
    if shape == GRP0086344:
        if not prefix0086(a, S, E, i):
            return False, 0, 0
        return group_at(a, S, E, n, i, _M0086_3_4_4, SEP_SPACE_DASH, False)
    if shape == GRP8611:
        if not after_plus86(a, S, E, i):
            return False, 0, 0
        return group_at(a, S, E, n, i, _M86_11, SEP_SPACE_DASH, True)
    if shape == GRP4444:
        return group_at(a, S, E, n, i, _M4X4, SEP_SPACE_DASH, False)
    if shape == GRP4444_TAIL:
        return group_at(a, S, E, n, i, _M4X4_TAIL, SEP_SPACE_DASH, False)
    if shape == GRP684:
        return group684_at(a, S, E, n, i)
    if shape == IPV4:
        if not before_dot(a, S, E, i):
            return False, 0, 0
        ok, s, e = group_at(a, S, E, n, i, _MIPV4, SEP_DOT, False)
        return (ok and ipv4_device(a, S, E, n, i, e)), s, e
    if shape == COORD:
        return coord_at(a, S, E, n, i)
    if shape == ALPHA1_8:
        return alpha_at(a, S, E, i, 1, 8)
    if shape == ALPHA1_10:
        return alpha_at(a, S, E, i, 1, 10)
    if shape == ALPHA2_7:
        return alpha_at(a, S, E, i, 2, 7)
    return False, 0, 0


@njit(cache=True, _nrt=False)
def email_at(a, at):
    """``local@domain.tld`` around the ``@`` at ``at`` (the reference: ``tokens.email_spans``)."""
    size = a.shape[0]
    if at < 1 or at >= size - 1:
        return False, 0, 0
    llen = 0
    while llen < _EMAIL_WIN and at - llen - 1 >= 0 and _LOCAL[a[at - llen - 1]]:
        llen += 1
    rlen = 0
    while rlen < _EMAIL_WIN and at + rlen + 1 < size and _DOMAIN[a[at + rlen + 1]]:
        rlen += 1
    for _ in range(3):   # trailing dots or dashes of the domain end the address
        if rlen > 0 and (a[at + rlen] == 46 or a[at + rlen] == 45):
            rlen -= 1
    for _ in range(3):   # leading dots of the local part are not part of it
        if llen > 0 and a[at - llen] == 46:
            llen -= 1
    if llen <= 0 or rlen < 4:
        return False, 0, 0
    first = a[at + 1]
    if first == 46 or first == 45:
        return False, 0, 0
    last_dot = -1
    for w in range(1, rlen + 1):
        c = a[at + w]
        if c == 46:
            if w >= 2 and a[at + w - 1] == 46:
                return False, 0, 0
            last_dot = w
    if last_dot < 0 or rlen - last_dot < 2:
        return False, 0, 0
    for w in range(last_dot + 1, rlen + 1):
        if not is_alpha(a[at + w]):
            return False, 0, 0
    return True, at - llen, at + 1 + rlen

