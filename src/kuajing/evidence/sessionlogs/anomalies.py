"""Clock anomalies: what makes the times in a log untrustworthy.

* ``backwards`` — within a file that should be in time order, a record earlier than the one before
  it by more than the tolerance (the file is not sorted, or the clock was set back);
* ``future`` — a record later than the day after the as-of date (a wrong clock, or a wrong
  as-of date); such records are left out of the coverage;
* ``implausible`` — a record before 2000 (a device whose clock was never set); left out too;
* ``disagreeing`` — two clocks disagree (a RADIUS header against its Timestamp attribute, an
  OpenVPN status row connected after the status file's own time);
* ``year_inferred`` — syslog lines without a year: the year was inferred, and the report says so.

Status files are snapshots whose rows are not in time order; they are not checked for
``backwards``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import MAX_SAMPLES, Record

__all__ = ["Clock", "AnomalyCount", "PLAUSIBLE_FROM"]

PLAUSIBLE_FROM = dt.datetime(2000, 1, 1)


@dataclass
class AnomalyCount:
    count: int = 0
    examples: list[dict] = field(default_factory=list)
    max_seconds: float = 0.0

    def add(self, file: str, line: int, column: int, time: dt.datetime, detail: str,
            seconds: float = 0.0) -> None:
        self.count += 1
        self.max_seconds = max(self.max_seconds, seconds)
        if len(self.examples) < MAX_SAMPLES:
            self.examples.append({"file": file, "line": line, "column": column,
                                  "time": time.isoformat(sep=" "), "detail": detail})

    def as_dict(self) -> dict:
        out = {"count": self.count, "examples": list(self.examples)}
        if self.max_seconds:
            out["max_seconds"] = round(self.max_seconds, 3)
        return out


class Clock:
    """Counts clock anomalies; ``usable`` says whether a record may count towards coverage."""

    CATEGORIES = ("backwards", "future", "implausible", "disagreeing")

    def __init__(self, as_of: dt.date, tolerance: dt.timedelta) -> None:
        self.as_of = as_of
        self.tolerance = tolerance
        self.future_after = dt.datetime.combine(as_of, dt.time()) + dt.timedelta(days=2)
        self.counts = {c: AnomalyCount() for c in self.CATEGORIES}
        self.year_inferred: list[dict] = []
        self.unsorted: list[str] = []
        self._last: dt.datetime | None = None
        self._ordered = False
        self._file_backwards = 0

    def begin(self, ordered: bool) -> None:
        self._last = None
        self._ordered = ordered
        self._file_backwards = 0

    def end(self, file: str, year_inferred: dict | None) -> None:
        if self._file_backwards:
            self.unsorted.append(file)
        if year_inferred:
            self.year_inferred.append({"file": file, **year_inferred})

    def report(self, category: str, file: str, line: int, column: int, time: dt.datetime,
               detail: str) -> None:
        self.counts[category].add(file, line, column, time, detail)

    def usable(self, rec: Record) -> bool:
        t = rec.time
        if t > self.future_after:
            self.counts["future"].add(rec.file, rec.line, rec.column, t,
                                      f"after the as-of date {self.as_of}")
            return False
        if t < PLAUSIBLE_FROM:
            self.counts["implausible"].add(rec.file, rec.line, rec.column, t,
                                           "before 2000: the clock was probably never set")
            return False
        if self._ordered:
            last = self._last
            if last is not None and last - t > self.tolerance:
                self._file_backwards += 1
                self.counts["backwards"].add(
                    rec.file, rec.line, rec.column, t,
                    f"{(last - t).total_seconds():.0f} s earlier than the record before it",
                    (last - t).total_seconds())
            self._last = t
        return True

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts.values())

    def as_dict(self) -> dict:
        out = {"tolerance_seconds": self.tolerance.total_seconds()}
        out.update({c: self.counts[c].as_dict() for c in self.CATEGORIES})
        out["unsorted_sources"] = list(self.unsorted)
        out["year_inferred"] = list(self.year_inferred)
        return out
