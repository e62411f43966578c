"""Telling a log's format from its first lines (``--kind auto``)."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputError, Location
from ._text import open_text, parse_ctime, unquoted

__all__ = ["KINDS", "detect_kind"]

KINDS = ("openvpn", "openvpn-status", "charon", "radius", "csv", "jsonl")

_SYSLOG_PROG = re.compile(
    r"(?:[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\S+) "
    r"(?:\S+ )?([^\s\[:]+)(?:\[\d+\])?:")
_CHARON_FILELOG = re.compile(
    r"(?:[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)? |\d{4}-\d\d-\d\d[ T]\S+ )?\d+\[[A-Z]{3}\] ")
_OPENVPN_NATIVE = re.compile(
    r"(?:[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ")
_PROBE_LINES = 50


def detect_kind(path: str | Path, *, has_mapping: bool = False) -> str | None:
    """The format of a log, or None for an empty file; an InputError if it cannot be told."""
    lines: list[str] = []
    first_line = 1
    with open_text(path) as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if line.strip() and not line.startswith("#"):
                if not lines:
                    first_line = number
                lines.append(line)
            if len(lines) >= _PROBE_LINES:
                break
    if not lines:
        return None
    first = lines[0]
    if first.strip() in ("OpenVPN CLIENT LIST", "OpenVPN STATISTICS") or \
            re.match(r"(TITLE|TIME|HEADER)[,\t]", first):
        return "openvpn-status"
    if parse_ctime(first) is not None and len(lines) > 1 and lines[1][:1] in " \t" \
            and "=" in lines[1]:
        return "radius"
    for line in lines:
        if _CHARON_FILELOG.match(line):
            return "charon"
        m = _SYSLOG_PROG.match(line)
        if m is not None:
            prog = m.group(1).lower()
            if prog.startswith(("charon", "strongswan", "ipsec")):
                return "charon"
            if prog.startswith(("openvpn", "ovpn")):
                return "openvpn"
    if has_mapping:
        if first.lstrip().startswith("{"):
            return "jsonl"
        return "csv"
    if all(_OPENVPN_NATIVE.match(line) for line in lines[:5]):
        return "openvpn"
    raise InputError(
        "cannot tell the format of this log",
        location=Location(str(path), first_line, 1),
        expected="an OpenVPN log or status file, a strongSwan charon log, a FreeRADIUS detail "
                 "file, or CSV/JSON Lines with --map",
        found=f"a first line of {unquoted(first)}",
        hint="name the format with --kind (openvpn, openvpn-status, charon, radius, csv, jsonl)",
    )

