"""Options shared by commands (dates, formats)."""

from __future__ import annotations

import datetime as dt

from ..errors import InputError

__all__ = ["parse_date"]


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} is not a date", path=option, expected="YYYY-MM-DD, e.g. 2026-03-01",
                         found=repr(value)) from None
