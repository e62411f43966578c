"""Distinct identifier values of one process: an open-addressing table from a salted key of the
normalised value to its hash id (numba).

The key of a normalised value is exact for short values over ``-./0-9A-Z`` (6 bits a character,
two 64-bit words, length in the tag): identity numbers, cards, phones, IPv4 addresses, document
numbers. Longer or other values (e-mail addresses) get two independent 64-bit hashes (odds of two
values sharing both about n²/2¹²⁹). Both words then go through a salted bijective mix (murmur3
finaliser around a per-process random salt), so the table never holds a value, only salted keys;
it lives in memory only and dies with the process.
"""

from __future__ import annotations

import os

import numpy as np
from numba import njit

__all__ = ["DistinctTable", "value_key", "lookup_insert", "number_hashes", "number_values"]

_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_FNV = np.uint64(0x100000001B3)
_GOLD = np.uint64(0x9E3779B97F4A7C15)


@njit(cache=True, _nrt=False)
def fmix(x):
    x ^= x >> np.uint64(33)
    x *= _M1
    x ^= x >> np.uint64(33)
    x *= _M2
    x ^= x >> np.uint64(33)
    return x


@njit(cache=True, _nrt=False)
def value_key(buf, pos, n, hashed, salt):
    """(exact?, word 1, word 2) of the normalised value ``buf[pos:pos + n]``, salted."""
    exact = not hashed and n <= 20
    if exact:
        for j in range(n):
            c = buf[pos + j]
            if c < 45 or c > 107:
                exact = False
                break
    w1 = np.uint64(0)
    w2 = np.uint64(0)
    if exact:
        for j in range(n):
            code = np.uint64(buf[pos + j] - 44)
            if j < 10:
                w1 = (w1 << np.uint64(6)) | code
            else:
                w2 = (w2 << np.uint64(6)) | code
    else:
        w1 = salt[2]
        w2 = salt[3]
        for j in range(n):
            c = np.uint64(buf[pos + j])
            w1 = (w1 ^ c) * _FNV
            w2 = (w2 + c + np.uint64(1)) * _GOLD
            w2 ^= w2 >> np.uint64(29)
        w1 ^= np.uint64(n)
        w2 += np.uint64(n)
    return exact, fmix(w1 ^ salt[0]), fmix(w2 ^ salt[1])


@njit(cache=True, _nrt=False)
def lookup_insert(slots, tag, w1, w2, new_val):
    """The value stored for (tag, w1, w2), inserting ``new_val`` when absent: (value, inserted).

    ``slots`` rows are (tag + 1, w1, w2, value); tag 0 marks an empty row. One row per cache
    line read: a probe costs one memory access.
    """
    mask = np.uint64(slots.shape[0] - 1)
    t1 = np.uint64(tag + 1)
    h = fmix(w1 ^ (w2 * _GOLD) ^ t1) & mask
    while True:
        t = slots[h, 0]
        if t == 0:
            slots[h, 0] = t1
            slots[h, 1] = w1
            slots[h, 2] = w2
            slots[h, 3] = np.uint64(new_val)
            return new_val, True
        if t == t1 and slots[h, 1] == w1 and slots[h, 2] == w2:
            return np.int64(slots[h, 3]), False
        h = (h + np.uint64(1)) & mask


@njit(cache=True, _nrt=False)
def number_hashes(slots, words, next_id, ids, first):
    """Number keyed hashes (rows of two 64-bit words: 16 bytes of an HMAC, already uniformly
    distributed, so they are their own key): ``ids[i]`` is the number of row ``i``, hashes not
    met before get ``next_id``, ``next_id + 1``…; ``first`` receives the row of each new one.
    Returns how many were new."""
    fresh = 0
    for i in range(words.shape[0]):
        h, inserted = lookup_insert(slots, 0, words[i, 0], words[i, 1], next_id + fresh)
        ids[i] = h
        if inserted:
            first[fresh] = i
            fresh += 1
    return fresh


@njit(cache=True, _nrt=False)
def number_values(a, S, E, tags, slots, salt, ids, first):
    """Number the distinct (tag, bytes ``a[S[i]:E[i]]``) pairs in order of first appearance:
    ``ids[i]`` is the number of pair ``i``, ``first`` receives the index of each new one.
    Returns how many there are (``slots``: an empty table with room for all of them)."""
    fresh = 0
    for i in range(S.shape[0]):
        n = E[i] - S[i]
        exact, w1, w2 = value_key(a, S[i], n, False, salt)
        tag = tags[i] * 128 + min(n, 63) * 2 + (0 if exact else 1)
        h, inserted = lookup_insert(slots, tag, w1, w2, fresh)
        ids[i] = h
        if inserted:
            first[fresh] = i
            fresh += 1
    return fresh


@njit(cache=True)
def _rehash(slots, cap):
    new = np.zeros((cap, 4), dtype=np.uint64)
    for i in range(slots.shape[0]):
        if slots[i, 0] != 0:
            lookup_insert(new, np.int64(slots[i, 0]) - 1, slots[i, 1], slots[i, 2], np.int64(slots[i, 3]))
    return new


class DistinctTable:
    """The table and its salt; ``reserve(m)`` before inserting up to ``m`` more values."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        cap = 1 << max(int(capacity - 1).bit_length(), 4)
        self.slots = np.zeros((cap, 4), dtype=np.uint64)
        self.count = 0
        self.salt = np.frombuffer(os.urandom(32), dtype=np.uint64).copy()

    def reserve(self, more: int) -> None:
        need = 2 * (self.count + more)
        if need <= len(self.slots):
            return
        self.slots = _rehash(self.slots, 1 << int(need - 1).bit_length())
