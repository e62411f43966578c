"""Each parser on small synthetic logs: what a line means, and where a bad one is reported.

Accounts and addresses are synthetic (documentation ranges); the message texts follow what
OpenVPN, strongSwan and FreeRADIUS write.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from kuajing.errors import InputError
from kuajing.evidence.sessionlogs import EventKind, parse_mapping
from kuajing.evidence.sessionlogs._context import ParseContext
from kuajing.evidence.sessionlogs.charon import parse_charon
from kuajing.evidence.sessionlogs.detect import detect_kind
from kuajing.evidence.sessionlogs.model import SourceStats, normalize_address
from kuajing.evidence.sessionlogs.openvpn import parse_openvpn_log, parse_openvpn_status
from kuajing.evidence.sessionlogs.radius import parse_radius
from kuajing.evidence.sessionlogs.tabular import parse_csv, parse_jsonl

from .conftest import AS_OF


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _parse(parser, path, **ctx):
    stats = SourceStats(str(path), "test")
    return list(parser(path, stats, ParseContext(as_of=AS_OF, **ctx))), stats


# -- OpenVPN logs ---------------------------------------------------------------------------------

OPENVPN_SYSLOG = """\
Feb 10 09:00:01 gw openvpn[812]: 198.51.100.7:51000 TLS: Username/Password authentication succeeded for username 'zhang.san'
Feb 10 09:00:01 gw openvpn[812]: 198.51.100.7:51000 [vpn-client-01] Peer Connection Initiated with [AF_INET]198.51.100.7:51000
Feb 10 09:00:02 gw openvpn[812]: vpn-client-01/198.51.100.7:51000 MULTI_sva: pool returned IPv4=10.8.0.6
Feb 10 09:00:02 gw sshd[99]: Accepted publickey for root
Feb 10 09:30:00 gw openvpn[812]: vpn-client-01/198.51.100.7:51000 SIGTERM[soft,remote-exit] received, client-instance exiting
Feb 10 09:31:00 gw openvpn[812]: 203.0.113.9:4444 TLS Auth Error: Auth Username/Password verification failed for peer
"""


def test_openvpn_syslog_session_with_username_and_end(tmp_path):
    records, stats = _parse(parse_openvpn_log, _write(tmp_path, "syslog", OPENVPN_SYSLOG))
    assert stats.records == 5 and stats.ignored == 1  # the sshd line
    kinds = [r.kind for r in records]
    assert kinds == [EventKind.activity, EventKind.connect, EventKind.activity,
                     EventKind.disconnect, EventKind.auth_fail]
    connect = records[1]
    assert connect.account == "zhang.san"  # the authenticated username, not the certificate CN
    assert connect.address == "198.51.100.7"
    assert connect.time == dt.datetime(2026, 2, 10, 9, 0, 1)
    # later lines carry the certificate CN: they are read as the authenticated user
    assert records[2].account == records[3].account == "zhang.san"


def test_openvpn_own_log_file_in_both_time_formats(tmp_path):
    text = ("Tue Mar 21 10:39:14 2017 alice/192.0.2.10:1194 MULTI: primary virtual IP for "
            "alice/192.0.2.10:1194: 10.8.0.2\n"
            "2024-03-21 10:39:14 bob/192.0.2.11:1194 Peer Connection Initiated with "
            "[AF_INET]192.0.2.11:1194\n")
    path = _write(tmp_path, "openvpn.log", text)
    assert detect_kind(path) == "openvpn"
    records, stats = _parse(parse_openvpn_log, path)
    assert [r.time for r in records] == [dt.datetime(2017, 3, 21, 10, 39, 14),
                                         dt.datetime(2024, 3, 21, 10, 39, 14)]
    assert records[1].kind is EventKind.connect and records[1].account == "bob"
    assert stats.year_inferred is None  # these stamps carry their year


def test_openvpn_rfc3339_syslog_becomes_utc(tmp_path):
    text = "2026-02-01T08:00:00+08:00 gw ovpn-server[5]: 192.0.2.1:5 TLS Error: TLS handshake failed\n"
    records, _ = _parse(parse_openvpn_log, _write(tmp_path, "log", text))
    assert records[0].time == dt.datetime(2026, 2, 1, 0, 0, 0)


def test_openvpn_log_of_garbage_is_a_pointed_error(tmp_path):
    path = _write(tmp_path, "log", "hello\nworld\n")
    with pytest.raises(InputError) as info:
        _parse(parse_openvpn_log, path)
    assert (info.value.location.line, info.value.location.column) == (1, 1)


def test_openvpn_bad_lines_among_good_ones_are_counted(tmp_path):
    text = OPENVPN_SYSLOG + "garbage line\nFeb 30 10:00:00 gw openvpn[1]: impossible date\n"
    records, stats = _parse(parse_openvpn_log, _write(tmp_path, "log", text))
    assert stats.records == 5 and stats.skipped == 2
    assert [s.line for s in stats.samples] == [7, 8]


def test_gzip_logs_are_read(tmp_path):
    path = tmp_path / "openvpn.log.1.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(OPENVPN_SYSLOG)
    records, stats = _parse(parse_openvpn_log, path)
    assert stats.records == 5


def test_status_v2_with_newer_columns_and_iso_times(tmp_path):
    text = ("TITLE,OpenVPN 2.6.8\nTIME,2026-02-01 10:00:00,1769940000\n"
            "HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,"
            "Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client ID,"
            "Peer ID,Data Channel Cipher\n"
            "CLIENT_LIST,cn1,[AF_INET6]2001:db8::5,10.8.0.2,,1,2,2026-02-01 09:00:00,1769936400,"
            "li.si,0,0,AES-256-GCM\nGLOBAL_STATS,Max bcast/mcast queue length,0\nEND\n")
    records, stats = _parse(parse_openvpn_status, _write(tmp_path, "status", text))
    connect = next(r for r in records if r.kind is EventKind.connect)
    assert connect.account == "li.si" and connect.address == "2001:db8::5"
    assert connect.time == dt.datetime(2026, 2, 1, 9, 0)


def test_status_row_with_wrong_field_count_points_at_it(tmp_path):
    text = ("TITLE\tx\nTIME\tThu Apr 30 13:55:44 2020\t1\nHEADER\tCLIENT_LIST\tCommon Name\t"
            "Real Address\tConnected Since\nCLIENT_LIST\ta\t192.0.2.1:1\nEND\n")
    with pytest.raises(InputError) as info:
        _parse(parse_openvpn_status, _write(tmp_path, "status", text))
    assert info.value.location.line == 4 and "wrong number" in info.value.message


# -- strongSwan charon ----------------------------------------------------------------------------

CHARON_SYSLOG = """\
Feb 12 08:00:00 vpn charon: 07[IKE] <rw-eap|3> received EAP identity 'wang.wu'
Feb 12 08:00:01 vpn charon: 07[IKE] <rw-eap|3> authentication of 'wang.wu' with EAP successful
Feb 12 08:00:01 vpn charon: 07[IKE] <rw-eap|3> IKE_SA rw-eap[3] established between 198.51.100.1[vpn.example.com]...203.0.113.50[203.0.113.50]
Feb 12 08:00:01 vpn charon: 07[IKE] <rw-eap|3> assigning virtual IP 10.3.0.1 to peer 'wang.wu'
Feb 12 09:00:00 vpn charon: 11[IKE] <rw-eap|3> deleting IKE_SA rw-eap[3] between 198.51.100.1[vpn.example.com]...203.0.113.50[203.0.113.50]
Feb 12 09:05:00 vpn charon: 12[IKE] <rw-eap|4> EAP method EAP_MSCHAPV2 failed for peer 203.0.113.51
Feb 12 09:05:00 vpn kernel: unrelated
"""


def test_charon_syslog_uses_the_eap_identity_as_account(tmp_path):
    path = _write(tmp_path, "charon.log", CHARON_SYSLOG)
    assert detect_kind(path) == "charon"
    records, stats = _parse(parse_charon, path)
    assert stats.ignored == 1
    connect = next(r for r in records if r.kind is EventKind.connect)
    assert connect.account == "wang.wu" and connect.address == "203.0.113.50"
    end = next(r for r in records if r.kind is EventKind.disconnect)
    assert end.account == "wang.wu"
    assert records[-1].kind is EventKind.auth_fail
    assert stats.year_inferred["first_year"] == 2026


def test_charon_filelog_with_and_without_time(tmp_path):
    text = ("2026-02-12 08:00:01 09[IKE] IKE_SA home[1] established between 198.51.100.1[gw]..."
            "192.0.2.77[carol@example.com]\n"
            "Feb 12 08:00:02 09[CFG] selected peer config 'home'\n"
            "09[NET] received packet without time\n")
    path = _write(tmp_path, "charon.log", text)
    assert detect_kind(path) == "charon"
    records, stats = _parse(parse_charon, path)
    assert records[0].account == "carol@example.com" and records[0].kind is EventKind.connect
    assert stats.skipped == 1 and "time_format" in stats.samples[0].reason


# -- FreeRADIUS ----------------------------------------------------------------------------------

RADIUS = """\
Mon Feb  2 10:00:00 2026
\tUser-Name = "zhao.liu"
\tCalling-Station-Id = "192.0.2.30"
\tAcct-Status-Type = Start
\tAcct-Session-Id = "s1"

