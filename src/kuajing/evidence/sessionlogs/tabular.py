"""Generic session exports: CSV with a header row, or JSON Lines, read through a declared mapping.

``--map time=ts,user=login,address=src_ip,event=action`` names the column (CSV) or key (JSONL;
dotted keys such as ``src.ip`` reach into nested objects) holding each field. ``time`` is
required; ``user`` (or ``account``), ``address`` and ``event`` are optional.

Times: with ``--time-format`` a ``strptime`` format, or ``epoch`` / ``epoch_ms``; without it, ISO
8601 (``2024-03-01T10:00:00+08:00``, ``2024-03-01 10:00:00``) or seconds since 1970 (milliseconds
when the number is above 10^11). Times with a zone are converted to UTC.

Events: ``start``, ``connect``, ``login``… start a session; ``stop``, ``disconnect``, ``logout``…
end one; ``fail``, ``reject``, ``denied``… are failed logins; other values are activity. Without
an ``event`` column every row is one session.

A row whose time cannot be read, or that lacks a mapped column, is skipped and counted with its
line and column; a header that lacks a mapped column is an ``InputError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ...errors import InputError, Location
from ._context import ParseContext
from ._text import iter_lines, open_text, unquoted
from .model import EventKind, Record, SourceStats, normalize_address

__all__ = ["Mapping", "parse_mapping", "parse_csv", "parse_jsonl", "event_kind"]

_KEYS = {"time": "time", "user": "user", "account": "user", "address": "address", "event": "event"}

_CONNECT = {"start", "started", "connect", "connected", "login", "logon", "open", "opened",
            "session_start", "session-start", "established", "up"}
_DISCONNECT = {"stop", "stopped", "disconnect", "disconnected", "logout", "logoff", "close",
               "closed", "end", "ended", "session_end", "session-end", "down"}
_FAIL = {"fail", "failed", "failure", "reject", "rejected", "denied", "deny", "auth_fail",
         "auth-fail", "login_failed", "error"}
_EPOCH = dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class Mapping:
    """Which column or key holds each field of a session record."""

    time: str
    user: str | None = None
    address: str | None = None
    event: str | None = None

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in (("time", self.time), ("user", self.user),
                                  ("address", self.address), ("event", self.event)) if v}


def parse_mapping(text: str) -> Mapping:
    """``time=ts,user=login,address=src_ip[,event=action]`` → Mapping; mistakes are InputError."""
    found: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, column = part.partition("=")
        key, column = key.strip(), column.strip()
        if not sep or not column:
            raise InputError("a --map entry is not key=column", location=Location("--map"),
                             expected="time=<column>,user=<column>,address=<column>[,event=<column>]",
                             found=part)
        if key not in _KEYS:
            raise InputError(f"unknown --map key '{key}'", location=Location("--map"),
                             expected="one of: time, user (or account), address, event", found=key)
        if _KEYS[key] in found:
            raise InputError(f"--map names '{key}' twice", location=Location("--map"), found=text)
        found[_KEYS[key]] = column
    if "time" not in found:
        raise InputError("--map must name the time column", location=Location("--map"),
                         expected="time=<column> among the entries", found=text)
    return Mapping(**found)


def event_kind(value: Any) -> EventKind:
    v = str(value).strip().lower()
    if v in _CONNECT:
        return EventKind.connect
    if v in _DISCONNECT:
        return EventKind.disconnect
    if v in _FAIL:
        return EventKind.auth_fail
    return EventKind.activity


def _time_reader(fmt: str | None):
    if fmt == "epoch":
        return lambda v: _EPOCH + dt.timedelta(seconds=float(v))
    if fmt == "epoch_ms":
        return lambda v: _EPOCH + dt.timedelta(milliseconds=float(v))
    if fmt:
        def read(v: str) -> dt.datetime:
            t = dt.datetime.strptime(v, fmt)
            if t.tzinfo is not None:
                t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
            return t
        return read

    def auto(v: Any) -> dt.datetime:
        if isinstance(v, bool):
            raise ValueError("a boolean")
        if isinstance(v, (int, float)):
            n = float(v)
        else:
            v = str(v).strip()
            if v[:1].isdigit() and ("-" in v[1:] or ":" in v):
                t = dt.datetime.fromisoformat(v)
                if t.tzinfo is not None:
                    t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
                return t
            n = float(v)
        if not math.isfinite(n):
            raise ValueError("not a finite number")
        return _EPOCH + (dt.timedelta(milliseconds=n) if abs(n) > 1e11 else dt.timedelta(seconds=n))
    return auto


def _require_mapping(ctx: ParseContext, file: str) -> Mapping:
    if ctx.mapping is None:
        raise InputError("a CSV or JSON Lines log needs a column mapping", location=Location(file),
                         hint="add --map time=<column>,user=<column>,address=<column>")
    return ctx.mapping


class _RawLines:
    """Iterates a file's lines for csv.reader and remembers the current raw line."""

    def __init__(self, fh) -> None:
        self._it = iter(fh)
        self.raw = ""

    def __iter__(self):
        return self

    def __next__(self) -> str:
        self.raw = next(self._it)
        return self.raw


