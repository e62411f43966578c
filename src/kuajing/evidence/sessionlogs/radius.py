"""FreeRADIUS ``detail`` files: accounting (and authentication) records written by the server.

A record is a header line with the time it was written (``Tue Sep 13 16:24:27 2011``), then one
indented ``Attribute = value`` line per attribute, then a blank line. What a record says:

* ``Acct-Status-Type = Start`` → a session starts, ``Stop`` → it ends, ``Interim-Update`` →
  activity, ``Accounting-On``/``-Off`` → the NAS restarted (activity without an account);
* ``Packet-Type = Access-Reject`` → a failed login; other records → activity.

The account is ``User-Name``; the address is ``Calling-Station-Id`` (the peer, as VPN servers
send it), else ``Framed-IP-Address``. The record's time is the header time. When the record's
``Timestamp`` attribute (seconds since 1970, UTC) differs from the header by more than any time
zone offset (14 hours) plus the tolerance, the two clocks disagree: reported as a clock anomaly.

A header that is not a time skips its whole record; an attribute line without ``=`` is skipped;
both are counted with their line and column.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator

from ._context import ParseContext
from ._text import iter_lines, open_text, parse_ctime
from .model import EventKind, Record, SourceStats, normalize_address

__all__ = ["parse_radius"]

_STATUS = {
    "start": EventKind.connect,
    "stop": EventKind.disconnect,
    "interim-update": EventKind.activity,
    "alive": EventKind.activity,
    "accounting-on": EventKind.activity,
    "accounting-off": EventKind.activity,
}
_ZONE_SLACK = dt.timedelta(hours=14)
_EPOCH = dt.datetime(1970, 1, 1)
_MAX_ATTRS = 512


def _value(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
    return text


def parse_radius(path: str | Path, stats: SourceStats, ctx: ParseContext) -> Iterator[Record]:
    file = str(path)
    header: tuple[int, dt.datetime] | None = None
    attrs: dict[str, tuple[str, int, int]] = {}
    bad_record = False
    with open_text(path) as fh:
        for lineno, line in iter_lines(fh):
            stats.lines += 1
            if not line.strip():
                if header is not None:
                    yield from _emit(file, header, attrs, stats, ctx)
                header, attrs, bad_record = None, {}, False
                continue
            if line[0] in " \t":
                if bad_record:
                    continue
                if header is None:
                    stats.skip(lineno, 1, "an attribute line outside a record (no header time "
                               "before it)")
                    continue
                name, sep, value = line.strip().partition("=")
                if not sep or not name.strip():
                    stats.skip(lineno, len(line) - len(line.lstrip()) + 1,
                               "an attribute line without 'Name = value'")
                    continue
                if len(attrs) < _MAX_ATTRS:
                    col = len(line) - len(line.lstrip()) + 1
                    attrs.setdefault(name.strip(), (_value(value), lineno, col))
                continue
            # a header line: flush the previous record (files without blank lines between)
            if header is not None:
                yield from _emit(file, header, attrs, stats, ctx)
            attrs, bad_record = {}, False
            t = parse_ctime(line)
            if t is None:
                header = None
                bad_record = True
                stats.skip(lineno, 1, "a record header that is not a time such as "
                           "'Tue Sep 13 16:24:27 2011'")
                continue
            header = (lineno, t)
        if header is not None:
            yield from _emit(file, header, attrs, stats, ctx)
    stats.fail_if_nothing_read("a FreeRADIUS detail record")


def _emit(file: str, header: tuple[int, dt.datetime], attrs: dict, stats: SourceStats,
          ctx: ParseContext) -> Iterator[Record]:
    lineno, t = header
    status = attrs.get("Acct-Status-Type")
    if status is not None:
        kind = _STATUS.get(status[0].lower(), EventKind.activity)
    elif attrs.get("Packet-Type", ("",))[0] == "Access-Reject":
        kind = EventKind.auth_fail
    else:
        kind = EventKind.activity
    user = attrs.get("User-Name")
    account = user[0].strip() or None if user else None
    if status is not None and status[0].lower() in ("accounting-on", "accounting-off"):
        account = None
    peer = attrs.get("Calling-Station-Id") or attrs.get("Framed-IP-Address")
    address = normalize_address(peer[0]) if peer else None
    stamp = attrs.get("Timestamp")
    if stamp is not None:
        try:
            written = _EPOCH + dt.timedelta(seconds=int(stamp[0]))
        except (ValueError, OverflowError):
            stats.skip(stamp[1], stamp[2], "a Timestamp attribute that is not a number")
        else:
            if abs(written - t) > _ZONE_SLACK + ctx.tolerance:
                ctx.clock("disagreeing", file, stamp[1], stamp[2], t,
                          f"header time {t.isoformat(sep=' ')} but Timestamp attribute "
                          f"{written.isoformat(sep=' ')} UTC")
    stats.records += 1
    yield Record(t, kind, account, address, file, lineno, 1)