Mon Feb  2 11:00:00 2026
\tUser-Name = "zhao.liu"
\tCalling-Station-Id = "192.0.2.30"
\tAcct-Status-Type = Stop

Not a time at all
\tUser-Name = "ghost"

Mon Feb  2 12:00:00 2026
\tthis line has no equals sign
\tPacket-Type = Access-Reject
"""


def test_radius_start_stop_reject_and_bad_records(tmp_path):
    path = _write(tmp_path, "detail-20260202", RADIUS)
    assert detect_kind(path) == "radius"
    records, stats = _parse(parse_radius, path)
    assert [r.kind for r in records] == [EventKind.connect, EventKind.disconnect,
                                         EventKind.auth_fail]
    assert records[0].account == "zhao.liu" and records[0].address == "192.0.2.30"
    assert stats.skipped == 2
    assert [(s.line, s.column) for s in stats.samples] == [(12, 1), (16, 2)]


# -- CSV and JSON Lines ------------------------------------------------------------------------------

def test_csv_with_mapping_events_and_a_bad_time(tmp_path):
    text = ("ts,login,src_ip,action\n"
            "2026-02-01T09:00:00,qian.qi,192.0.2.40:5555,login\n"
            "2026-02-01T10:00:00,qian.qi,192.0.2.40,logout\n"
            "yesterday,qian.qi,192.0.2.40,login\n"
            "1769936400,sun.ba,192.0.2.41,login\n")
    mapping = parse_mapping("time=ts,user=login,address=src_ip,event=action")
    records, stats = _parse(parse_csv, _write(tmp_path, "s.csv", text), mapping=mapping)
    assert [r.kind for r in records] == [EventKind.connect, EventKind.disconnect, EventKind.connect]
    assert records[0].address == "192.0.2.40"
    assert records[2].time == dt.datetime(2026, 2, 1, 9, 0)  # epoch seconds, UTC
    assert stats.skipped == 1 and (stats.samples[0].line, stats.samples[0].column) == (4, 1)


def test_csv_header_without_the_mapped_column_is_an_error(tmp_path):
    path = _write(tmp_path, "s.csv", "when,who\n2026-01-01,a\n")
    with pytest.raises(InputError) as info:
        _parse(parse_csv, path, mapping=parse_mapping("time=ts,user=who"))
    assert info.value.location.line == 1 and info.value.found == "ts"


def test_csv_with_time_format(tmp_path):
    path = _write(tmp_path, "s.csv", "t,u\n01/02/2026 10:00,x\n")
    records, _ = _parse(parse_csv, path, mapping=parse_mapping("time=t,user=u"),
                        time_format="%d/%m/%Y %H:%M")
    assert records[0].time == dt.datetime(2026, 2, 1, 10, 0)
    assert records[0].kind is EventKind.connect  # no event column: every row is a session


def test_jsonl_with_nested_keys_and_bad_lines(tmp_path):
    text = ('{"ts": "2026-02-01T09:00:00Z", "user": {"name": "a1"}, "src": {"ip": "192.0.2.9"}}\n'
            '{"ts": \n'
            '[1, 2]\n'
            '{"ts": 1769936400000, "user": {"name": "a2"}}\n')
    mapping = parse_mapping("time=ts,user=user.name,address=src.ip")
    records, stats = _parse(parse_jsonl, _write(tmp_path, "s.jsonl", text), mapping=mapping)
    assert [r.account for r in records] == ["a1", "a2"]
    assert records[1].time == dt.datetime(2026, 2, 1, 9, 0)  # epoch milliseconds
    assert stats.skipped == 2


@pytest.mark.parametrize("text,words", [
    ("user=login", "must name the time"),
    ("time=ts,colour=red", "unknown --map key"),
    ("time", "not key=column"),
    ("time=a,time=b", "twice"),
])
def test_bad_mappings_are_input_errors(text, words):
    with pytest.raises(InputError) as info:
        parse_mapping(text)
    assert words in info.value.message


def test_tabular_without_mapping_says_how_to_fix(tmp_path):
    with pytest.raises(InputError) as info:
        _parse(parse_csv, _write(tmp_path, "s.csv", "a\n1\n"))
    assert "--map" in info.value.hint


# -- addresses -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("192.0.2.1:1194", "192.0.2.1"),
    ("[AF_INET]192.0.2.1:1194", "192.0.2.1"),
    ("::ffff:192.0.2.1", "192.0.2.1"),
    ("[2001:db8::1]:443", "2001:db8::1"),
    ("udp4:192.0.2.1:1194", "192.0.2.1"),
    ("0123456789", "0123456789"),
    ("", None),
])
def test_normalize_address(raw, expected):
    assert normalize_address(raw) == expected
