"""Compiled forms of the recognizers' ``validate`` and ``normalize`` (numba), by name.

A ``TokenRecognizer`` names its compiled check in ``kernel_check`` and its normal form in
``kernel_normal_form``; the scalar ``validate`` / ``normalize`` stay the readable reference and
tests compare the two on generated values. A recognizer without ``kernel_check`` is validated
in Python, once per distinct value (``validate_batch``).

Checks (same rules as the scalar functions named):

* ``resident_id18`` — ``checksums.resident_id_ok``: region, birth date 1900…scan date, MOD 11-2,
  on the 18 characters without the separators of a 6-8-4 grouping;
* ``resident_id15`` — ``checksums.resident_id15_ok``: region and a 19YYMMDD birth date;
* ``bank_card`` — ``BankCard.validate``: 15–19 digits, an IIN range for the length, Luhn;
* ``mobile`` — ``MobileNumber.validate``: 11 national digits in an allocated segment (the table, by the first five digits);
* ``landline`` — ``Landline.validate``: one landline by the grammar of ``shapes.parse_landline``
  (national or international form, extensions), area code and local number lengths;
* ``ipv4`` — ``IPv4Address.validate``: octets ≤ 255 without leading zeros, not 0/127, multicast, reserved, a network (.0);
* ``letter_forms`` — ``_LetterDigits.validate``: one of the recognizer's ``forms`` (letters then
  digits), digits not reading as a date;
* ``digits_not_date`` — ``TaiwanCompatriotPermit.validate``;
* ``shape`` — nothing beyond the token shape (e-mail: the shape checks the format).

Normal forms: ``upper``, ``lower``, ``digits``, ``mobile_national`` (digits without 86/0086),
``landline_national`` (digits, a leading 0086 or 86 dropped and the trunk 0 added if missing, an
extension after a dash),
``id15_to_id18`` (century and check character added), ``id18`` (upper-case, spaces and dashes
dropped), ``as_is``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..checksums import MUNICIPALITIES, PROVINCES
from .shapes import parse_whole_landline

__all__ = ["CHECKS", "NORMAL_FORMS", "PYTHON_CHECK", "check", "normal_bytes", "birth_ymd", "forms_table"]

CHECKS = {"shape": 0, "resident_id18": 1, "resident_id15": 2, "bank_card": 3, "mobile": 4,
          "landline": 5, "ipv4": 6, "letter_forms": 7, "digits_not_date": 8}
#: Check code of recognizers validated in Python.
PYTHON_CHECK = 99
NORMAL_FORMS = {"as_is": 0, "upper": 1, "lower": 2, "digits": 3, "mobile_national": 4, "id15_to_id18": 5,
                "id18": 6, "landline_national": 7}

_PROV = np.zeros(100, dtype=np.bool_)
_PROV[list(PROVINCES)] = True
_MUNI = np.zeros(100, dtype=np.bool_)
_MUNI[list(MUNICIPALITIES)] = True
_SAR = np.zeros(100, dtype=np.bool_)
_SAR[[71, 81, 82, 83]] = True
_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_CHECK_CHAR = np.frombuffer(b"10X98765432", dtype=np.uint8).copy()
_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int64)


def forms_table(forms) -> np.ndarray:
    """``forms`` of a letter-prefixed document as rows (first letters, second letters or 0, digits),
    letter sets as 26-bit masks: ``("EG", None, 8)`` → ``[mask(E, G), 0, 8]``."""
    def mask(letters: str | None) -> int:
        return 0 if not letters else sum(1 << (ord(c) - 65) for c in set(letters))
    return np.array([[mask(f), mask(s), n] for f, s, n in forms], dtype=np.int64).reshape(-1, 3)


@njit(cache=True, _nrt=False)
def _d(a, p):
    return np.int64(a[p]) - 48


@njit(cache=True, _nrt=False)
def _num(a, p, k):
    v = np.int64(0)
    for j in range(k):
        v = v * 10 + _d(a, p + j)
    return v


@njit(cache=True, _nrt=False)
def region_ok(a, s):
    prov, pref = _num(a, s, 2), _num(a, s + 2, 2)
    if not _PROV[prov]:
        return False
    if _SAR[prov]:
        return _num(a, s + 2, 4) == 0
    if _MUNI[prov]:
        return pref <= 3
    return pref <= 70 or pref == 90


@njit(cache=True, _nrt=False)
def calendar_ok(year, month, day):
    if month < 1 or month > 12 or day < 1:
        return False
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    dim = _DAYS[month] - (1 if (month == 2 and not leap) else 0)
    return day <= dim


@njit(cache=True, _nrt=False)
def date_ok(year, month, day, on_ymd):
    """A real calendar date from 1900-01-01 up to the scan date (``yyyymmdd``)."""
    return year >= 1900 and calendar_ok(year, month, day) and year * 10000 + month * 100 + day <= on_ymd


@njit(cache=True, _nrt=False)
def mod11_2_char(d17):
    total = np.int64(0)
    for j in range(17):
        total += d17[j] * _WEIGHTS[j]
    return _CHECK_CHAR[total % 11]


@njit(cache=True, _nrt=False)
def _id18_ok(b, s, on_ymd, d17):
    """The 18 characters ``b[s:s + 18]`` (17 digits and a digit or ``X``/``x``): region, birth
    date, MOD 11-2 (``d17`` receives the digit values)."""
    for j in range(17):
        d17[j] = _d(b, s + j)
    cb = b[s + 17]
    if cb == 120:
        cb = 88
    return region_ok(b, s) and date_ok(_num(b, s + 6, 4), _num(b, s + 10, 2), _num(b, s + 12, 2), on_ymd) \
        and mod11_2_char(d17) == cb


@njit(cache=True, _nrt=False)
def _looks_like_date(a, p, k):
    """``checks._looks_like_date`` of the travel documents: ≥ 8 digits starting 19/20 whose first
    eight read as a calendar date."""
    if k < 8:
        return False
    century = _num(a, p, 2)
    if century != 19 and century != 20:
        return False
    return calendar_ok(_num(a, p, 4), _num(a, p + 4, 2), _num(a, p + 6, 2))


@njit(cache=True, _nrt=False)
def _digits(a, s, e, out):
    k = 0
    for p in range(s, e):
        c = a[p]
        if 48 <= c <= 57:
            out[k] = c - 48
            k += 1
    return k


@njit(cache=True, _nrt=False)
def _issuer_ok(d, n):
    p2 = d[0] * 10 + d[1]
    p4 = p2 * 100 + d[2] * 10 + d[3]
    if p2 == 60 or p2 == 62:
        return 16 <= n <= 19
    if d[0] == 4:
        return n == 16 or n == 19
    if (51 <= p2 <= 55) or (2221 <= p4 <= 2720):
        return n == 16
    if 3528 <= p4 <= 3589:
        return 16 <= n <= 19
    if p2 == 34 or p2 == 37:
        return n == 15
    return False


@njit(cache=True, _nrt=False)
def _luhn_ok(d, n):
    total = np.int64(0)
    for j in range(n):
        v = d[n - 1 - j]
        total += _DOUBLE[v] if j % 2 else v
    return total % 10 == 0


@njit(cache=True, _nrt=False)
def _landline_ok(a, s, e):
    """The span is one landline (``shapes.parse_whole_landline``: international or national form)
    whose area code and local number fit the national rules: 10 or 2X with 8 digits, or a 3-digit
    code starting with 3–9 with 7–8 digits."""
    end, area_at, area, local = parse_whole_landline(a, s, e)
    if end != e:
        return False
    if area == 2:
        return (a[area_at] == 50 or (a[area_at] == 49 and a[area_at + 1] == 48)) and local == 8
    return area == 3 and 51 <= a[area_at] <= 57 and (local == 7 or local == 8)


@njit(cache=True, _nrt=False)
def _ipv4_ok(a, s, e):
    """Four dot-separated octets ≤ 255 without leading zeros; not 0.x, 127.x, multicast or
    reserved (224.x and above: netmasks, broadcast), nor a network address (last octet 0)."""
    seg = 0
    value = digits = lead = 0
    first_octet = 0
    last_octet = 0
    for p in range(s, e + 1):
        c = a[p] if p < e else 46
        if c == 46:
            if digits < 1 or value > 255 or (digits > 1 and lead == 0):
                return False
            if seg == 0:
                first_octet = value
            last_octet = value
            seg += 1
            value = digits = 0
        elif 48 <= c <= 57:
            if digits == 0:
                lead = c - 48
            value = value * 10 + (c - 48)
            digits += 1
        else:
            return False
    return seg == 4 and first_octet != 0 and first_octet != 127 and first_octet < 224 and last_octet != 0


@njit(cache=True, _nrt=False)
def _letter_forms_ok(a, s, e, forms, f0, f1):
    n = e - s
    for f in range(f0, f1):
        first, second, k = forms[f, 0], forms[f, 1], forms[f, 2]
        lead = 2 if second else 1
        if n != lead + k:
            continue
        c = a[s]
        if not (65 <= c <= 90) or not (first >> (c - 65)) & 1:
            continue
        if second:
            c2 = a[s + 1]
            if not (65 <= c2 <= 90) or not (second >> (c2 - 65)) & 1:
                continue
        ok = True
        for p in range(s + lead, e):
            if not (48 <= a[p] <= 57):
                ok = False
                break
        if ok:
            return not _looks_like_date(a, s + lead, k)
    return False


@njit(cache=True, _nrt=False)
def check(a, s, e, code, on_ymd, tables, t0, forms, f0, f1, scratch):
    """Validate the candidate ``a[s:e]`` with compiled check ``code`` (``CHECKS``); the
    recognizer's table starts at ``tables[t0]``, its forms are ``forms[f0:f1]``."""
    if code == 0:
        return True
    if code == 1:      # resident_id18
        if e - s == 18:
            return _id18_ok(a, s, on_ymd, scratch)
        # 6-8-4 grouping: the characters without separators, copied after the digit values
        k = 0
        for p in range(s, e):
            c = a[p]
            if c != 32 and c != 45:
                if k == 18:
                    return False
                scratch[32 + k] = c
                k += 1
        return k == 18 and _id18_ok(scratch, 32, on_ymd, scratch)
    if code == 2:      # resident_id15
        return region_ok(a, s) and date_ok(1900 + _num(a, s + 6, 2), _num(a, s + 8, 2), _num(a, s + 10, 2), on_ymd)
    if code == 3:      # bank_card
        n = _digits(a, s, e, scratch)
        return 15 <= n <= 19 and _issuer_ok(scratch, n) and _luhn_ok(scratch, n)
    if code == 4:      # mobile
        n = _digits(a, s, e, scratch)
        off = 0
        if n == 15 and scratch[0] == 0 and scratch[1] == 0 and scratch[2] == 8 and scratch[3] == 6:
            off = 4
        elif n == 13 and scratch[0] == 8 and scratch[1] == 6:
            off = 2
        if n - off != 11 or scratch[off] != 1:
            return False
        segment = 0
        for j in range(off, off + 5):
            segment = segment * 10 + scratch[j]
        return tables[t0 + segment] != 0
    if code == 5:
        return _landline_ok(a, s, e)
    if code == 6:
        return _ipv4_ok(a, s, e)
    if code == 7:
        return _letter_forms_ok(a, s, e, forms, f0, f1)
    if code == 8:      # digits_not_date
        n = e - s
        for p in range(s, e):
            if not (48 <= a[p] <= 57):
                return False
        return (n == 8 or n == 10) and not _looks_like_date(a, s, n)
    return False


