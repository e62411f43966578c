"""OpenVPN server logs and OpenVPN status files (``--status``, versions 1, 2 and 3).

Log lines are read in four framings: BSD syslog (``Apr 25 10:57:30 host ovpn-server[901]: …``,
no year: see ``_text``), RFC 3339 syslog (``2024-04-25T10:57:30+08:00 host openvpn[9]: …``),
OpenVPN's own ``--log`` file with a ctime stamp (``Tue Mar 21 10:39:14 2017 …``) and with the ISO
stamp of OpenVPN 2.5 and later (``2024-03-21 10:39:14 …``). In a shared syslog, lines of other
programs are counted as ignored. What a line says:

* ``[alice] Peer Connection Initiated with [AF_INET]1.2.3.4:5678`` → a session starts; the account
  is the username of a preceding ``authentication succeeded for username 'alice'`` from the same
  peer, else the common name;
* ``alice/1.2.3.4:5678 … client-instance exiting`` (or ``restarting``) → the session ends;
* ``AUTH_FAILED``, ``verification failed``, ``TLS Error`` … → a failed login;
* any other line → activity, with the account and address of its ``cn/ip:port`` prefix if any.

Status files are snapshots: the ``Updated``/``TIME`` line is a record, each client row is a
session that started at ``Connected Since`` and was active at the snapshot time, and each routing
row is activity at ``Last Ref``. A status file that breaks the format (wrong title, missing
header, a row with the wrong number of fields, a bad time, no ``END``) is an ``InputError`` at
the line and column; status files are written by OpenVPN, so a broken one is a broken file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterator

from ...errors import InputError, Location
from ._context import ParseContext
from ._text import (BSD_PREFIX, bsd_time, infer_years, iter_lines, open_text, parse_ctime, parse_iso,
                    unquoted)
from .model import EventKind, Record, SourceStats, normalize_address

__all__ = ["parse_openvpn_log", "parse_openvpn_status", "SYSLOG_REST", "RFC3339_PREFIX"]

#: After the syslog time: optional host, program, optional [pid], colon, message.
_PROG_ONLY = re.compile(r"([^\s\[:]+)(?:\[\d+\])?: ?(.*)$")
_HOST_PROG = re.compile(r"\S+ ([^\s\[:]+)(?:\[\d+\])?: ?(.*)$")
RFC3339_PREFIX = re.compile(
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) ")
_NATIVE_CTIME = re.compile(r"[A-Z][a-z]{2} ([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}) ")
_NATIVE_ISO = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.\d+)? ")

_OPENVPN_PROG = re.compile(r"(?i)(?:open)?vpn|ovpn")

_PREFIX = re.compile(r"(?:([^\s/\[\]]+)/)?((?:\[AF_INET6?\])?[0-9A-Fa-f.:]+:\d+) ")
_CONNECT = re.compile(r"(?:\[([^\]]*)\] )?Peer Connection Initiated with (\S+)")
_AUTH_OK = re.compile(r"authentication succeeded for username '([^']*)'")
_LEARN = re.compile(r"MULTI: Learn: \S+ -> ([^\s/]+)/(\S+)")
_FAIL = re.compile(
    r"AUTH_FAILED|verification failed|VERIFY ERROR|TLS Error|TLS Auth Error|"
    r"[Aa]uthentication failed|Incorrect password|bind failed")

_NO_ACCOUNT = {"UNDEF", ""}
_PENDING_MAX = 10_000
_CACHE_MAX = 8_192


def _account(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.strip()
    return None if name in _NO_ACCOUNT else name


def _strip_tag(addr: str) -> str:
    return addr[addr.index("]") + 1:] if addr.startswith("[AF_INET") and "]" in addr else addr


# -- log lines ------------------------------------------------------------------------------------

def split_syslog(line: str, years, fallback_year: int, cache: dict):
    """(time, program, message, message column) of a syslog line, or None if not one."""
    m = BSD_PREFIX.match(line)
    if m is not None:
        key = m.group(0)
        t = cache.get(key)
        if t is None:
            t = bsd_time(m, years, fallback_year)
            if t is None:
                return "bad-date"
            if len(cache) > _CACHE_MAX:
                cache.clear()
            cache[key] = t
        start = m.end()
    else:
        m = RFC3339_PREFIX.match(line)
        if m is None:
            return None
        t = parse_iso(m.group(1))
        if t is None:
            return "bad-date"
        start = m.end()
    rest = line[start:]
    pm = _PROG_ONLY.match(rest) or _HOST_PROG.match(rest)
    if pm is None:
        return None
    return t, pm.group(1), pm.group(2), start + pm.start(2) + 1


def parse_openvpn_log(path: str | Path, stats: SourceStats, ctx: ParseContext) -> Iterator[Record]:
    """Records of an OpenVPN server log (syslog or OpenVPN's own log file)."""
    file = str(path)
    years = infer_years(path, ctx.as_of)
    fallback_year = ctx.as_of.year
    cache: dict = {}
    pending: dict[str, str] = {}  # peer ip:port -> username; '@'+peer -> username of a session
    framing = None
    native_first = False
    with open_text(path) as fh:
        for lineno, line in iter_lines(fh):
            stats.lines += 1
            if not line or line[0] == "#" or not line.strip():
                if line[:1] == "#":
                    stats.comment()
                continue
            if native_first:
                parsed = _native(line)
                if parsed is None:
                    parsed = split_syslog(line, years, fallback_year, cache)
                    if parsed is not None and parsed != "bad-date":
                        native_first = False
            else:
                parsed = split_syslog(line, years, fallback_year, cache)
                if parsed is None:
                    parsed = _native(line)
                    if parsed is not None and parsed != "bad-date":
                        native_first = True
            if parsed is None:
                stats.skip(lineno, 1, "not an OpenVPN log line (no time stamp at the start)")
                continue
            if parsed == "bad-date":
                stats.skip(lineno, 1, "a time that is not a real date")
                continue
            t, prog, msg, col = parsed
            if prog is None:
                framing = framing or "openvpn --log"
            elif _OPENVPN_PROG.match(prog) is None:
                stats.ignored += 1
                continue
            else:
                framing = framing or "syslog"
            rec = _message(msg, t, file, lineno, col, pending)
            stats.records += 1
            yield rec
    if years is not None and framing == "syslog":
        stats.year_inferred = years.describe()
    if framing:
        stats.note(f"framing: {framing}")
    stats.fail_if_nothing_read("an OpenVPN log line")


def _native(line: str):
    """(time, None, message, column) of a line of OpenVPN's own log file, or None."""
    m = _NATIVE_ISO.match(line)
    if m is not None:
        t = parse_iso(m.group(1))
    else:
        m = _NATIVE_CTIME.match(line)
        if m is None:
            return None
        t = parse_ctime(m.group(1))
    if t is None:
        return "bad-date"
    return t, None, line[m.end():], m.end() + 1


def _message(msg: str, t: dt.datetime, file: str, lineno: int, col: int,
             pending: dict[str, str]) -> Record:
    account = address = None
    pm = _PREFIX.match(msg)
    if pm is not None:
        raw = _strip_tag(pm.group(2))
        account = pending.get("@" + raw) or _account(pm.group(1))
        address = normalize_address(raw)
        body = msg[pm.end():]
    else:
        raw = None
        body = msg
    if "Peer Connection Initiated" in body:
        cm = _CONNECT.search(body)
        if cm is not None:
            peer = _strip_tag(cm.group(2))
            user = _account(pending.pop(peer, None))
            account = user or _account(cm.group(1)) or account
            if user:  # later lines of this client carry the common name: read them as the user
                if len(pending) > _PENDING_MAX:
                    pending.clear()
                pending["@" + peer] = user
            address = normalize_address(peer) or address
            return Record(t, EventKind.connect, account, address, file, lineno, col)
    if "client-instance exiting" in body or "client-instance restarting" in body:
        if raw is not None:
            pending.pop("@" + raw, None)
        return Record(t, EventKind.disconnect, account, address, file, lineno, col)
    if "succeeded for username" in body:
        am = _AUTH_OK.search(body)
        if am is not None and raw is not None:
            if len(pending) > _PENDING_MAX:
                pending.clear()
            pending[raw] = am.group(1)
            return Record(t, EventKind.activity, _account(am.group(1)), address, file, lineno, col)
    if ("ail" in body or "AIL" in body or "rror" in body or "ERROR" in body
            or "ncorrect" in body) \
            and _FAIL.search(body) is not None:
        return Record(t, EventKind.auth_fail, account, address, file, lineno, col)
    if "MULTI: Learn" in body:
        lm = _LEARN.search(body)
        if lm is not None:
            account = _account(lm.group(1))
            address = normalize_address(_strip_tag(lm.group(2)))
    return Record(t, EventKind.activity, account, address, file, lineno, col)


# -- status files -----------------------------------------------------------------------------------

_V1_CLIENT_HEADER = ["Common Name", "Real Address", "Bytes Received", "Bytes Sent", "Connected Since"]
_V1_ROUTING_HEADER = ["Virtual Address", "Common Name", "Real Address", "Last Ref"]


def _columns(fields: list[str], sep: str) -> list[int]:
    cols, pos = [], 1
    for f in fields:
        cols.append(pos)
        pos += len(f) + len(sep)
    return cols


def _time(text: str) -> dt.datetime | None:
    return parse_ctime(text) or parse_iso(text.strip()) if text.strip() else None


def _bad(file: str, line: int, col: int, message: str, expected: str, found: str) -> InputError:
    return InputError(message, location=Location(file, line, col), expected=expected,
                      found=found[:120], hint="is this file complete and an OpenVPN --status file?")


def parse_openvpn_status(path: str | Path, stats: SourceStats,
                         ctx: ParseContext) -> Iterator[Record]:
    """Records of an OpenVPN status file; the version is read from the first line."""
    file = str(path)
    with open_text(path) as fh:
        lines = iter_lines(fh)
        first = None
        for lineno, line in lines:
            stats.lines += 1
            if line.strip():
                first = (lineno, line)
                break
        if first is None:
            stats.note("empty file")
            return
        lineno, line = first
        tag = re.match(r"(TITLE|TIME|HEADER)([,\t])", line)
        if tag is not None:
            sep = tag.group(2)
            stats.note(f"status version {'3' if sep == chr(9) else '2'}")
            yield from _status_v2(file, first, lines, sep, stats, ctx)
        elif line.strip() in ("OpenVPN CLIENT LIST", "OpenVPN STATISTICS"):
            stats.note("status version 1" if "CLIENT" in line else "client statistics (no sessions)")
            yield from _status_v1(file, first, lines, stats, ctx)
        else:
            raise _bad(file, lineno, 1, "not an OpenVPN status file",
                       "'OpenVPN CLIENT LIST', 'OpenVPN STATISTICS' or a TITLE/TIME/HEADER line",
                       line)


def _client(file: str, lineno: int, col: int, account: str | None, address_raw: str,
            since: dt.datetime, snapshot: dt.datetime | None, stats: SourceStats,
            ctx: ParseContext) -> Iterator[Record]:
    address = normalize_address(address_raw)
    if snapshot is not None and since - snapshot > ctx.tolerance:
        ctx.clock("disagreeing", file, lineno, col, since,
                  f"connected since {since.isoformat(sep=' ')}, after the status time "
                  f"{snapshot.isoformat(sep=' ')}")
    key = (account, address_raw, since)
    if key in ctx.status_seen:
        stats.note("the same session appears more than once; counted once")
    else:
        ctx.status_seen.add(key)
        stats.records += 1
        yield Record(since, EventKind.connect, account, address, file, lineno, col)
    if snapshot is not None:
        stats.records += 1
        yield Record(snapshot, EventKind.activity, account, address, file, lineno, 1)


def _status_v1(file, first, lines, stats: SourceStats, ctx: ParseContext) -> Iterator[Record]:
    lineno, title = first
    title = title.strip()
    state = "updated"
    snapshot = None
    last = lineno
    for lineno, line in lines:
        stats.lines += 1
        last = lineno
        if state == "updated":
            fields = line.split(",", 1)
            if fields[0] != "Updated" or len(fields) != 2:
                raise _bad(file, lineno, 1, "the status file lacks its 'Updated' line",
                           "Updated,<time>", line)
            snapshot = _time(fields[1])
            if snapshot is None:
                raise _bad(file, lineno, len("Updated,") + 1, "the update time is not a time",
                           "a time such as 'Thu Jun 18 08:12:15 2015'", fields[1])
            stats.records += 1
            yield Record(snapshot, EventKind.snapshot, None, None, file, lineno, 9)
            state = "clients-header"
            continue
        if line == "END":
            state = "end"
            break
        if state == "stats-client":  # OpenVPN STATISTICS: name,value lines until END
            continue
        if state == "clients-header":
            if line.startswith("Common Name,"):
                fields = line.split(",")
                if fields[:2] != _V1_CLIENT_HEADER[:2] or "Connected Since" not in fields:
                    raise _bad(file, lineno, 1, "unexpected client list header",
                               ",".join(_V1_CLIENT_HEADER), line)
                header = fields
                state = "clients"
                continue
            if title == "OpenVPN CLIENT LIST":
                raise _bad(file, lineno, 1, "the client list header is missing",
                           ",".join(_V1_CLIENT_HEADER), line)
            state = "stats-client"  # a client-side statistics file
            continue
        if state == "clients":
            if line == "ROUTING TABLE":
                state = "routing-header"
                continue
            if line == "GLOBAL STATS":
                state = "global"
                continue
            fields = line.split(",")
            cols = _columns(fields, ",")
            if len(fields) != len(header):
                raise _bad(file, lineno, 1, "a client row has the wrong number of fields",
                           f"{len(header)} fields ({','.join(header)}), or ROUTING TABLE",
                           f"{len(fields)} fields")
            row = dict(zip(header, fields))
            i = header.index("Connected Since")
            since = _time(row["Connected Since"])
            if since is None:
                raise _bad(file, lineno, cols[i], "'Connected Since' is not a time",
                           "a time such as 'Thu Jun 18 04:23:03 2015'", unquoted(fields[i]))
            yield from _client(file, lineno, cols[0], _account(row["Common Name"]),
                               row["Real Address"], since, snapshot, stats, ctx)
            continue
        if state == "routing-header":
            if line.split(",")[:4] != _V1_ROUTING_HEADER:
                raise _bad(file, lineno, 1, "unexpected routing table header",
                           ",".join(_V1_ROUTING_HEADER), line)
            state = "routing"
            continue
        if state == "routing":
            if line == "GLOBAL STATS":
                state = "global"
                continue
            fields = line.split(",")
            if len(fields) != 4:
                raise _bad(file, lineno, 1, "a routing row has the wrong number of fields",
                           "4 fields (Virtual Address,Common Name,Real Address,Last Ref), or "
                           "GLOBAL STATS", f"{len(fields)} fields")
            ref = _time(fields[3])
            if ref is None:
                raise _bad(file, lineno, _columns(fields, ",")[3], "'Last Ref' is not a time",
                           "a time such as 'Thu Jun 18 08:12:09 2015'", unquoted(fields[3]))
            stats.records += 1
            yield Record(ref, EventKind.activity, _account(fields[1]),
                         normalize_address(fields[2]), file, lineno, 1)
            continue
        # state == "global": name,value lines until END
    if state != "end":
        raise _bad(file, last + 1, 1, "the status file ends early (no END line)",
                   "the remaining sections and END as the last line",
                   "end of file")


def _status_v2(file, first, lines, sep: str, stats: SourceStats,
               ctx: ParseContext) -> Iterator[Record]:
    headers: dict[str, list[str]] = {}
    snapshot = None
    ended = False
    last = first[0]

    def rows():
        yield first
        yield from lines

    for n, (lineno, line) in enumerate(rows()):
        if n:
            stats.lines += 1
        last = lineno
        if not line:
            continue
        fields = line.split(sep)
        cols = _columns(fields, sep)
        tag = fields[0]
        if tag == "END":
            ended = True
            break
        if tag == "TITLE" or tag == "GLOBAL_STATS":
            continue
        if tag == "TIME":
            if len(fields) < 2 or _time(fields[1]) is None:
                raise _bad(file, lineno, cols[1] if len(cols) > 1 else 1,
                           "the TIME line holds no time", "TIME,<time>,<time_t>", unquoted(line))
            snapshot = _time(fields[1])
            stats.records += 1
            yield Record(snapshot, EventKind.snapshot, None, None, file, lineno, cols[1])
            continue
        if tag == "HEADER":
            if len(fields) < 3:
                raise _bad(file, lineno, 1, "a HEADER line names no columns",
                           "HEADER,<table>,<column>,…", line)
            headers[fields[1]] = fields[2:]
            continue
        if tag in ("CLIENT_LIST", "ROUTING_TABLE"):
            header = headers.get(tag)
            if header is None:
                raise _bad(file, lineno, 1, f"a {tag} row comes before its HEADER line",
                           f"HEADER{sep}{tag}{sep}… first", unquoted(line))
            values = fields[1:]
            if len(values) != len(header):
                raise _bad(file, lineno, 1, f"a {tag} row has the wrong number of fields",
                           f"{len(header)} fields after {tag} (as its HEADER says)",
                           f"{len(values)} fields")
            row = dict(zip(header, values))
            vcols = cols[1:]
            if tag == "CLIENT_LIST":
                if "Connected Since" not in row or "Real Address" not in row:
                    raise _bad(file, lineno, 1, "the CLIENT_LIST header lacks needed columns",
                               "Common Name, Real Address, Connected Since", ",".join(header))
                i = header.index("Connected Since")
                since = _time(values[i])
                if since is None:
                    raise _bad(file, lineno, vcols[i], "'Connected Since' is not a time",
                               "a time such as 'Thu Mar 16 17:09:03 2017'", unquoted(values[i]))
                account = _account(row.get("Username")) or _account(row.get("Common Name"))
                yield from _client(file, lineno, cols[1], account, row["Real Address"], since,
                                   snapshot, stats, ctx)
            else:
                if "Last Ref" not in row:
                    continue
                i = header.index("Last Ref")
                ref = _time(values[i])
                if ref is None:
                    raise _bad(file, lineno, vcols[i], "'Last Ref' is not a time",
                               "a time such as 'Tue Mar 21 10:26:48 2017'", unquoted(values[i]))
                stats.records += 1
                yield Record(ref, EventKind.activity, _account(row.get("Common Name")),
                             normalize_address(row.get("Real Address")), file, lineno, 1)
            continue
        # other tables of newer OpenVPN versions are not needed here
    if not ended:
        raise _bad(file, last + 1, 1, "the status file ends early (no END line)",
                   "END as the last line", "end of file")
