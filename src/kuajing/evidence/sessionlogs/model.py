"""The records every session-log parser yields, and the per-file bookkeeping beside them.

A parser turns one file into a stream of ``Record`` objects (one per log line that carries a
time, or per client row of a status snapshot). It never holds the file in memory. Lines it
cannot read are counted in ``SourceStats`` with a few sample locations, never silently dropped;
a file that is not of the format at all raises ``InputError`` pointing at the spot.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from ...errors import InputError, Location

__all__ = ["EventKind", "Record", "SourceStats", "SkipSample", "normalize_address", "MAX_SAMPLES"]

#: How many sample locations of skipped lines or anomalies a report keeps.
MAX_SAMPLES = 5


class EventKind(str, Enum):
    """What a record says happened."""

    connect = "connect"  # a session started (one session)
    disconnect = "disconnect"  # a session ended
    auth_fail = "auth_fail"  # a failed login or handshake
    activity = "activity"  # any other line that proves the logger was running
    snapshot = "snapshot"  # the time a status file was written


class Record:
    """One timed event from a log. ``time`` is naive: as written in the log, or UTC if it had a zone."""

    __slots__ = ("time", "kind", "account", "address", "file", "line", "column")

    def __init__(self, time: dt.datetime, kind: EventKind, account: str | None,
                 address: str | None, file: str, line: int, column: int = 1) -> None:
        self.time = time
        self.kind = kind
        self.account = account
        self.address = address
        self.file = file
        self.line = line
        self.column = column

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return (f"Record({self.time.isoformat()}, {self.kind.value}, {self.account!r}, "
                f"{self.address!r}, {self.where()})")


@dataclass(frozen=True)
class SkipSample:
    line: int
    column: int | None
    reason: str


@dataclass
class SourceStats:
    """What one parser saw in one file: counts, skipped lines, notes for the report."""

    file: str
    kind: str
    lines: int = 0
    records: int = 0
    skipped: int = 0
    ignored: int = 0  # comments and lines of other programs in a shared syslog
    comments: int = 0  # of which comment lines ('#')
    samples: list[SkipSample] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    year_inferred: dict | None = None

    def skip(self, line: int, column: int | None, reason: str) -> None:
        """Count a line that could not be read; keep the first few locations."""
        self.skipped += 1
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(SkipSample(line, column, reason))

    def comment(self) -> None:
        """Count a comment line (ignored, but no sign that the file is of the format)."""
        self.ignored += 1
        self.comments += 1

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def fail_if_nothing_read(self, what: str) -> None:
        """A file with lines but not one readable record is not of this format: a pointed error.

        Lines of other programs in a shared syslog show the file is a syslog (one where the VPN
        wrote nothing is no error); comment lines show nothing."""
        if self.records == 0 and self.skipped > 0 and self.ignored == self.comments:
            first = self.samples[0]
            raise InputError(
                f"no line of this file could be read as {what}",
                location=Location(self.file, first.line, first.column),
                expected=what, found=first.reason,
                hint="check the file, or name its format with --kind",
            )

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "kind": self.kind,
            "lines": self.lines,
            "records": self.records,
            "skipped": self.skipped,
            "ignored": self.ignored,
            "skipped_samples": [
                {"line": s.line, "column": s.column, "reason": s.reason} for s in self.samples
            ],
            "year_inferred": self.year_inferred,
            "notes": list(self.notes),
        }


_IPV4_PORT = re.compile(r"((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})"
                        r"(?::\d{1,5})?")


def normalize_address(text: str | None) -> str | None:
    """The IP address of a peer, without port, ``[AF_INET]`` tag or IPv4-mapped prefix.

    ``1.2.3.4:5678`` → ``1.2.3.4``; ``::ffff:1.1.1.1`` → ``1.1.1.1``; ``[2001:db8::1]:443`` →
    ``2001:db8::1``. Anything that is not an address (a phone number in a RADIUS
    Calling-Station-Id, a MAC) is returned stripped, so it still distinguishes peers.
    """
    if not text:
        return None
    m = _IPV4_PORT.fullmatch(text)
    if m is not None:  # the common case, without the cost of the ipaddress module
        return m.group(1)
    return _normalize(text)


@lru_cache(maxsize=1 << 14)
def _normalize(text: str) -> str | None:
    text = text.strip().strip('"')
    if text.startswith("[AF_INET"):
        end = text.find("]")
        text = text[end + 1:] if end >= 0 else text
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            text = text[1:end]
    if text.lower().startswith(("udp4:", "tcp4:", "udp6:", "tcp6:", "udp:", "tcp:")):
        text = text.split(":", 1)[1]
    if not text:
        return None
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        host, sep, port = text.rpartition(":")
        if sep and port.isdigit() and host:
            try:
                ip = ipaddress.ip_address(host)
            except ValueError:
                return text
        else:
            return text
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)