@njit(cache=True, _nrt=False)
def normal_bytes(a, s, e, form, out, pos):
    """Write the normal form of ``a[s:e]`` at ``out[pos:]``; returns its length."""
    k = 0
    if form == 5:      # id15_to_id18: region, "19", the rest, then the check character
        total = np.int64(0)
        for j in range(17):
            src = j if j < 6 else (j - 2 if j >= 8 else -1)
            c = (49 if j == 6 else 57) if src < 0 else a[s + src]
            out[pos + j] = c
            total += (np.int64(c) - 48) * _WEIGHTS[j]
        out[pos + 17] = _CHECK_CHAR[total % 11]
        return 18
    if form == 6:      # id18: upper-case, without the separators of a 6-8-4 grouping
        for p in range(s, e):
            c = a[p]
            if c == 32 or c == 45:
                continue
            out[pos + k] = c - 32 if 97 <= c <= 122 else c
            k += 1
        return k
    if form == 7:      # landline_national: digits; "0086"/"86" dropped, the trunk 0 added if missing
        for p in range(s, e):
            c = a[p]
            if 48 <= c <= 57:
                out[pos + k] = c
                k += 1
        drop = 0
        if k > 4 and out[pos] == 48 and out[pos + 1] == 48 and out[pos + 2] == 56 and out[pos + 3] == 54:
            drop = 4
        elif k > 2 and out[pos] == 56 and out[pos + 1] == 54:
            drop = 2
        if drop:
            if out[pos + drop] != 48:    # keep one digit's room for the trunk 0
                drop -= 1
                out[pos + drop] = 48
            for j in range(k - drop):
                out[pos + j] = out[pos + j + drop]
            k -= drop
        end, _, area, local = parse_whole_landline(a, s, e)
        body = 1 + area + local     # the trunk 0, the area code, the local number
        if end == e and k > body:   # an extension: after a dash (``0755-2345678-9`` ≠ ``0755-23456789``)
            for j in range(k, body, -1):
                out[pos + j] = out[pos + j - 1]
            out[pos + body] = 45
            k += 1
        return k
    if form == 3 or form == 4:
        for p in range(s, e):
            c = a[p]
            if 48 <= c <= 57:
                out[pos + k] = c
                k += 1
        if form == 4:
            drop = 0
            if k == 15 and out[pos] == 48 and out[pos + 1] == 48 and out[pos + 2] == 56 and out[pos + 3] == 54:
                drop = 4
            elif k == 13 and out[pos] == 56 and out[pos + 1] == 54:
                drop = 2
            if drop:
                for j in range(k - drop):
                    out[pos + j] = out[pos + j + drop]
                k -= drop
        return k
    for p in range(s, e):
        c = a[p]
        if form == 1 and 97 <= c <= 122:
            c -= 32
        elif form == 2 and 65 <= c <= 90:
            c += 32
        out[pos + k] = c
        k += 1
    return k


@njit(cache=True, _nrt=False)
def birth_ymd(buf, pos):
    """The eight digits ``YYYYMMDD`` at ``buf[pos:]`` as an integer."""
    v = np.int64(0)
    for j in range(8):
        v = v * 10 + (np.int64(buf[pos + j]) - 48)
    return v
