"""Resident identity numbers of the PRC (居民身份证号码)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..checksums import (birth_date, date_ok_batch, digits_matrix, mod11_2_check_char, mod11_2_ok_batch,
                         region_ok_batch, resident_id15_ok, resident_id_ok)
from ..model import Category, Validation
from .base import TokenRecognizer

__all__ = ["ResidentId18", "ResidentId15"]


class ResidentId18(TokenRecognizer):
    """18-character resident identity number (公民身份号码).

    Legal basis: Resident Identity Card Law of the PRC (居民身份证法) Art. 3; format and check
    character GB 11643-1999 《公民身份号码》, issued by the Ministry of Public Security. PIPL Art. 28
    sensitive as "specific identity" (GB/T 35273-2020 Annex B lists identity card numbers).
    Format: 6-digit GB/T 2260 region code, 8-digit birth date YYYYMMDD, 3-digit sequence (odd =
    male), check character. Checksum: ISO 7064 MOD 11-2 (``X`` stands for 10).
    Birth dates before 1900 or after the scan date are implausible. Also written in 6-8-4
    grouping with one space or one dash (the same both times); checked, hashed and masked as the
    18 characters without them. Synthetic examples: ``11010519491231002X``, ``440524198001010013``, ``110105 19491231 002X``,
    ``110105-19491231-002X``.
    """

    entity = "cn_resident_id"
    category = Category.SPECIFIC_IDENTITY
    legal_basis = "居民身份证法 Art. 3; GB 11643-1999 (Ministry of Public Security)"
    rank = 100
    priority = 100
    mask_keep = (6, 4)
    shapes = ("run:18", "run17x", "grp:6-8-4")
    kernel_check = "resident_id18"
    kernel_normal_form = "id18"
    #: Characters of the normalised value holding the birth date (YYYYMMDD).
    birth_digits = (6, 14)
    field_names = ("id_card", "id_number", "idcard", "id_no", "身份证", "身份证号", "身份证号码",
                   "证件号码", "公民身份号码")

    def normalize(self, raw: str) -> str:
        """Upper case, without the separators of a 6-8-4 grouping."""
        return raw.upper().replace(" ", "").replace("-", "")

    def validate(self, value: str, on: dt.date) -> Validation:
        grouped = len(value) == 20 and value[6] == value[15] and value[6] in " -"
        if len(value) != 18 and not grouped:
            return Validation.INVALID
        return Validation.VALID if resident_id_ok(self.normalize(value), on) else Validation.INVALID

    def validate_batch(self, a, starts, ends, on):
        if not len(starts):
            return np.zeros(0, dtype=bool)
        # the vectorised form reads the 18 characters at fixed offsets: plain spans only; the
        # 6-8-4 grouped ones (rare) go through the scalar check
        plain = ends - starts == 18
        if not plain.all():
            out = np.zeros(len(starts), dtype=bool)
            out[plain] = self.validate_batch(a, starts[plain], ends[plain], on)
            rest = np.flatnonzero(~plain)
            out[rest] = super().validate_batch(a, starts[rest], ends[rest], on)
            return out
        d = digits_matrix(a, starts, 17)
        year = d[:, 6] * 1000 + d[:, 7] * 100 + d[:, 8] * 10 + d[:, 9]
        month = d[:, 10] * 10 + d[:, 11]
        day = d[:, 12] * 10 + d[:, 13]
        ok = region_ok_batch(d) & date_ok_batch(year, month, day, on)
        return ok & mod11_2_ok_batch(d, a[starts + 17])

    def birth_date(self, normalized: str) -> dt.date | None:
        return birth_date(normalized[slice(*self.birth_digits)])


class ResidentId15(TokenRecognizer):
    """15-digit legacy resident identity number (first-generation cards, issued until 2004).

    Legal basis: as ``ResidentId18`` (居民身份证法; GB 11643-1989). PIPL Art. 28 specific identity.
    Format: 6-digit region code, birth date YYMMDD (19YY), 3-digit sequence. No check digit, so
    region-code and birth-date plausibility are the only validation; a 15-digit number just after
    a device or licence word (``IMEI``, ``设备``, ``营业执照``, ``注册号``: an IMEI or an old
    business-licence number, whose digits can look like a region and a date) is not taken, nor
    one whose last digit is glued to a currency unit (``元``, ``万元``, ``CNY``: an amount).
    Synthetic example: ``110105491231002``.
    """

    entity = "cn_resident_id"
    category = Category.SPECIFIC_IDENTITY
    legal_basis = "居民身份证法 Art. 3; GB 11643-1989 (Ministry of Public Security)"
    rank = 100
    priority = 95
    mask_keep = (6, 3)
    shapes = ("run:15",)
    negative_context = ("device_or_licence",)
    negative_after = ("amount",)
    kernel_check = "resident_id15"
    kernel_normal_form = "id15_to_id18"
    birth_digits = (6, 14)

    def normalize(self, raw: str) -> str:
        """The 18-character form (century ``19`` inserted, check character added): one person's
        old and new numbers hash to the same subject."""
        first17 = raw[:6] + "19" + raw[6:]
        return first17 + mod11_2_check_char(first17)

    def validate(self, value: str, on: dt.date) -> Validation:
        return Validation.VALID if resident_id15_ok(value, on) else Validation.INVALID

    def validate_batch(self, a, starts, ends, on):
        if not len(starts):
            return np.zeros(0, dtype=bool)
        d = digits_matrix(a, starts, 15)
        year = 1900 + d[:, 6] * 10 + d[:, 7]
        month = d[:, 8] * 10 + d[:, 9]
        day = d[:, 10] * 10 + d[:, 11]
        return region_ok_batch(d) & date_ok_batch(year, month, day, on)

    def birth_date(self, normalized: str) -> dt.date | None:
        return birth_date(normalized[slice(*self.birth_digits)])
