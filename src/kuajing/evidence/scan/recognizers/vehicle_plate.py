"""Motor-vehicle number plates."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Category, Validation
from .base import PatternRecognizer

__all__ = ["VehiclePlate"]

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_ANCHOR = ("(?:" + "|".join(PROVINCES) + ")[A-HJ-NP-Z]").encode("utf-8")
_LETTERS = "A-HJ-NP-Z"
_PLATE = re.compile(
    "[{p}][{L}](?:[DF][{L}0-9][0-9]{{4}}|[0-9]{{5}}[DF]|[{L}0-9]{{4}}[{L}0-9挂学警港澳])".format(
        p=PROVINCES, L=_LETTERS))


class VehiclePlate(PatternRecognizer):
    """Motor-vehicle number plate (机动车号牌), e.g. ``粤B12345``, new-energy ``粤BD12345``.

    Legal basis: Road Traffic Safety Law (道路交通安全法) Art. 8–11; format GA 36-2018 (Ministry of
    Public Security). PIPL: personal information (linked to the registered keeper).
    Format: province abbreviation, issuing-authority letter (not I/O), then 5 letters/digits
    (last may be 挂 学 警 港 澳), or 6 for new-energy plates (D/F first or last). No checksum.
    Synthetic examples: ``京A12345``, ``粤BD12345``, ``沪A1234学``.
    """

    entity = "vehicle_plate"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "道路交通安全法 Art. 8; GA 36-2018 (Ministry of Public Security)"
    rank = 20
    priority = 30
    mask_keep = (2, 1)
    patterns = (_ANCHOR,)
    field_names = ("plate", "plate_no", "license_plate", "车牌", "车牌号", "车牌号码")

    def extract(self, data: bytes, start: int, end: int) -> tuple[int, int] | None:
        s = end - 4
        text = data[s:s + 40].decode("utf-8", "ignore")
        m = _PLATE.match(text)
        if not m:
            return None
        after = text[m.end():m.end() + 1]
        if after and (after.isascii() and after.isalnum()):
            return None
        return s, s + len(m.group(0).encode("utf-8"))

    def validate(self, value: str, on: dt.date) -> Validation:
        return Validation.VALID if _PLATE.fullmatch(value) else Validation.INVALID
