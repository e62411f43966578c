"""What every parser receives besides the file: the as-of date and a few shared, bounded stores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["ParseContext"]


@dataclass
class ParseContext:
    """Options and shared state of one audit, handed to each parser.

    ``report_clock`` lets a parser report a clock disagreement it sees inside one record (the
    header time of a RADIUS record against its ``Timestamp`` attribute). ``status_seen`` holds the
    sessions already counted from OpenVPN status snapshots, so the same client in two snapshots
    is one session.
    """

    as_of: dt.date
    tolerance: dt.timedelta = dt.timedelta(minutes=5)
    mapping: Any = None  # tabular.Mapping
    time_format: str | None = None
    report_clock: Callable[..., None] | None = None
    status_seen: set = field(default_factory=set)

    def clock(self, category: str, file: str, line: int, column: int, time: dt.datetime,
              detail: str) -> None:
        if self.report_clock is not None:
            self.report_clock(category, file, line, column, time, detail)
