"""Mutation fuzzing of the session-log parsers: whole valid logs, damaged a little.

``test_fuzz.py`` mixes single lines in random order, which never makes a valid status file, CSV
(the header must come first) or RADIUS session; those parsers were only tested on their error
paths. Here every example starts from a complete valid file of the format (synthetic ones below,
and the real status, RADIUS and OpenVPN files of ../shared/realdata/vpn-logs) and is changed by a
few edits: a line deleted, duplicated or moved, characters inserted, the file cut short. The
parser must yield records or raise an InputError with a location; the whole audit must build its
report. ``test_mutations_reach_the_records`` checks that a good share of examples do yield
sessions, so the fuzzer exercises the session logic and not only the refusals.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuajing.errors import InputError
from kuajing.evidence.sessionlogs import parse_mapping, run_audit, run_checks
from kuajing.evidence.sessionlogs._context import ParseContext
from kuajing.evidence.sessionlogs.audit import PARSERS, AuditOptions
from kuajing.evidence.sessionlogs.model import EventKind, Record, SourceStats
from kuajing.evidence.sessionlogs.report import build_document

from .conftest import realdata

FUZZ = settings(max_examples=int(os.environ.get("KJ_FUZZ", 150)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
AS_OF = dt.date(2026, 3, 1)
MAPPING = "time=ts,user=user,address=ip,event=event"

SEEDS = {
    "openvpn": [
        "2026-02-10 09:00:00 198.51.100.7:51000 TLS: Username/Password authentication succeeded for "
        "username 'u1'\n"
        "2026-02-10 09:00:01 198.51.100.7:51000 [u1] Peer Connection Initiated with [AF_INET]198.51.100.7:51000\n"
        "2026-02-10 09:00:02 u1/198.51.100.7:51000 MULTI: Learn: 10.8.0.6 -> u1/198.51.100.7:51000\n"
        "2026-02-10 09:10:00 198.51.100.8:51001 [u1] Peer Connection Initiated with [AF_INET]198.51.100.8:51001\n"
        "2026-02-10 09:30:00 u1/198.51.100.7:51000 SIGTERM[soft,remote-exit] received, client-instance exiting\n"
        "2026-02-10 09:31:00 192.0.2.1:5 TLS Error: TLS handshake failed\n",
        "Feb 10 09:00:01 gw openvpn[812]: 198.51.100.7:51000 [u2] Peer Connection Initiated with "
        "[AF_INET]198.51.100.7:51000\n"
        "Feb 10 09:00:05 gw kernel: unrelated\n"
        "Feb 10 09:30:00 gw openvpn[812]: u2/198.51.100.7:51000 SIGTERM[soft,remote-exit] received, "
        "client-instance exiting\n",
    ],
    "openvpn-status": [
        "OpenVPN CLIENT LIST\nUpdated,Thu Jun 18 08:12:15 2015\n"
        "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since\n"
        "a,192.0.2.10:49502,334948,1973012,Thu Jun 18 04:23:03 2015\n"
        "b,192.0.2.11:64169,1817262,28981224,Thu Jun 18 04:08:39 2015\n"
        "ROUTING TABLE\nVirtual Address,Common Name,Real Address,Last Ref\n"
        "10.8.0.6,a,192.0.2.10:49502,Thu Jun 18 08:12:09 2015\n"
        "GLOBAL STATS\nMax bcast/mcast queue length,0\nEND\n",
        "TITLE,OpenVPN 2.4.4\nTIME,Thu Apr 30 13:55:44 2020,1588254944\n"
        "HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Connected Since,Username\n"
        "CLIENT_LIST,cn,192.0.2.4:54190,10.80.0.65,Thu Apr 30 13:55:38 2020,u\n"
        "CLIENT_LIST,cn,192.0.2.5:51053,10.80.0.66,Thu Apr 30 13:55:40 2020,u\n"
        "HEADER,ROUTING_TABLE,Virtual Address,Common Name,Real Address,Last Ref\n"
        "ROUTING_TABLE,10.80.0.65,cn,192.0.2.4:54190,Thu Apr 30 13:55:40 2020\n"
        "GLOBAL_STATS,Max bcast/mcast queue length,0\nEND\n",
        "TITLE\tOpenVPN 2.6.8\nTIME\t2024-03-01 10:00:00\t1709287200\n"
        "HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tConnected Since\tUsername\n"
        "CLIENT_LIST\tcn\t192.0.2.4:54190\t2024-03-01 09:55:38\tUNDEF\nEND\n",
    ],
    "charon": [
        "Feb 12 08:00:00 vpn charon: 07[IKE] <rw-eap|3> received EAP identity 'wang.wu'\n"
        "Feb 12 08:00:01 vpn charon: 07[IKE] <rw-eap|3> IKE_SA rw-eap[3] established between "
        "198.51.100.1[vpn.example.com]...203.0.113.50[203.0.113.50]\n"
        "Feb 12 09:00:00 vpn charon: 11[IKE] <rw-eap|3> deleting IKE_SA rw-eap[3] between "
        "198.51.100.1[vpn.example.com]...203.0.113.50[203.0.113.50]\n"
        "Feb 12 09:05:00 vpn charon: 12[IKE] <rw-eap|4> EAP method EAP_MSCHAPV2 failed for peer 203.0.113.51\n",
        "2026-02-12 08:00:01 09[IKE] IKE_SA home[1] established between 198.51.100.1[gw]..."
        "192.0.2.77[carol@example.com]\n"
        "2026-02-12 08:20:01 09[IKE] IKE_SA home[2] established between 198.51.100.1[gw]..."
        "192.0.2.78[carol@example.com]\n"
        "2026-02-12 09:00:00 10[IKE] deleting IKE_SA home[1] between 198.51.100.1[gw]..."
        "192.0.2.77[carol@example.com]\n",
    ],
    "radius": [
        "Mon Feb  2 10:00:00 2026\n\tUser-Name = \"zhao.liu\"\n\tCalling-Station-Id = \"192.0.2.30\"\n"
        "\tAcct-Status-Type = Start\n\tTimestamp = 1770026400\n\n"
        "Mon Feb  2 11:00:00 2026\n\tUser-Name = \"zhao.liu\"\n\tCalling-Station-Id = \"192.0.2.30\"\n"
        "\tAcct-Status-Type = Stop\n\n"
        "Mon Feb  2 12:00:00 2026\n\tUser-Name = \"li.si\"\n\tPacket-Type = Access-Reject\n",
    ],
    "csv": [
        "ts,user,ip,event\n2026-01-01T00:00:00,a,192.0.2.1,login\n2026-01-01T00:10:00,a,192.0.2.2,login\n"
        "2026-01-01T01:00:00,a,192.0.2.1,logout\n1767229200,b,192.0.2.3,connect\n"
        "\"2026-01-02 08:00:00+08:00\",\"c, d\",192.0.2.4,fail\n",
    ],
    "jsonl": [
        '{"ts": "2026-01-01T00:00:00", "user": "a", "ip": "192.0.2.1", "event": "login"}\n'
        '{"ts": 1767229200, "user": "a", "ip": "192.0.2.2", "event": "login"}\n'
        '{"ts": "2026-01-01T02:00:00Z", "user": "a", "ip": "192.0.2.1", "event": "logout"}\n'
        '{"ts": "2026-01-01T03:00:00", "user": null, "ip": "192.0.2.9", "event": "denied"}\n',
    ],
}
#: Real files to mutate, per parser (read from ../shared/realdata/vpn-logs).
REAL_SEEDS = {
    "openvpn": [("fail2ban-test-logs", "fail2ban", "tests", "files", "logs", "openvpn")],
    "openvpn-status": [
        ("openvpn-status", "tonyseek-openvpn-status", "tests", "data", "openvpn-status.txt"),
        ("openvpn-status", "patrickjahns-openvpn_exporter", "example", "version2.status"),
        ("openvpn-status", "patrickjahns-openvpn_exporter", "example", "version3.status"),
        ("openvpn-status", "kumina-openvpn_exporter", "examples", "server3.status"),
        ("openvpn-status", "kumina-openvpn_exporter", "examples", "client.status"),
    ],
    "radius": [("freeradius-server", "src", "tests", "detail", "one.txt")],
}


def mutate(text: str, ops: list[tuple]) -> str:
    """Apply line edits ("del", i), ("dup", i), ("swap", i, j), ("ins", i, s), ("cut", i); the
    indexes are taken modulo the current size."""
    lines = text.split("\n")
    for op in ops:
        if not lines:
            lines = [""]
        n = len(lines)
        if op[0] == "del":
            del lines[op[1] % n]
        elif op[0] == "dup":
            lines.insert(op[1] % n, lines[op[1] % n])
        elif op[0] == "swap":
            i, j = op[1] % n, op[2] % n
            lines[i], lines[j] = lines[j], lines[i]
        elif op[0] == "ins":
            i = op[1] % n
            at = op[1] % (len(lines[i]) + 1)
            lines[i] = lines[i][:at] + op[2] + lines[i][at:]
        elif op[0] == "cut":
            joined = "\n".join(lines)
            lines = joined[:op[1] % (len(joined) + 1)].split("\n")
    return "\n".join(lines)


_index = st.integers(0, 10_000)
_ops = st.lists(st.one_of(
    st.tuples(st.just("del"), _index), st.tuples(st.just("dup"), _index),
    st.tuples(st.just("swap"), _index, _index), st.tuples(st.just("ins"), _index, st.text(max_size=6)),
    st.tuples(st.just("cut"), _index)), min_size=1, max_size=4)


def _random_ops(rng: random.Random) -> list[tuple]:
    ops = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["del", "dup", "swap", "ins", "cut"])
        i, j = rng.randrange(10_000), rng.randrange(10_000)
        ops.append((kind, i, j) if kind == "swap" else
                   (kind, i, rng.choice(["", ",", "\t", "=", '"', "#", "x", "\x00", "9"])) if kind == "ins"
                   else (kind, i))
    return ops


def _write(text: str) -> str:
    fd, name = tempfile.mkstemp(suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as fh:
        fh.write(text)
    return name


def _parse(parser: str, text: str) -> tuple[list[Record], SourceStats] | None:
    """The records of a mutated file and its counts, or None if it was refused (with a location)."""
    name = _write(text)
    try:
        ctx = ParseContext(as_of=AS_OF, mapping=parse_mapping(MAPPING))
        stats = SourceStats(name, parser)
        try:
            records = list(PARSERS[parser](name, stats, ctx))
        except InputError as exc:
            assert exc.location is not None and exc.location.file == name
            assert exc.location.line is None or exc.location.line >= 1
            return None
        for rec in records:
            assert isinstance(rec.time, dt.datetime) and rec.line >= 1 and rec.file == name
        assert stats.records == len(records)
        return records, stats
    finally:
        os.unlink(name)


def _audit(parser: str, text: str) -> None:
    """The whole audit on the mutated file, with the format named, down to the report."""
    name = _write(text)
    try:
        options = AuditOptions(kind=parser, mapping=parse_mapping(MAPPING))
        try:
            result = run_audit([name], as_of=AS_OF, options=options, key=b"k" * 32)
        except InputError as exc:
            assert exc.location is not None
            return
        build_document(result, run_checks(result))
    finally:
        os.unlink(name)


def _real(parser: str, index: int) -> str:
    seeds = REAL_SEEDS[parser]
    return realdata(*seeds[index % len(seeds)]).read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("parser", sorted(PARSERS))
@FUZZ
@given(seed=_index, ops=_ops)
def test_mutated_logs(parser, seed, ops):
    seeds = SEEDS[parser]
    text = mutate(seeds[seed % len(seeds)], ops)
    _parse(parser, text)
    _audit(parser, text)


@pytest.mark.realdata
@pytest.mark.parametrize("parser", sorted(REAL_SEEDS))
@FUZZ
@given(seed=_index, ops=_ops)
def test_mutated_real_logs(parser, seed, ops):
    text = mutate(_real(parser, seed), ops)
    _parse(parser, text)
    _audit(parser, text)


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_mutations_reach_the_records(parser):
    """Of 200 seeded mutations, at least a fifth must still yield a session start, and some must
    be refused or have lines skipped: both the session logic and the error handling are exercised."""
    rng = random.Random(f"kuajing-logs-{parser}")
    outcomes = [_parse(parser, mutate(rng.choice(SEEDS[parser]), _random_ops(rng))) for _ in range(200)]
    sessions = sum(1 for o in outcomes if o and any(r.kind is EventKind.connect for r in o[0]))
    damaged = sum(1 for o in outcomes if o is None or o[1].skipped)
    assert sessions >= 40, f"{parser}: only {sessions}/200 mutations yielded a session"
    assert damaged >= 5, f"{parser}: only {damaged}/200 mutations were refused or had lines skipped"
