"""Masked values as JSON strings, compiled (numba): ``rec.mask(rec.normalize(value))`` quoted.

The findings file shows each distinct identifier once per process in masked form. For the
recognizers with a compiled normal form (``checks.normal_bytes``) whose ``mask`` is one of the
forms below, the value is normalised, masked and quoted here, many values per call:

* ``KEEP``: ``mask.mask_keep`` with the recognizer's ``mask_keep`` (the base ``mask``);
* ``EMAIL``: the first character of the local part, ``***@``, the domain (``EmailAddress.mask``);
* ``IPV4``: the first two octets, then ``.*.*`` (``IPv4Address.mask``).

A recognizer opts in by the ``kernel_mask`` class attribute on the class that defines its
``mask`` (``mask_kind``), so a subclass overriding ``mask`` without naming a form is masked in
Python. ``KEEP`` counts characters of UTF-8 (names); the others take ASCII values only. A value
holding a character JSON would escape (controls, ``"``, ``\\``), DEL, bytes that are not strict
UTF-8, or not of the expected structure, is left to Python (``ok`` false). Tests compare
this with the Python ``mask`` and the standard JSON encoder.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .checks import normal_bytes

__all__ = ["KEEP", "EMAIL", "IPV4", "PYTHON_MASK", "mask_kind", "quoted_masks"]

PYTHON_MASK, KEEP, EMAIL, IPV4 = -1, 0, 1, 2
_KINDS = {"email": EMAIL, "ipv4": IPV4}
_STAR, _QUOTE, _AT, _DOT = 42, 34, 64, 46


def mask_kind(rec) -> int:
    """The compiled mask form of a recognizer's ``mask``, or ``PYTHON_MASK``."""
    from ..recognizers.base import Recognizer

    owner = next(k for k in type(rec).__mro__ if "mask" in vars(k))
    if owner is Recognizer:
        return KEEP
    return _KINDS.get(vars(owner).get("kernel_mask"), PYTHON_MASK)


@njit(cache=True, _nrt=False)
def _required_hidden(n):
    """``mask.required_hidden``."""
    third = -(-n // 3)
    half = min(4, -(-n // 2))
    return third if third > half else half


@njit(cache=True, _nrt=False)
def _ascii_space(b):
    """White space to ``str.strip`` among ASCII bytes (tab to CR, the separators 28–31, space)."""
    return 9 <= b <= 13 or 28 <= b <= 32


@njit(cache=True, _nrt=False)
def _maybe_space(b):
    """A lead byte of a character that may be non-ASCII white space."""
    return b == 0xC2 or b == 0xE1 or b == 0xE2 or b == 0xE3


@njit(cache=True, _nrt=False)
def _maybe_space_end(a, s, e):
    """The last character of ``a[s:e]`` may be non-ASCII white space."""
    j = e - 1
    while j > s and 0x80 <= a[j] <= 0xBF:
        j -= 1
    return _maybe_space(a[j])


@njit(cache=True, _nrt=False)
def _chars(v, n, utf8):
    """Characters of ``v[:n]``, or -1 where Python must mask it: a character JSON escapes
    (control, ``"``, ``\\``) or DEL, a byte above ASCII unless ``utf8``, or not strict UTF-8."""
    chars = 0
    j = 0
    while j < n:
        b = v[j]
        if b < 0x80:
            if b < 32 or b == _QUOTE or b == 92 or b == 127:
                return -1
            j += 1
            chars += 1
            continue
        if not utf8:
            return -1
        if 0xC2 <= b <= 0xDF:
            more, lo, hi = 1, 0x80, 0xBF
        elif 0xE0 <= b <= 0xEF:
            more = 2
            lo = 0xA0 if b == 0xE0 else 0x80
            hi = 0x9F if b == 0xED else 0xBF
        elif 0xF0 <= b <= 0xF4:
            more = 3
            lo = 0x90 if b == 0xF0 else 0x80
            hi = 0x8F if b == 0xF4 else 0xBF
        else:
            return -1
        if j + more >= n:          # cut short
            return -1
        for t in range(1, more + 1):
            c = v[j + t]
            if t == 1 and not (lo <= c <= hi):
                return -1
            if t > 1 and not (0x80 <= c <= 0xBF):
                return -1
        j += more + 1
        chars += 1
    return chars


@njit(cache=True, _nrt=False)
def quoted_masks(a, S, E, strip, form, kind, first, last, scratch, out, offs, ok):
    """Value ``i`` is ``a[S[i]:E[i]]`` (``strip[i]``: without surrounding white space, as
    ``str.strip``) with normal form ``form[i]`` and mask ``kind[i]`` (``KEEP``: keep
    ``first[i]``/``last[i]`` characters); its quoted mask is written at
    ``out[offs[i]:offs[i + 1]]``. ``ok[i]`` is false (and the piece empty) where Python must
    mask it. ``scratch`` holds the longest normal form, ``out`` every quoted mask."""
    pos = 0
    offs[0] = 0
    for i in range(S.shape[0]):
        s, e = S[i], E[i]
        good = True
        if strip[i]:
            while s < e and _ascii_space(a[s]):
                s += 1
            while e > s and _ascii_space(a[e - 1]):
                e -= 1
            # a character that may be white space beyond ASCII (U+0085, U+00A0, U+1680,
            # U+2000…, U+3000) at either end: Python strips it
            good = e == s or not (_maybe_space(a[s]) or _maybe_space_end(a, s, e))
        n = normal_bytes(a, s, e, form[i], scratch, 0)
        k = kind[i]
        chars = _chars(scratch, n, k == KEEP)
        good = good and chars >= 0
        at = n
        dots = 0
        second = n
        if good and k == EMAIL:
            for j in range(n):
                if scratch[j] == _AT:
                    at = j
                    break
        elif good and k == IPV4:
            for j in range(n):
                if scratch[j] == _DOT:
                    dots += 1
                    if dots == 2:
                        second = j
            good = dots == 3
        ok[i] = good
        if not good:
            offs[i + 1] = pos
            continue
        out[pos] = _QUOTE
        pos += 1
        if k == KEEP:
            f, l = first[i], last[i]
            if chars > 0:
                while chars - f - l < _required_hidden(chars) and (f > 0 or l > 0):
                    if f >= l and f > 0:
                        f -= 1
                    else:
                        l -= 1
                ch = -1           # the character byte j belongs to
                for j in range(n):
                    b = scratch[j]
                    lead = b < 0x80 or b >= 0xC0
                    if lead:
                        ch += 1
                    if ch < f or ch >= chars - l:
                        out[pos] = b
                        pos += 1
                    elif lead:
                        out[pos] = _STAR
                        pos += 1
        elif k == EMAIL:
            if at >= 1:
                out[pos] = scratch[0]
                pos += 1
            for c in (_STAR, _STAR, _STAR, _AT):
                out[pos] = c
                pos += 1
            for j in range(at + 1, n):
                out[pos] = scratch[j]
                pos += 1
        else:
            for j in range(second):
                out[pos] = scratch[j]
                pos += 1
            for c in (_DOT, _STAR, _DOT, _STAR):
                out[pos] = c
                pos += 1
        out[pos] = _QUOTE
        pos += 1
        offs[i + 1] = pos
