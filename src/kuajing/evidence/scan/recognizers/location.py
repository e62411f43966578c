"""Precise locations."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Category, Validation
from .base import PatternRecognizer, TokenRecognizer

__all__ = ["Coordinates", "LabelledCoordinates"]

_PAIR = re.compile(r"(-?\d{1,3}\.(\d{4,}))\s?[,，]\s?(-?\d{1,3}\.(\d{4,}))")


class _Whereabouts:
    """What both coordinate recognizers are: a precise location, whereabouts under PIPL Art. 28,
    not an identifier of a person (rank 0: never a record's anchor)."""

    entity = "precise_location"
    category = Category.WHEREABOUTS
    legal_basis = "PIPL Art. 28 (行踪轨迹); GB/T 35273-2020 Annex B"
    rank = 0
    priority = 20
    mask_keep = (0, 0)


class Coordinates(_Whereabouts, TokenRecognizer):
    """Precise geographic coordinates (精确位置): a latitude/longitude pair.

    Legal basis: PIPL Art. 28 lists whereabouts (行踪轨迹) as sensitive personal information;
    GB/T 35273-2020 Annex B counts precise positioning information. Format: two decimal degrees
    separated by a comma, each with at least 5 decimal places (about a metre; exchange rates and
    prices stop at 4), one within ±90 and the other within ±180, in either order. No checksum.
    Synthetic example: ``39.904211,116.407395``.
    """

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


_DEGREES = rb"(-?\d{1,3}\.\d{5,})"
#: after a latitude label: the latitude, then (a few separators away) a longitude label and value
_AFTER_LAT = re.compile(rb'\s?"?' + _DEGREES + rb'"?(?:\s|,|\xef\xbc\x8c|;|\xef\xbc\x9b|&){0,3}"?'
                        rb'(?:longitude|long|lon|lng|\xe7\xbb\x8f\xe5\xba\xa6)"?\s?(?::|=|\xef\xbc\x9a)\s?"?'
                        + _DEGREES, re.IGNORECASE)
_NUMBERS = re.compile(r"-?\d{1,3}\.\d{5,}")


class LabelledCoordinates(_Whereabouts, PatternRecognizer):
    """Precise coordinates written with labels (精确位置): ``lat=39.904211,lon=116.407395``,
    ``"lat": 22.543096, "lng": 114.057865``, ``纬度：39.904211 经度：116.407395``.

    Legal basis: as ``Coordinates``. Format: a latitude label (``lat``, ``latitude``, ``纬度``), a
    latitude within ±90, then within three separators a longitude label (``lon``, ``lng``,
    ``long``, ``longitude``, ``经度``) and a longitude within ±180, each with at least 5 decimal
    places (as ``Coordinates``). The value shown and masked is the pair. No checksum. In a table,
    latitude and longitude in two columns are not paired into one value: such columns are found by
    their names (``lat``, ``lng``, ``经度``…) as whereabouts (``context.Whereabouts``, the same
    PIPL category), one occurrence per filled cell.
    Synthetic example: ``lat=39.904211,lon=116.407395``.
    """

    caseless = True
    evidence = "label"
    patterns = (rb'\blat(?:itude)?"?\s?[:=]', "纬度\\s?(?::|：)".encode())

    def extract(self, data: bytes, start: int, end: int) -> tuple[int, int] | None:
        m = _AFTER_LAT.match(data, end, min(len(data), end + 96))
        return (m.start(1), m.end(2)) if m else None

    def _pair(self, value: str) -> tuple[float, float] | None:
        found = _NUMBERS.findall(value)
        if len(found) != 2:
            return None
        lat, lon = float(found[0]), float(found[-1])
        if abs(lat) > 90 or abs(lon) > 180 or (lat == 0 and lon == 0):
            return None
        return lat, lon

    def validate(self, value: str, on: dt.date) -> Validation:
        return Validation.VALID if self._pair(value) else Validation.INVALID

    def normalize(self, raw: str) -> str:
        found = _NUMBERS.findall(raw)
        return f"{found[0]},{found[-1]}" if len(found) == 2 else raw

    def mask(self, normalized: str) -> str:
        found = _NUMBERS.findall(normalized)
        if len(found) != 2:
            return "*"
        return f"{float(found[0]):.1f}*,{float(found[1]):.1f}*"
