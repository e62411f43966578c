"""Shared helpers of the parsers: opening files, reading times, and inferring syslog years.

BSD syslog lines (``Apr 25 10:57:30 host prog[pid]: ...``) carry no year. The year is inferred
per file and the report says so: the last timed line of the file is taken to be no later than
the as-of date (plus one day of slack), and each wrap from December to January while reading
forwards moves to the next year. A file is assumed to span less than a year.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import re
from pathlib import Path
from typing import IO, Iterator

from ...errors import InputError, Location

__all__ = [
    "MONTHS",
    "open_text",
    "iter_lines",
    "parse_iso",
    "parse_ctime",
    "YearInference",
    "infer_years",
    "BSD_PREFIX",
    "unquoted",
]

MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}

#: The start of a BSD syslog line: month, day, time (optional fraction), then a space.
BSD_PREFIX = re.compile(r"([A-Z][a-z]{2}) ([ \d]?\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? ")

_HEAD_BYTES = 256 * 1024
_TAIL_BYTES = 256 * 1024
_MAX_LINE = 1 << 20


def open_text(path: str | Path) -> IO[str]:
    """Open a log for reading as text (``.gz`` transparently); a missing file is an InputError."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("this is a directory, not a log file", location=Location(str(p)),
                             hint="name the log files themselves, e.g. logs/*.log")
        if p.suffix == ".gz":
            return io.TextIOWrapper(gzip.open(p, "rb"), encoding="utf-8", errors="replace",
                                    newline="")
        return open(p, encoding="utf-8", errors="replace", newline="", buffering=1 << 20)
    except FileNotFoundError:
        raise InputError("log file not found", location=Location(str(p)),
                         hint="check the path") from None
    except PermissionError:
        raise InputError("log file cannot be read (permission denied)",
                         location=Location(str(p))) from None


def iter_lines(fh: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, text without the line end) for each line; decoding errors become U+FFFD."""
    lineno = 0
    try:
        for lineno, line in enumerate(fh, 1):
            yield lineno, line.rstrip("\r\n")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        name = getattr(fh, "name", None) or getattr(getattr(fh, "buffer", None), "name", "?")
        raise InputError(f"the file could not be read to the end: {exc}",
                         location=Location(str(name), lineno + 1)) from None


def parse_iso(text: str) -> dt.datetime | None:
    """An ISO 8601 date-time (``T`` or space; optional zone); aware times become naive UTC."""
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return t


_CTIME = re.compile(r"(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})$")


def parse_ctime(text: str) -> dt.datetime | None:
    """``Thu Mar 16 17:09:03 2017`` (as written by OpenVPN and FreeRADIUS), or None."""
    m = _CTIME.match(text.strip())
    if not m:
        return None
    month = MONTHS.get(m.group(1))
    if month is None:
        return None
    try:
        return dt.datetime(int(m.group(6)), month, int(m.group(2)), int(m.group(3)),
                           int(m.group(4)), int(m.group(5)))
    except ValueError:
        return None


class YearInference:
    """Gives the year of each year-less line while reading a file forwards."""

    def __init__(self, first_year: int) -> None:
        self.first_year = first_year
        self.year = first_year
        self.prev_month: int | None = None
        self.rollovers = 0

    def year_for(self, month: int) -> int:
        prev = self.prev_month
        if prev is not None:
            if month < prev - 6:  # December → January: a new year
                self.year += 1
                self.rollovers += 1
            elif month > prev + 6:  # a late line from before the new year
                return self.year - 1
        self.prev_month = month
        return self.year

    def describe(self) -> dict:
        last = self.year
        years = str(self.first_year) if last == self.first_year else f"{self.first_year}–{last}"
        return {
            "first_year": self.first_year,
            "last_year": last,
            "note": f"syslog lines carry no year: inferred {years}, taking the last line of the file "
                    "to be no later than the as-of date",
        }


def _bsd_key(line: str) -> tuple[int, int, str] | None:
    m = BSD_PREFIX.match(line)
    if not m:
        return None
    month = MONTHS.get(m.group(1))
    if month is None:
        return None
    return month, int(m.group(2)), f"{m.group(3)}{m.group(4)}{m.group(5)}"


def infer_years(path: str | Path, as_of: dt.date) -> YearInference | None:
    """Anchor the year of a BSD-syslog file on its last timed line; None if it has no such line."""
    p = Path(path)
    first = last = None
    if p.suffix == ".gz":
        with open_text(p) as fh:
            head = fh.read(_HEAD_BYTES)
        tail = head
    else:
        size = os.path.getsize(p)
        with open(p, "rb") as fb:
            head = fb.read(_HEAD_BYTES).decode("utf-8", "replace")
            fb.seek(max(0, size - _TAIL_BYTES))
            tail = fb.read(_TAIL_BYTES).decode("utf-8", "replace")
    for line in head.splitlines():
        first = _bsd_key(line)
        if first:
            break
    for line in reversed(tail.splitlines()):
        last = _bsd_key(line)
        if last:
            break
    if first is None or last is None:
        return None
    limit = as_of + dt.timedelta(days=1)
    last_year = as_of.year
    try:
        if dt.date(last_year, last[0], last[1]) > limit:
            last_year -= 1
    except ValueError:  # 29 February in a year that has none: the previous leap year is far; keep
        last_year -= 1
    first_year = last_year - 1 if first > last else last_year
    return YearInference(first_year)


def bsd_time(m: re.Match, years: YearInference | None, fallback_year: int) -> dt.datetime | None:
    """The datetime of a BSD_PREFIX match, with the inferred year; None if not a real date."""
    month = MONTHS.get(m.group(1))
    if month is None:
        return None
    year = years.year_for(month) if years is not None else fallback_year
    try:
        return dt.datetime(year, month, int(m.group(2)), int(m.group(3)), int(m.group(4)),
                           int(m.group(5)))
    except ValueError:
        return None


def too_long(line: str) -> bool:
    return len(line) > _MAX_LINE


def unquoted(text: str) -> str:
    """What an error says it found in a log's data, without quoting it: session lines and cells
    hold accounts and addresses (personal information), so only their size is shown."""
    return f"{len(text)} characters (not shown: log data may hold personal information)"
