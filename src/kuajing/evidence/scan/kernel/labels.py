"""Values after a label (names, addresses): the spans of many hits at once, and keys of the names
for the distinct table (numba).

``label_spans`` mirrors, for every hit of one labelled recognizer, ``extract`` and the
recognizer's ``value_span`` and ``validate`` (``recognizers.context``). It reads the UTF-8 bytes
after the label as ``data[end:end + window].decode("utf-8", "ignore")`` does (a character cut by
the window end is dropped), skips spaces and U+3000 and one optional ``"``, then applies a rule
(``RULES``):

* ``name`` (``PersonName``): 1–3 CJK characters (U+4E00–U+9FFF), optionally ``·`` and 1–8 more,
  two characters at least; else two or three capitalised ASCII words joined by a space or ``-``
  (each ``[a-z]+`` greedy), valid when at most 64 characters;
* ``address`` (``Address``): up to the first delimiter (``value_end``) or ``max_chars``
  characters, trailing white space (``str.isspace``) removed, 4 characters at least; holding a
  unit (``units_zh``), or a decimal digit and three ASCII letters in a row; valid when at least
  two characters are left once leading white space is removed too.

A hit the mirror cannot follow exactly gets ``PYTHON`` and the engine runs the reference for it:
bytes that are not UTF-8 where the value is read (the reference drops them, joining the
characters around them), and an address whose only possible digits are characters other than
``0-9`` and ``０-９`` (``re``'s ``\\d`` is every Unicode decimal digit).

``name_keys`` numbers distinct values (salted keys, ``kernel.distinct``) and writes the HMAC
message ``entity NUL value`` of each new one, as ``kernel.identify`` does for tokens; values that
are not valid UTF-8 get -1 (the reference decodes them with replacement characters).
``tests/scan/test_labels.py`` compares these with the references.

``strip_spans`` cuts the white space (``str.isspace``) off both ends of many spans at once, as
``str.strip`` does on their decoded text: the cells of a named column are keyed by their
stripped value, as the value after a label is (``tests/scan/test_named_columns.py``), and
``name_cells`` tells which stripped cells may be a person's name (``PersonName.cell_ok``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..recognizers.base import Recognizer
from .distinct import DistinctTable, lookup_insert, value_key

__all__ = ["RULES", "NONE", "VALID", "INVALID", "PYTHON", "LabelKernel", "label_spans", "name_keys",
           "is_space", "strip_spans", "name_cells"]

RULES = {"name": 0, "address": 1}
#: Status of a hit: no value, a valid value, a value ``validate`` rejects, run the reference.
NONE, VALID, INVALID, PYTHON = 0, 1, 2, 3
_END, _BAD = -1, -2       # ``_char``: end of the window, bytes that are not UTF-8


@njit(cache=True, _nrt=False)
def _char(a, p, wend):
    """(code point, byte length) of the character at ``a[p]`` in a window ending at ``wend``;
    (``_END``, 0) at the end, also for a character cut by it; (``_BAD``, 0) for bytes that
    are not UTF-8 (the strict rules of Python's decoder: no overlong forms, no surrogates)."""
    if p >= wend:
        return _END, 0
    b0 = np.int64(a[p])
    if b0 < 0x80:
        return b0, 1
    if 0xC2 <= b0 <= 0xDF:
        n, lo, hi, cp = 2, 0x80, 0xBF, b0 & 0x1F
    elif 0xE0 <= b0 <= 0xEF:
        n, lo, hi, cp = 3, (0xA0 if b0 == 0xE0 else 0x80), (0x9F if b0 == 0xED else 0xBF), b0 & 0x0F
    elif 0xF0 <= b0 <= 0xF4:
        n, lo, hi, cp = 4, (0x90 if b0 == 0xF0 else 0x80), (0x8F if b0 == 0xF4 else 0xBF), b0 & 0x07
    else:
        return _BAD, 0
    for j in range(1, n):
        if p + j >= wend:
            return _END, 0
        b = np.int64(a[p + j])
        if b < lo or b > hi:
            return _BAD, 0
        lo, hi = 0x80, 0xBF
        cp = (cp << 6) | (b & 0x3F)
    return cp, n


@njit(cache=True, _nrt=False)
def is_space(cp):
    """``chr(cp).isspace()`` (what ``str.strip`` removes)."""
    if cp < 0x80:
        return 9 <= cp <= 13 or 0x1C <= cp <= 0x20
    return cp == 0x85 or cp == 0xA0 or cp == 0x1680 or 0x2000 <= cp <= 0x200A or cp == 0x2028 \
        or cp == 0x2029 or cp == 0x202F or cp == 0x205F or cp == 0x3000


@njit(cache=True, _nrt=False)
def digit_class(cp):
    """For an address: 1 when ``re``'s ``\\d`` matches the character, 0 when it does not,
    -1 when this mirror does not know (the reference decides)."""
    if 48 <= cp <= 57 or 0xFF10 <= cp <= 0xFF19:
        return 1
    # Latin, Greek, Cyrillic, Hebrew; punctuation and symbols; CJK, kana, Hangul; full-width
    # forms; emoji: no decimal digits there (the test checks every code point of these ranges)
    if cp < 0x0660 or 0x1E00 <= cp <= 0x2BFF or 0x2E80 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF \
            or 0xF900 <= cp <= 0xFAFF or 0xFE30 <= cp <= 0xFE4F or 0xFF00 <= cp <= 0xFFEF \
            or 0x1F000 <= cp <= 0x1FAFF:
        return 0
    return -1


@njit(cache=True, _nrt=False)
def _is_cjk(cp):
    return 0x4E00 <= cp <= 0x9FFF


@njit(cache=True, _nrt=False)
def _lower_run(a, q, wend):
    """End of the ``[a-z]+`` run at ``q`` (``q`` when none), or -1 where the run meets bytes that
    are not UTF-8."""
    while True:
        cp, _ = _char(a, q, wend)
        if cp == _BAD:
            return -1
        if not 97 <= cp <= 122:
            return q
        q += 1


@njit(cache=True, _nrt=False)
def _cjk_run(a, q, wend, limit):
    """Up to ``limit`` CJK characters from ``q``: (how many, end offset, bytes not UTF-8 met)."""
    n = 0
    while n < limit:
        cp, nb = _char(a, q, wend)
        if cp == _BAD:
            return n, q, True
        if not _is_cjk(cp):
            break
        n += 1
        q += nb
    return n, q, False


@njit(cache=True, _nrt=False)
def _name(a, p, wend):
    """``PersonName.value_span`` + ``validate`` on the text at ``a[p:wend]``: (end, status)."""
    n1, q, bad = _cjk_run(a, p, wend, 3)
    if bad:
        return 0, PYTHON
    if n1:
        cp, nb = _char(a, q, wend)
        if cp == _BAD:
            return 0, PYTHON
        length, e = n1, q
        if cp == 0xB7:   # "·" and up to eight more characters
            n2, r, bad = _cjk_run(a, q + nb, wend, 8)
            if bad:
                return 0, PYTHON
            if n2:
                length, e = n1 + 1 + n2, r
        return (e, VALID) if length >= 2 else (0, NONE)   # a CJK start never reads as Latin
    # two or three capitalised words: [A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}
    cp, _ = _char(a, p, wend)
    if cp == _BAD:
        return 0, PYTHON
    if not 65 <= cp <= 90:
        return 0, NONE
    e = _lower_run(a, p + 1, wend)
    if e < 0:
        return 0, PYTHON
    if e == p + 1:
        return 0, NONE
    words = 1
    while words < 3:
        cp, _ = _char(a, e, wend)
        if cp == _BAD:
            return 0, PYTHON
        if cp != 32 and cp != 45:
            break
        cp, _ = _char(a, e + 1, wend)
        if cp == _BAD:
            return 0, PYTHON
        if not 65 <= cp <= 90:
            break
        r = _lower_run(a, e + 2, wend)
        if r < 0:
            return 0, PYTHON
        if r == e + 2:
            break
        words += 1
        e = r
    if words < 2:
        return 0, NONE
    return e, (VALID if e - p <= 64 else INVALID)   # ASCII: bytes are characters


@njit(cache=True, _nrt=False)
def _address(a, p, wend, max_chars, value_end, units):
    """``Address.value_span`` + ``validate`` on the text at ``a[p:wend]``: (end, status)."""
    q = p
    nch = value_n = lead = run = 0
    e = p
    leading = True
    unit = digit = letters3 = unknown = False
    while nch < max_chars:
        cp, nb = _char(a, q, wend)
        if cp == _END:
            break
        if cp == _BAD:
            return 0, PYTHON
        stop = False
        for d in value_end:
            if cp == d:
                stop = True
        if stop:
            break
        nch += 1
        q += nb
        if is_space(cp):
            if leading:
                lead += 1
            run = 0
            continue
        leading = False
        value_n, e = nch, q
        if 65 <= cp <= 90 or 97 <= cp <= 122:
            run += 1
            letters3 = letters3 or run >= 3
            continue
        run = 0
        for u in units:
            if cp == u:
                unit = True
        dc = digit_class(cp)
        digit = digit or dc == 1
        unknown = unknown or dc < 0
    if value_n < 4:
        return 0, NONE
    if not unit and letters3 and not digit and unknown:
        return 0, PYTHON
    if not (unit or (digit and letters3)):
        return 0, NONE
    return e, (VALID if value_n - lead >= 2 else INVALID)


@njit(cache=True, _nrt=False)
def label_spans(a, ends, rule, window, max_chars, value_end, units, out_s, out_e, status):
    """For each label hit ending at ``ends[k]``: ``status[k]`` and, for a value, its span
    ``a[out_s[k]:out_e[k]]``."""
    n = a.shape[0]
    for k in range(ends.shape[0]):
        end = ends[k]
        wend = min(end + window, n)
        p = end
        while True:   # spaces and U+3000, then one optional '"'
            cp, nb = _char(a, p, wend)
            if cp != 32 and cp != 0x3000:
                break
            p += nb
        if cp == _BAD:
            status[k] = PYTHON
            continue
        if cp == 34:
            p += 1
        if rule == 0:
            e, st = _name(a, p, wend)
        else:
            e, st = _address(a, p, wend, max_chars, value_end, units)
        status[k] = st
        out_s[k] = p
        out_e[k] = e


@njit(cache=True, _nrt=False)
def strip_spans(a, S, E, out_s, out_e):
    """``a[out_s[k]:out_e[k]]``: ``a[S[k]:E[k]]`` without the white space (``is_space``) at
    either end. Stripping stops at bytes that are not UTF-8 (the reference decodes them as
    U+FFFD, not white space), so they stay in the span and ``name_keys`` rejects it."""
    for k in range(S.shape[0]):
        s, e = S[k], E[k]
        while s < e:
            cp, nb = _char(a, s, e)
            if cp < 0 or not is_space(cp):
                break
            s += nb
        while e > s:
            n = 1   # the last character's first byte: back over up to three continuation bytes
            while n < 4 and e - n > s and (a[e - n] & 0xC0) == 0x80:
                n += 1
            cp, nb = _char(a, e - n, e)
            if cp < 0 or nb != n or not is_space(cp):
                break
            e -= n
        out_s[k] = s
        out_e[k] = e


@njit(cache=True, _nrt=False)
def name_cells(a, S, E, suffixes, suffix_off, out):
    """``PersonName.cell_ok`` of the stripped cells ``a[S[k]:E[k]]``: ``out[k]`` 1 or 0, or -1
    where the cell is not valid UTF-8 (the reference decodes it with replacement characters)."""
    for k in range(S.shape[0]):
        s, e = S[k], E[k]
        n = 0
        last = 0
        opened = -1      # byte offset of the last opening parenthesis, ( or （
        bad = False
        q = s
        while q < e:
            cp, nb = _char(a, q, e)
            if cp < 0:
                bad = True
                break
            if cp == 40 or cp == 0xFF08:
                opened = q
            last = cp
            n += 1
            q += nb
        if bad:
            out[k] = -1
            continue
        ok = 1 < n <= 64
        if (last == 41 or last == 0xFF09) and opened > s:
            e = opened    # a last part in parentheses is not read
        cjk = True
        core = 0
        q = s
        while q < e:
            cp, nb = _char(a, q, e)
            cjk = cjk and _is_cjk(cp)
            core += 1
            q += nb
        if ok and cjk:
            ok = core <= 4
            for j in range(suffix_off.shape[0] - 1):
                lo, hi = suffix_off[j], suffix_off[j + 1]
                m = hi - lo
                if ok and e - s >= m:
                    same = True
                    for i in range(m):
                        if a[e - m + i] != suffixes[lo + i]:
                            same = False
                            break
                    if same:
                        ok = False
        out[k] = 1 if ok else 0


@njit(cache=True, _nrt=False)
def name_keys(a, S, E, R, prefix_buf, prefix_off, slots, salt, next_num, msg, new_off, new_at, nums):
    """Number the values ``a[S[c]:E[c]]`` of recognizers ``R[c]``: ``nums[c]`` (-1: not valid
    UTF-8), new values get ``next_num``, ``next_num + 1``…; the message of the ``i``-th new one
    is ``msg[new_off[i]:new_off[i + 1]]`` and it was first met at candidate ``new_at[i]``.
    Returns how many were new."""
    fresh = 0
    pos = 0
    new_off[0] = 0
    for c in range(S.shape[0]):
        s, e, r = S[c], E[c], R[c]
        p = s
        while p < e:
            cp, nb = _char(a, p, e)
            if cp < 0:
                break
            p += nb
        if p < e or e - s >= 32768:
            nums[c] = -1
            continue
        _, w1, w2 = value_key(a, s, e - s, True, salt)
        h, inserted = lookup_insert(slots, r * 65536 + (e - s) * 2 + 1, w1, w2, next_num + fresh)
        nums[c] = h
        if inserted:
            p0, p1 = prefix_off[r], prefix_off[r + 1]
            for j in range(p1 - p0):
                msg[pos + j] = prefix_buf[p0 + j]
            pos += p1 - p0
            for j in range(e - s):
                msg[pos + j] = a[s + j]
            pos += e - s
            new_at[fresh] = c
            fresh += 1
            new_off[fresh] = pos
    return fresh


class LabelKernel:
    """The labelled recognizers' rules and tables, and the distinct names of one process."""

    def __init__(self, recs, prefix_buf: np.ndarray, prefix_off: np.ndarray) -> None:
        n = len(recs)
        self.rule = np.full(n, -1, dtype=np.int64)
        #: Per recognizer: values keyed here and hashed in one batch (rank > 0, value as is).
        self.keyed = np.zeros(n, dtype=np.bool_)
        self._args: dict[int, tuple] = {}
        for i, rec in enumerate(recs):
            rule = getattr(rec, "label_rule", None)
            if rule is None:
                continue
            self.rule[i] = RULES[rule]
            value_end = np.array([ord(c) for c in getattr(rec, "value_end", "")], dtype=np.int64)
            units = np.array([ord(c) for c in getattr(rec, "units_zh", "")], dtype=np.int64)
            self._args[i] = (RULES[rule], rec.window, getattr(rec, "max_chars", 0), value_end, units)
            self.keyed[i] = rec.rank > 0 and type(rec).normalize is Recognizer.normalize \
                and getattr(rec, "birth_date", None) is None
        self.prefix_buf, self.prefix_off = prefix_buf, prefix_off
        #: the organisation endings of names (``PersonName.org_suffixes``), as UTF-8
        ends = [w.encode() for rec in recs for w in getattr(rec, "org_suffixes", ())]
        self._suffixes = np.frombuffer(b"".join(ends) + b"\0", dtype=np.uint8)
        self._suffix_off = np.cumsum([0] + [len(w) for w in ends]).astype(np.int64)
        self.table = DistinctTable(1 << 12)
        self.ids = np.zeros(1024, dtype=np.int64)   # hash id of each value number

    def spans(self, a: np.ndarray, ends: np.ndarray, ri: int):
        """(starts, ends, status) of the hits of labelled recognizer ``ri`` ending at ``ends``."""
        m = len(ends)
        out_s = np.zeros(m, dtype=np.int64)
        out_e = np.zeros(m, dtype=np.int64)
        status = np.zeros(m, dtype=np.int64)
        label_spans(a, ends, *self._args[ri], out_s, out_e, status)
        return out_s, out_e, status

    def keys(self, a: np.ndarray, S: np.ndarray, E: np.ndarray, R: np.ndarray):
        """(value numbers, messages, offsets, first candidate) of keyed values; numbers of new
        values follow ``table.count`` (the caller records their hash ids with ``set_ids``)."""
        m = len(S)
        t = self.table
        t.reserve(m)
        width = int(np.diff(self.prefix_off).max()) if len(self.prefix_off) > 1 else 0
        msg = np.empty(int((E - S).sum()) + m * width + 1, dtype=np.uint8)
        new_off = np.empty(m + 1, dtype=np.int64)
        new_at = np.empty(m, dtype=np.int64)
        nums = np.empty(m, dtype=np.int64)
        fresh = name_keys(a, S, E, R, self.prefix_buf, self.prefix_off, t.slots, t.salt, t.count,
                          msg, new_off, new_at, nums)
        return nums, msg, new_off[:fresh + 1], new_at[:fresh]

    def strip(self, a: np.ndarray, S: np.ndarray, E: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The spans ``S``, ``E`` without white space at either end (``strip_spans``)."""
        out_s = np.empty(len(S), dtype=np.int64)
        out_e = np.empty(len(S), dtype=np.int64)
        strip_spans(a, np.ascontiguousarray(S, dtype=np.int64), np.ascontiguousarray(E, dtype=np.int64),
                    out_s, out_e)
        return out_s, out_e

    def name_cells(self, a: np.ndarray, S: np.ndarray, E: np.ndarray) -> np.ndarray:
        """``PersonName.cell_ok`` of stripped cells: 1, 0, or -1 for the reference (``name_cells``)."""
        out = np.empty(len(S), dtype=np.int64)
        name_cells(a, S, E, self._suffixes, self._suffix_off, out)
        return out

    def set_ids(self, ids: np.ndarray) -> None:
        """Record the hash ids of the values numbered ``table.count``, ``table.count + 1``…"""
        t = self.table
        need = t.count + len(ids)
        if need > len(self.ids):
            grown = np.zeros(max(need, 2 * len(self.ids)), dtype=np.int64)
            grown[:t.count] = self.ids[:t.count]
            self.ids = grown
        self.ids[t.count:need] = ids
        t.count = need
