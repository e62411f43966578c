"""Precise locations."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Category, Validation
from .base import TokenRecognizer

__all__ = ["Coordinates"]

_PAIR = re.compile(r"(-?\d{1,3}\.(\d{4,}))\s?[,，]\s?(-?\d{1,3}\.(\d{4,}))")


class Coordinates(TokenRecognizer):
    """Precise geographic coordinates (精确位置): a latitude/longitude pair.

    Legal basis: PIPL Art. 28 lists whereabouts (行踪轨迹) as sensitive personal information;
    GB/T 35273-2020 Annex B counts precise positioning information. Format: two decimal degrees
    separated by a comma, each with at least 5 decimal places (about a metre; exchange rates and
    prices stop at 4), one within ±90 and the other within ±180, in either order. No checksum.
    Synthetic example: ``39.904211,116.407395``.
    """

    entity = "precise_location"
    category = Category.WHEREABOUTS
    legal_basis = "PIPL Art. 28 (行踪轨迹); GB/T 35273-2020 Annex B"
    rank = 0
    priority = 20
    mask_keep = (0, 0)
    shapes = ("coord",)
    field_names = ()

    def validate(self, value: str, on: dt.date) -> Validation:
        m = _PAIR.fullmatch(value)
        if not m or len(m.group(2)) < 5 or len(m.group(4)) < 5:
            return Validation.INVALID
        x, y = float(m.group(1)), float(m.group(3))
        ok = (abs(x) <= 90 and abs(y) <= 180) or (abs(x) <= 180 and abs(y) <= 90)
        return Validation.VALID if ok and not (x == 0 and y == 0) else Validation.INVALID

    def mask(self, normalized: str) -> str:
        m = _PAIR.fullmatch(normalized)
        if not m:
            return "*"
        return f"{float(m.group(1)):.1f}*,{float(m.group(3)):.1f}*"
