"""Mainland mobile and fixed-line telephone numbers."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..checksums import digits_matrix
from ..model import Category, Validation
from ..tokens import parse_whole_landline
from .base import TokenRecognizer

__all__ = ["MobileNumber", "Landline", "MOBILE_PREFIXES", "segment_allocated"]

#: Three-digit number segments allocated by MIIT for 11-digit public mobile service (carriers,
#: MVNOs, data-only 145/147/149). 140–144 and 146/148 head 13-digit IoT numbers, not persons;
#: 154, 161, 164 and 172 are reserved.
MOBILE_PREFIXES = frozenset(
    list(range(130, 140)) + [145, 147, 149] + [150, 151, 152, 153, 155, 156, 157, 158, 159]
    + [162, 165, 166, 167] + [170, 171] + list(range(173, 179)) + list(range(180, 190))
    + list(range(190, 200))
)
#: Inside 174 only some five-digit segments are allocated: 17400–17405 (Tiantong satellite
#: service), 17406–17412 (MIIT emergency communication) and 1749x (Inmarsat); 17413–17489 are
#: reserved and head no subscriber's number.
NARROWED_SEGMENTS = {174: frozenset(list(range(17400, 17413)) + list(range(17490, 17500)))}
#: Index: the first five national digits; true where the number's segment is allocated.
_SEGMENT_TABLE = np.zeros(100_000, dtype=bool)
for _p in MOBILE_PREFIXES:
    _SEGMENT_TABLE[_p * 100:(_p + 1) * 100] = True
for _p, _allowed in NARROWED_SEGMENTS.items():
    _SEGMENT_TABLE[_p * 100:(_p + 1) * 100] = False
    _SEGMENT_TABLE[sorted(_allowed)] = True


def segment_allocated(national: str) -> bool:
    """The 11-digit national number ``national`` starts with an allocated segment (three digits,
    or five inside the narrowed ``NARROWED_SEGMENTS``)."""
    return len(national) >= 5 and national[:5].isdigit() and bool(_SEGMENT_TABLE[int(national[:5])])




def _digits(raw: str) -> str:
    return raw if raw.isdigit() else "".join(ch for ch in raw if ch.isdigit())


class MobileNumber(TokenRecognizer):
    """Mainland China mobile number (手机号码), 11 digits, optionally ``+86``/``0086``-prefixed.

    Legal basis: Telecommunications Regulations (电信条例) and MIIT numbering plan (电信网编号计划,
    issued by the Ministry of Industry and Information Technology); real-name registration under the
    Cybersecurity Law Art. 24 makes the number identify one person. PIPL: personal information.
    Format: 1, a second digit 3–9, then 9 digits; the segment must be allocated (three digits,
    ``MOBILE_PREFIXES``; inside 174 five digits, ``NARROWED_SEGMENTS``). Spaces or dashes in 3-4-4 grouping are accepted, also after ``+86`` or
    ``0086``. A currency unit glued to the end of the number (``营业收入13812345678元``, ``…万元``,
    ``…CNY``) makes it an amount, not a mobile. No checksum.
    Synthetic examples: ``13812345678``, ``+86 138-1234-5678``, ``008613812345678``,
    ``0086 138 1234 5678``.
    """

    entity = "cn_mobile"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "电信条例; MIIT 电信网编号计划; CSL Art. 24 (real-name registration)"
    rank = 60
    priority = 60
    mask_keep = (3, 4)
    shapes = ("run:11", "grp:3-4-4", "run:86+11", "run:0086+11", "grp:86-3-4-4", "grp:0086-3-4-4",
              "grp:86-11")
    kernel_check = "mobile"
    kernel_normal_form = "mobile_national"
    negative_after = ("amount",)
    field_names = ("mobile", "phone", "cellphone", "mobile_phone", "tel", "telephone", "手机",
                   "手机号", "手机号码", "电话", "联系电话", "联系方式")

    def normalize(self, raw: str) -> str:
        d = _digits(raw)
        if len(d) == 15 and d.startswith("0086"):
            d = d[4:]
        elif len(d) == 13 and d.startswith("86"):
            d = d[2:]
        return d

    def validate(self, value: str, on: dt.date) -> Validation:
        d = self.normalize(value)
        ok = len(d) == 11 and d[0] == "1" and segment_allocated(d)
        return Validation.VALID if ok else Validation.INVALID

    def kernel_table(self) -> np.ndarray:
        """The allocated segments as a 100,000-entry table (index: the first five digits)."""
        return _SEGMENT_TABLE

    def validate_batch(self, a, starts, ends, on):
        if not len(starts):
            return np.zeros(0, dtype=bool)
        # the 11 national digits end at the span's end and contain no separator only for plain
        # runs; grouped forms go through the scalar check (they are rare)
        plain = (ends - starts == 11)
        out = np.zeros(len(starts), dtype=bool)
        if plain.any():
            d = digits_matrix(a, starts[plain], 5)
            out[plain] = _SEGMENT_TABLE[d[:, 0] * 10000 + d[:, 1] * 1000 + d[:, 2] * 100 + d[:, 3] * 10 + d[:, 4]]
        rest = np.flatnonzero(~plain)
        if len(rest):
            out[rest] = super().validate_batch(a, starts[rest], ends[rest], on)
        return out


class Landline(TokenRecognizer):
    """Fixed-line telephone number with its area code (固定电话), e.g. ``010-12345678``.

    Legal basis: MIIT numbering plan (电信网编号计划). PIPL: personal information when it reaches a
    person (a home line). Format (grammar: ``tokens.parse_landline``): trunk prefix 0 and a 2- or
    3-digit area code (010, 02X, 0XXX), bare or in parentheses, then a 7- or 8-digit local number
    not starting with 0 or 1, in one group or in groups of 3–4 and 4, optional extension: ``-``
    and 1–4 digits, or ``转``/``分机`` and 1–6 digits (part of the value; other digits after the
    word are not an extension and the number ends before it); the area code must be separated by
    a dash, a space or parentheses (bare digit strings are too ambiguous). In international form:
    ``+86``, ``(+86)`` or ``0086``, the area code (bare, after ``(0)``, in parentheses, or with its
    trunk 0) and the same local number and extensions, counted as the national form
    (``+86 (0)10 6234 5678`` is ``01062345678``). A time or date right after the number (``10:30``,
    ``2024-01-01``) does not make it longer; a further group of four or more digits does.
    No checksum. Synthetic examples: ``010-62345678``, ``(0755) 2345678``, ``010 6234 5678``, ``021-52345678-123``,
    ``010-62345678转8001``, ``0755-2345678分机123``, ``+86 10 6234 5678``, ``+86-755-23456789``,
    ``0086 (0)21 5234 5678-801``.
    """

    entity = "cn_landline"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "MIIT 电信网编号计划"
    rank = 30
    priority = 50
    mask_keep = (3, 2)
    shapes = ("landline", "landline86")
    kernel_check = "landline"
    kernel_normal_form = "landline_national"

    def normalize(self, raw: str) -> str:
        """Digits of the national form: ``+86``/``0086`` dropped, the trunk 0 added when missing;
        an extension after a dash, so that ``0755-2345678-9`` (a 7-digit number, extension 9) is
        not ``0755-23456789`` (an 8-digit number)."""
        d = _digits(raw)
        if d.startswith(("0086", "86")):
            d = d[4:] if d.startswith("0086") else d[2:]
            d = d if d.startswith("0") else "0" + d
        end, _, area, local = parse_whole_landline(raw)
        body = 1 + area + local
        if end > 0 and len(d) > body:
            return d[:body] + "-" + d[body:]
        return d

    def validate(self, value: str, on: dt.date) -> Validation:
        """One landline by the grammar of ``tokens.parse_landline`` (``parse_whole_landline``:
        international form, else national), its area code and local number fitting the national rules: 10 or 2X with 8
        digits, or a 3-digit code starting with 3–9 with 7–8 digits."""
        end, area_at, area, local = parse_whole_landline(value)
        if end < 0:
            return Validation.INVALID
        code = value.encode("utf-8")[area_at - 1:area_at - 1 + area].decode()
        if area == 2:
            ok = (code == "10" or code[0] == "2") and local == 8
        else:
            ok = area == 3 and code[0] in "3456789" and local in (7, 8)
        return Validation.VALID if ok else Validation.INVALID
