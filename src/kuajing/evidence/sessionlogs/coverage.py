"""What the logs cover: earliest and latest record, gaps, and the span against the retention period.

Gap detection keeps bounded state and works on unsorted input too: records are gathered into
runs (time intervals in which no two neighbouring records are further apart than the gap
threshold); a record close to the current run extends it, a far one opens a new run, and runs are
merged when there are many. At the end the merged runs are the covered periods and the spaces
between them are the gaps. Memory grows with the number of true gaps, not with the log.

Months are calendar months: the retention cut-off is the as-of date minus N months (the day
clamped to the month's end, so 31 August minus 6 months is 28 or 29 February).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Record

__all__ = ["Coverage", "Gap", "minus_months", "months_between", "parse_duration", "format_duration"]

_COMPACT_AT = 4096


def minus_months(day: dt.date, months: int) -> dt.date:
    """``day`` minus ``months`` calendar months, the day clamped to the end of the month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to ``end`` (whole months, plus the fraction of the next)."""
    if end <= start:
        return 0.0
    whole = (end.year - start.year) * 12 + (end.month - start.month)
    while whole > 0 and minus_months(end, whole) < start:
        whole -= 1
    while minus_months(end, whole + 1) >= start:
        whole += 1
    lo = minus_months(end, whole + 1)
    hi = minus_months(end, whole)
    frac = (hi - start).days / max(1, (hi - lo).days)
    return round(whole + frac, 2)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> dt.timedelta:
    """``24h``, ``90m``, ``2d``, ``1w``, ``3600s`` (or bare seconds) → timedelta; ValueError if not."""
    text = text.strip().lower()
    if not text:
        raise ValueError("empty duration")
    unit = text[-1]
    if unit.isdigit():
        number, unit = text, "s"
    else:
        number = text[:-1]
    if unit not in _UNITS:
        raise ValueError(f"unknown unit '{unit}'")
    value = float(number)
    if not value > 0 or value != value or value == float("inf"):
        raise ValueError("a duration must be positive")
    return dt.timedelta(seconds=value * _UNITS[unit])


def format_duration(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m" if minutes else f"{seconds}s"


@dataclass
class Gap:
    start: Record  # the last record before the gap
    end: Record  # the first record after it

    @property
    def length(self) -> dt.timedelta:
        return self.end.time - self.start.time


class _Run:
    __slots__ = ("lo", "hi")

    def __init__(self, rec: Record) -> None:
        self.lo = rec
        self.hi = rec


class Coverage:
    """Running earliest/latest and gap runs over every usable record of every source."""

    def __init__(self, gap: dt.timedelta) -> None:
        self.gap = gap
        self.records = 0
        self.runs: list[_Run] = []
        self._cur: _Run | None = None

    def add(self, rec: Record) -> None:
        self.records += 1
        t = rec.time
        cur = self._cur
        if cur is not None:
            hi = cur.hi.time
            if hi <= t:
                if t - hi <= self.gap:
                    cur.hi = rec
                    return
            elif t >= cur.lo.time:
                return
            elif cur.lo.time - t <= self.gap:
                cur.lo = rec
                return
        run = _Run(rec)
        self.runs.append(run)
        self._cur = run
        if len(self.runs) > _COMPACT_AT:
            self._compact()

    def _compact(self) -> None:
        runs = sorted(self.runs, key=lambda r: r.lo.time)
        merged: list[_Run] = []
        for r in runs:
            if merged and r.lo.time - merged[-1].hi.time <= self.gap:
                if r.hi.time > merged[-1].hi.time:
                    merged[-1].hi = r.hi
            else:
                merged.append(r)
        self.runs = merged
        self._cur = merged[-1] if merged else None

    # -- results --------------------------------------------------------------------------------
    def periods(self) -> list[_Run]:
        self._compact()
        return self.runs

    @property
    def earliest(self) -> Record | None:
        runs = self.periods()
        return runs[0].lo if runs else None

    @property
    def latest(self) -> Record | None:
        runs = self.periods()
        return runs[-1].hi if runs else None

    def gaps(self) -> list[Gap]:
        runs = self.periods()
        return [Gap(a.hi, b.lo) for a, b in zip(runs, runs[1:])]
