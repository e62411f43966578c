"""Passports and the exit-entry permits for Hong Kong, Macao and Taiwan."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

import numpy as np

from ..checksums import birth_date
from ..model import Category, Validation
from .base import TokenRecognizer

__all__ = ["Passport", "HkMacaoTravelPermit", "HomeReturnPermit", "TaiwanTravelPermit",
           "TaiwanCompatriotPermit"]

_NOT_IO = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_AZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LEGAL = "出境入境管理法 Art. 9–11; 护照法; 中国公民往来台湾地区管理办法 (National Immigration Administration)"


def _looks_like_date(digits: str) -> bool:
    """``20240115``-like digit strings (log stamps, batch codes) are not document numbers."""
    if len(digits) < 8 or digits[:2] not in ("19", "20"):
        return False
    return birth_date(digits[:8]) is not None


class _LetterDigits(TokenRecognizer):
    """Letter prefix + digits. Subclasses declare ``forms``; the full-match regex ``pattern`` (used
    by ``validate``) and ``first_letters`` are derived from them."""

    category = Category.SPECIFIC_IDENTITY
    legal_basis = _LEGAL
    rank = 90
    priority = 80
    mask_keep = (2, 2)

    #: The document number formats: (first letters, second letters or None, number of digits).
    #: The compiled check reads them directly; tests check it agrees with ``pattern``.
    forms: ClassVar[tuple[tuple[str, str | None, int], ...]] = ()
    #: Derived: the full-match regex of ``forms``.
    pattern: ClassVar[re.Pattern]
    #: Derived: upper-case letters a value may start with (a cheap filter before ``validate``).
    first_letters: ClassVar[bytes] = b""
    kernel_check = "letter_forms"
    kernel_normal_form = "upper"

    def __init_subclass__(cls, **kw) -> None:
        super().__init_subclass__(**kw)
        if cls.forms:
            cls.pattern = re.compile("|".join(
                f"[{first}]" + (f"[{second}]" if second else "") + f"[0-9]{{{n}}}"
                for first, second, n in cls.forms))
            cls.first_letters = "".join(dict.fromkeys("".join(f for f, _, _ in cls.forms))).encode()

    def normalize(self, raw: str) -> str:
        return raw.upper()

    def validate_batch(self, a, starts, ends, on):
        out = np.zeros(len(starts), dtype=bool)
        if not len(starts):
            return out
        sel = np.flatnonzero(np.isin(a[starts], np.frombuffer(self.first_letters, dtype=np.uint8)))
        if len(sel):
            out[sel] = super().validate_batch(a, starts[sel], ends[sel], on)
        return out

    def validate(self, value: str, on: dt.date) -> Validation:
        if not self.pattern.fullmatch(value):
            return Validation.INVALID
        digits = value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return Validation.INVALID if _looks_like_date(digits) else Validation.VALID


class Passport(_LetterDigits):
    """PRC passport number (中华人民共和国护照号码), and HKSAR / Macao SAR passports.

    Legal basis: Passport Law of the PRC (护照法) Art. 2, issued by the National Immigration
    Administration / Ministry of Foreign Affairs. PIPL Art. 28 specific identity.
    Format: ordinary passports ``E`` + 8 digits, ``E`` + letter (not I/O) + 7 digits, older ``G`` +
    8 digits; diplomatic ``DE``, service ``SE``, public-affairs ``PE`` + 7 digits; HKSAR ``K``/``H``
    and Macao ``M`` + letter + 7 digits. Upper case only in free text. No published checksum; an
    8-digit tail that reads as a calendar date is rejected (log stamps).
    Synthetic examples: ``E12345678``, ``EA1234567``, ``DE1234567``.
    """

    entity = "passport"
    shapes = ("alpha1:8", "alpha2:7")
    forms = (("EG", None, 8), ("E", _NOT_IO, 7), ("DSP", "E", 7), ("KHM", _AZ, 7))
    field_names = ("passport", "passport_no", "passport_number", "护照", "护照号", "护照号码")


class HkMacaoTravelPermit(_LetterDigits):
    """Exit-Entry Permit for Travelling to and from Hong Kong and Macao (往来港澳通行证).

    Legal basis: 中国公民因私事往来香港地区或者澳门地区的暂行管理办法; issued by the National
    Immigration Administration to mainland residents. PIPL Art. 28 specific identity.
    Format: ``C`` + 8 digits, or ``C`` + letter + 7 digits (card since 2014). No checksum.
    Synthetic example: ``C12345678``.
    """

    entity = "hk_macao_travel_permit"
    shapes = ("alpha1:8", "alpha2:7")
    forms = (("C", None, 8), ("C", _NOT_IO, 7))
    field_names = ("港澳通行证", "往来港澳通行证")


class HomeReturnPermit(_LetterDigits):
    """Mainland Travel Permit for Hong Kong and Macao Residents (港澳居民来往内地通行证, 回乡证).

    Legal basis: 港澳居民来往内地通行证 rules of the National Immigration Administration. PIPL Art. 28
    specific identity. Format: ``H`` (Hong Kong) or ``M`` (Macao) + 8 digits (card) or + 10 digits
    (first generation). No checksum. Synthetic examples: ``H32031177``, ``M3203117707``.
    """

    entity = "home_return_permit"
    shapes = ("alpha1:8", "alpha1:10")
    forms = (("HM", None, 8), ("HM", None, 10))
    field_names = ("回乡证", "港澳居民来往内地通行证")


class TaiwanTravelPermit(_LetterDigits):
    """Travel Permit for Mainland Residents to and from Taiwan (大陆居民往来台湾通行证).

    Legal basis: 中国公民往来台湾地区管理办法 (National Immigration Administration). PIPL Art. 28
    specific identity. Format: ``L`` + 8 digits. No checksum. Synthetic example: ``L12345678``.
    """

    entity = "taiwan_travel_permit"
    shapes = ("alpha1:8",)
    forms = (("L", None, 8),)
    field_names = ("赴台通行证", "大陆居民往来台湾通行证")


class TaiwanCompatriotPermit(TokenRecognizer):
    """Mainland Travel Permit for Taiwan Residents (台湾居民来往大陆通行证, 台胞证).

    Legal basis: 中国公民往来台湾地区管理办法 (National Immigration Administration). PIPL Art. 28
    specific identity. Format: 8 digits (card since 2015) or 10 digits (older booklets). Bare
    digit strings are everywhere, so a context word (台胞证, 台湾居民来往大陆通行证, MTP) must
    precede it within 24 bytes. No checksum. Synthetic example: ``台胞证 12345678``.
    """

    entity = "taiwan_compatriot_permit"
    category = Category.SPECIFIC_IDENTITY
    legal_basis = _LEGAL
    rank = 90
    priority = 30
    mask_keep = (2, 2)
    shapes = ("run:8", "run:10")
    requires_context = ("taiwan_permit",)
    kernel_check = "digits_not_date"
    kernel_normal_form = "as_is"
    field_names = ("台胞证", "台胞证号", "台湾居民来往大陆通行证")

    def validate(self, value: str, on: dt.date) -> Validation:
        ok = value.isdigit() and len(value) in (8, 10) and not _looks_like_date(value)
        return Validation.VALID if ok else Validation.INVALID
