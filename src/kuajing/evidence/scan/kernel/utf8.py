"""Is a buffer valid UTF-8? Compiled (numba), without building the decoded text.

The rules are those of Python's strict UTF-8 decoder (Unicode Table 3-7 of well-formed byte
sequences): no overlong forms, no surrogates U+D800–U+DFFF, nothing above U+10FFFF, no stray
continuation bytes, no sequence cut at the end. ASCII is checked eight bytes at a time.
``tests/scan/test_kernel.py`` compares the answer with ``bytes.decode``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["utf8_valid"]

_HIGH = np.uint64(0x8080808080808080)


@njit(cache=True, _nrt=False)
def _valid(a, words):
    n = a.shape[0]
    i = 0
    while i < n:
        if i % 8 == 0:   # aligned: skip whole words of ASCII
            w = i // 8
            while w < words.shape[0] and (words[w] & _HIGH) == 0:
                w += 1
            i = w * 8
            if i >= n:
                return True
        c = a[i]
        if c < 0x80:
            i += 1
            continue
        if 0xC2 <= c <= 0xDF:
            need, lo, hi = 1, 0x80, 0xBF
        elif c == 0xE0:
            need, lo, hi = 2, 0xA0, 0xBF
        elif 0xE1 <= c <= 0xEC or c == 0xEE or c == 0xEF:
            need, lo, hi = 2, 0x80, 0xBF
        elif c == 0xED:
            need, lo, hi = 2, 0x80, 0x9F
        elif c == 0xF0:
            need, lo, hi = 3, 0x90, 0xBF
        elif 0xF1 <= c <= 0xF3:
            need, lo, hi = 3, 0x80, 0xBF
        elif c == 0xF4:
            need, lo, hi = 3, 0x80, 0x8F
        else:
            return False
        if i + need >= n:
            return False
        b = a[i + 1]
        if b < lo or b > hi:
            return False
        for j in range(2, need + 1):
            b = a[i + j]
            if b < 0x80 or b > 0xBF:
                return False
        i += need + 1
    return True


def utf8_valid(data: bytes) -> bool:
    """True when ``data`` decodes as strict UTF-8."""
    a = np.frombuffer(data, dtype=np.uint8)
    words = a[:len(a) // 8 * 8].view(np.uint64)
    return bool(_valid(a, words))
