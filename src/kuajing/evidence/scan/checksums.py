"""Check characters and plausibility checks, each in a scalar form and a vectorised (numpy) form.

The scalar functions are the reference: readable, used for single values (structured cells, tests).
The ``*_batch`` functions compute the same answer for many candidates at once; the scanner uses
them because per-candidate Python work, not the matcher, is what limits throughput. Tests check
that both forms agree.

* ISO 7064 MOD 11-2 — the check character of the 18-digit resident identity number
  (GB 11643-1999 §7): weights 2^(18-i) mod 11, check = (12 - Σ mod 11) mod 11, 10 written ``X``.
* Luhn (ISO/IEC 7812-1 Annex B) — the check digit of bank card numbers.
* Birth dates and GB/T 2260 region-code plausibility for identity numbers.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

__all__ = [
    "mod11_2_check_char", "resident_id_checksum_ok", "luhn_ok", "id_date_ok", "region_ok",
    "resident_id_ok", "resident_id15_ok", "birth_date",
    "mod11_2_ok_batch", "luhn_ok_batch", "date_ok_batch", "region_ok_batch", "digits_matrix",
]

_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_CHECK = "10X98765432"  # index = weighted sum mod 11

#: Two-digit province-level codes of GB/T 2260 (11 Beijing … 65 Xinjiang, 71 Taiwan,
#: 81/82 Hong Kong/Macao and 83 Taiwan residence permits).
PROVINCES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
})
#: Municipalities directly under the central government: prefecture code 00–03 only.
MUNICIPALITIES = frozenset({11, 12, 31, 50})

_PROV_TABLE = np.zeros(100, dtype=bool)
_PROV_TABLE[list(PROVINCES)] = True
_MUNI_TABLE = np.zeros(100, dtype=bool)
_MUNI_TABLE[list(MUNICIPALITIES)] = True
_SAR_TABLE = np.zeros(100, dtype=bool)
_SAR_TABLE[[71, 81, 82, 83]] = True

_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


# -- scalar reference ----------------------------------------------------------------------------

def mod11_2_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of an identity number."""
    total = sum(int(c) * int(w) for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def resident_id_checksum_ok(value: str) -> bool:
    """True if an 18-character identity number carries the right check character."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return mod11_2_check_char(value[:17]) == value[17].upper()


def luhn_ok(digits: str) -> bool:
    """True if the digit string passes the Luhn check (ISO/IEC 7812-1)."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def birth_date(yyyymmdd: str) -> dt.date | None:
    try:
        return dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def id_date_ok(yyyymmdd: str, on: dt.date) -> bool:
    """A plausible birth date: a real calendar date from 1900-01-01 up to the scan date."""
    born = birth_date(yyyymmdd)
    return born is not None and dt.date(1900, 1, 1) <= born <= on


def region_ok(code6: str) -> bool:
    """GB/T 2260 plausibility of the 6-digit region code (province, then prefecture level).

    Not the full table (which changes yearly and keeps retired codes valid for old numbers): the
    province must exist, a municipality has prefecture 01–03 (03: Chongqing's former county-level
    cities), Hong Kong / Macao / Taiwan
    residence-permit numbers use x10000-style codes, and elsewhere prefectures run 01-70 or 90.
    """
    if len(code6) != 6 or not code6.isdigit():
        return False
    prov, pref = int(code6[:2]), int(code6[2:4])
    if prov not in PROVINCES:
        return False
    if prov in (71, 81, 82, 83):
        return code6[2:] == "0000"
    if prov in MUNICIPALITIES:
        return pref <= 3
    return pref <= 70 or pref == 90


def resident_id_ok(value: str, on: dt.date) -> bool:
    """18-character resident identity number: region, birth date and MOD 11-2 all plausible."""
    return (len(value) == 18 and value[:17].isdigit() and region_ok(value[:6])
            and id_date_ok(value[6:14], on) and resident_id_checksum_ok(value))


def resident_id15_ok(value: str, on: dt.date) -> bool:
    """15-digit legacy number (issued until 1999): region and a 19YYMMDD birth date, no checksum."""
    return (len(value) == 15 and value.isdigit() and region_ok(value[:6])
            and id_date_ok("19" + value[6:12], on))


# -- vectorised forms ----------------------------------------------------------------------------

def digits_matrix(a: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """Digit values (int64, n × width) of ``width`` bytes from each start in the uint8 array ``a``."""
    idx = starts[:, None] + np.arange(width)
    return a[idx].astype(np.int64) - 48


def mod11_2_ok_batch(d17: np.ndarray, check_byte: np.ndarray) -> np.ndarray:
    """MOD 11-2 for many numbers: ``d17`` n × 17 digit values, ``check_byte`` the 18th byte."""
    expected = np.frombuffer(_CHECK.encode(), dtype=np.uint8)[(d17 @ _WEIGHTS) % 11]
    upper = np.where(check_byte == ord("x"), ord("X"), check_byte)
    return expected == upper


_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.int64)


def luhn_ok_batch(d: np.ndarray) -> np.ndarray:
    """Luhn for many numbers of one length: ``d`` is n × length digit values."""
    length = d.shape[1]
    doubled = np.zeros(length, dtype=bool)
    doubled[length - 2::-2] = True
    total = d[:, ~doubled].sum(axis=1) + _DOUBLE[d[:, doubled]].sum(axis=1)
    return total % 10 == 0


def date_ok_batch(year: np.ndarray, month: np.ndarray, day: np.ndarray, on: dt.date) -> np.ndarray:
    """Calendar validity and 1900 ≤ date ≤ ``on`` for arrays of year, month, day."""
    ok = (year >= 1900) & (month >= 1) & (month <= 12) & (day >= 1)
    m = np.clip(month, 0, 12)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    dim = _DAYS[m] - ((m == 2) & ~leap)
    ok &= day <= dim
    ymd = year * 10000 + month * 100 + day
    return ok & (ymd <= on.year * 10000 + on.month * 100 + on.day)


def region_ok_batch(d: np.ndarray) -> np.ndarray:
    """``region_ok`` for n × ≥6 digit matrices (first six columns are the region code)."""
    prov = d[:, 0] * 10 + d[:, 1]
    pref = d[:, 2] * 10 + d[:, 3]
    rest = d[:, 2] * 1000 + d[:, 3] * 100 + d[:, 4] * 10 + d[:, 5]
    ok = _PROV_TABLE[prov]
    sar = _SAR_TABLE[prov]
    muni = _MUNI_TABLE[prov]
    general = (pref <= 70) | (pref == 90)
    return ok & np.where(sar, rest == 0, np.where(muni, pref <= 3, general))
