"""Context words before a candidate, compiled: does a word of a group end near it?

A token recognizer may require a context word (``taiwan_permit``: ``台胞证`` before the number) or
be rejected by one (``order_id``: ``订单`` before a card-like number); the groups are
``keywords.CONTEXT``. Instead of finding every context word in the whole text and then looking
them up, the token pass asks, per candidate, whether a word of the group *ends* within
``window`` bytes before the candidate's start (``start - window <= end <= start``). A word is
matched like the pattern matcher matched it before: ASCII letters without regard to case, other
bytes exactly, and a purely alphabetic ASCII word only after a word boundary (``\\border``, so
``reorder`` does not count but ``order_id`` and ``订单order`` do).

A recognizer may also be rejected by a word right *after* the candidate (``amount``: ``元``
after a mobile-like number makes it a sum of money): ``word_after`` asks whether a word of the
group *starts* within ``window`` bytes after the candidate's end (``end <= start <= end +
window``); a purely alphabetic ASCII word then needs a word boundary after it.

``tests/scan/test_kernel.py`` compares both answers with Python ``re`` over the same words.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["WordTable", "word_near", "word_after"]


class WordTable:
    """The words of every context group as flat arrays, and per slot the words it consults."""

    def __init__(self, groups: dict[str, tuple[str, ...]]) -> None:
        words: list[bytes] = []
        bound: list[bool] = []
        self.group_words: dict[str, list[int]] = {}
        for name, group in groups.items():
            ids = []
            for w in group:
                ids.append(len(words))
                words.append(bytes(c + 32 if 65 <= c <= 90 else c for c in w.encode("utf-8")))
                bound.append(w.isascii() and w.isalpha())
            self.group_words[name] = ids
        self.buf = np.frombuffer(b"".join(words) + b"\x00", dtype=np.uint8).copy()
        self.off = np.cumsum([0] + [len(w) for w in words]).astype(np.int64)
        self.bound = np.array(bound + [False], dtype=np.bool_)
        # the last byte of some word (ASCII letters folded to lower case): the cheap first test
        self.last = np.zeros(256, dtype=np.bool_)
        # and the first byte of some word (for ``word_after``)
        self.first = np.zeros(256, dtype=np.bool_)
        for w in words:
            self.last[w[-1]] = True
            self.first[w[0]] = True

    def slots(self, per_slot: list[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
        """(offsets, word ids): slot ``i`` consults words ``ids[off[i]:off[i + 1]]``."""
        ids: list[int] = []
        off = [0]
        for groups in per_slot:
            for g in groups:
                ids.extend(self.group_words[g])
            off.append(len(ids))
        return np.array(off, dtype=np.int64), np.array(ids + [0], dtype=np.int64)


@njit(cache=True, _nrt=False)
def _fold(c):
    return c + 32 if 65 <= c <= 90 else c


@njit(cache=True, _nrt=False)
def _word_char(c):
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 95


@njit(cache=True, _nrt=False)
def _word_at(a, p, w, buf, off):
    """Word ``w`` of the table is at ``a[p:]`` (ASCII letters folded)."""
    b0 = off[w]
    n = off[w + 1] - b0
    if p < 0 or p + n > a.shape[0]:
        return False
    for j in range(n):
        if _fold(a[p + j]) != buf[b0 + j]:
            return False
    return True


@njit(cache=True, _nrt=False)
def word_near(a, start, window, ids, lo, hi, buf, off, bound, last):
    """A word ``ids[lo:hi]`` ends at some offset in ``[start - window, start]`` of ``a``."""
    if hi <= lo:
        return False
    q_low = start - window
    if q_low < 1:
        q_low = 1
    for q in range(start, q_low - 1, -1):
        if not last[_fold(a[q - 1])]:
            continue
        for k in range(lo, hi):
            w = ids[k]
            p = q - (off[w + 1] - off[w])
            if not _word_at(a, p, w, buf, off) or (bound[w] and p > 0 and _word_char(a[p - 1])):
                continue
            return True
    return False


@njit(cache=True, _nrt=False)
def word_after(a, end, window, ids, lo, hi, buf, off, bound, first):
    """A word ``ids[lo:hi]`` starts at some offset in ``[end, end + window]`` of ``a``."""
    if hi <= lo:
        return False
    size = a.shape[0]
    q_high = end + window
    if q_high > size - 1:
        q_high = size - 1
    for q in range(end, q_high + 1):
        if not first[_fold(a[q])]:
            continue
        for k in range(lo, hi):
            w = ids[k]
            r = q + off[w + 1] - off[w]
            if not _word_at(a, q, w, buf, off) or (bound[w] and r < size and _word_char(a[r])):
                continue
            return True
    return False
