"""Fuzzing: every parser, on arbitrary text or on mangled real-looking lines, either yields records
or raises InputError — never another exception.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuajing.errors import InputError
from kuajing.evidence.sessionlogs import parse_mapping, run_audit
from kuajing.evidence.sessionlogs._context import ParseContext
from kuajing.evidence.sessionlogs.audit import PARSERS, AuditOptions
from kuajing.evidence.sessionlogs.model import Record, SourceStats

SEEDS = [
    "Feb 10 09:00:01 gw openvpn[812]: 198.51.100.7:51000 [u1] Peer Connection Initiated with "
    "[AF_INET]198.51.100.7:51000",
    "Feb 10 09:30:00 gw openvpn[812]: u1/198.51.100.7:51000 SIGTERM[soft,remote-exit] received, "
    "client-instance exiting",
    "2026-02-01T08:00:00+08:00 gw ovpn-server[5]: 192.0.2.1:5 TLS Error: TLS handshake failed",
    "Tue Mar 21 10:39:14 2017 alice/192.0.2.10:1194 MULTI: Learn: 10.8.0.2 -> alice/192.0.2.10:1194",
    "Feb 12 08:00:01 vpn charon: 07[IKE] <rw|3> IKE_SA rw[3] established between "
    "198.51.100.1[gw]...203.0.113.50[carol]",
    "2026-02-12 08:00:01 09[IKE] received EAP identity 'carol'",
    "OpenVPN CLIENT LIST", "Updated,Thu Jun 18 08:12:15 2015",
    "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since",
    "a,10.10.10.10:49502,334948,1973012,Thu Jun 18 04:23:03 2015",
    "ROUTING TABLE", "Virtual Address,Common Name,Real Address,Last Ref",
    "192.168.255.118,a,10.10.10.10:63414,Thu Jun 18 08:12:09 2015", "GLOBAL STATS", "END",
    "TITLE,OpenVPN 2.4.4", "TIME,Thu Apr 30 13:55:44 2020,1588254944",
    "HEADER,CLIENT_LIST,Common Name,Real Address,Connected Since,Username",
    "CLIENT_LIST,cn,1.2.3.4:5,Thu Apr 30 13:55:38 2020,u", "HEADER\tCLIENT_LIST\tCommon Name",
    "Tue Sep 13 16:24:27 2011", '\tUser-Name = "bob"', "\tAcct-Status-Type = Start",
    "\tTimestamp = 1554226681", "\tTimestamp = 99999999999999999999", "",
    "ts,user,ip,event", "2026-01-01T00:00:00,a,192.0.2.1,login", "1e400,a,b,c",
    '{"ts": "2026-01-01T00:00:00", "user": "a", "ip": "192.0.2.1", "event": "logout"}',
    '{"ts": 1e308, "user": null}', "[[[[[[[[[[", "#comment", "\x00\x00", "Feb 29 10:00:00 h openvpn: x",
]


@st.composite
def mangled(draw):
    line = draw(st.sampled_from(SEEDS))
    if not line:
        return line
    i = draw(st.integers(0, len(line) - 1))
    op = draw(st.sampled_from(["cut", "insert", "delete"]))
    if op == "cut":
        return line[:i]
    if op == "insert":
        return line[:i] + draw(st.text(max_size=5)) + line[i:]
    return line[:i] + line[i + 1:]


@st.composite
def log_text(draw):
    lines = draw(st.lists(st.one_of(st.text(max_size=80), st.sampled_from(SEEDS), mangled()),
                          max_size=12))
    sep = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return sep.join(lines)


def _run(parser_name: str, text: str) -> None:
    fd, name = tempfile.mkstemp(suffix=".log")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(text)
        ctx = ParseContext(as_of=dt.date(2026, 3, 1),
                           mapping=parse_mapping("time=ts,user=user,address=ip,event=event"))
        stats = SourceStats(name, parser_name)
        try:
            for rec in PARSERS[parser_name](name, stats, ctx):
                assert isinstance(rec, Record) and isinstance(rec.time, dt.datetime)
                assert rec.line >= 1
        except InputError as exc:
            assert exc.location is not None
    finally:
        os.unlink(name)


@pytest.mark.parametrize("parser_name", sorted(PARSERS))
@settings(max_examples=int(os.environ.get("KJ_FUZZ", 150)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=log_text())
def test_parser_yields_records_or_raises_input_error(parser_name, text):
    _run(parser_name, text)


@settings(max_examples=int(os.environ.get("KJ_FUZZ", 100)), deadline=None)
@given(text=log_text(), mapped=st.booleans())
def test_whole_audit_with_auto_detection_never_crashes(text, mapped):
    fd, name = tempfile.mkstemp(suffix=".log")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(text)
        options = AuditOptions(mapping=parse_mapping("time=ts,user=user,address=ip,event=event")
                               if mapped else None)
        try:
            result = run_audit([name], as_of=dt.date(2026, 3, 1), options=options)
        except InputError:
            return
        from kuajing.evidence.sessionlogs import run_checks
        from kuajing.evidence.sessionlogs.report import build_document

        build_document(result, run_checks(result))
    finally:
        os.unlink(name)


@settings(max_examples=int(os.environ.get("KJ_FUZZ", 100)), deadline=None)
@given(text=st.lists(st.one_of(st.text(max_size=40), st.sampled_from(
    ["account,person_id,name,kind", "a,1,A,employee", "b,,,service", "c,2,C,boss", ",,,",
     'x,"unterminated', "account"])), max_size=8).map("\n".join))
def test_directory_loader_reads_or_points_at_the_problem(text):
    from kuajing.evidence.sessionlogs.attribution import Directory, load_directory

    fd, name = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(text)
        try:
            assert isinstance(load_directory(name), Directory)
        except InputError as exc:
            assert exc.location is not None and exc.location.file == name
    finally:
        os.unlink(name)