def _column_of(raw: str, fields: list[str], index: int) -> int:
    if '"' not in raw:
        return 1 + sum(len(f) + 1 for f in fields[:index])
    pos = raw.find(fields[index]) if fields[index] else -1
    return pos + 1 if pos >= 0 else 1


def parse_csv(path: str | Path, stats: SourceStats, ctx: ParseContext) -> Iterator[Record]:
    file = str(path)
    mapping = _require_mapping(ctx, file)
    read_time = _time_reader(ctx.time_format)
    with open_text(path) as fh:
        raw = _RawLines(fh)
        reader = csv.reader(raw)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"the CSV header cannot be read: {exc}", location=Location(file, 1, 1)) \
                from None
        if header is None:
            stats.note("empty file")
            return
        stats.lines = 1
        header = [h.strip().lstrip("\ufeff") for h in header]
        index: dict[str, int] = {}
        for key, column in mapping.fields().items():
            if column not in header:
                raise InputError(
                    f"the CSV header has no column '{column}' (mapped to {key})",
                    location=Location(file, 1, 1), path=f"--map {key}",
                    expected="one of: " + ", ".join(header[:20]), found=column,
                    hint="check --map against the first line of the file")
            index[key] = header.index(column)
        ti = index["time"]
        ui, ai, ei = index.get("user"), index.get("address"), index.get("event")
        need = max(index.values()) + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                stats.lines = reader.line_num
                stats.skip(reader.line_num, 1, f"not a CSV row: {exc}")
                continue
            lineno = reader.line_num
            stats.lines = lineno
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) < need:
                stats.skip(lineno, 1, f"{len(row)} fields, fewer than the {need} the mapping needs")
                continue
            try:
                t = read_time(row[ti])
            except (ValueError, OverflowError, TypeError):
                stats.skip(lineno, _column_of(raw.raw, row, ti),
                           f"the time cell is not a time ({unquoted(row[ti])})")
                continue
            kind = event_kind(row[ei]) if ei is not None else EventKind.connect
            account = row[ui].strip() or None if ui is not None else None
            address = normalize_address(row[ai]) if ai is not None else None
            stats.records += 1
            yield Record(t, kind, account, address, file, lineno, 1)
    stats.fail_if_nothing_read("a CSV session row")


def _get(obj: Any, dotted: str) -> Any:
    if isinstance(obj, dict) and dotted in obj:
        return obj[dotted]
    for part in dotted.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def parse_jsonl(path: str | Path, stats: SourceStats, ctx: ParseContext) -> Iterator[Record]:
    file = str(path)
    mapping = _require_mapping(ctx, file)
    read_time = _time_reader(ctx.time_format)
    with open_text(path) as fh:
        for lineno, line in iter_lines(fh):
            stats.lines += 1
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                col = getattr(exc, "colno", 1)
                stats.skip(lineno, col, f"not JSON: {getattr(exc, 'msg', 'too deeply nested')}")
                continue
            if not isinstance(obj, dict):
                stats.skip(lineno, 1, "a JSON value that is not an object")
                continue
            raw_time = _get(obj, mapping.time)
            if raw_time is None:
                stats.skip(lineno, 1, f"no key '{mapping.time}' (the mapped time)")
                continue
            try:
                t = read_time(raw_time)
            except (ValueError, OverflowError, TypeError):
                pos = line.find(f'"{mapping.time.split(".")[-1]}"')
                stats.skip(lineno, pos + 1 if pos >= 0 else 1,
                           f"the time value is not a time ({unquoted(str(raw_time))})")
                continue
            kind = event_kind(_get(obj, mapping.event)) if mapping.event else EventKind.connect
            user = _get(obj, mapping.user) if mapping.user else None
            account = str(user).strip() or None if user is not None else None
            addr = _get(obj, mapping.address) if mapping.address else None
            address = normalize_address(str(addr)) if addr is not None else None
            stats.records += 1
            yield Record(t, kind, account, address, file, lineno, 1)
    stats.fail_if_nothing_read("a JSON Lines session record")
