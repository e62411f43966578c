"""Every real log in ../shared/realdata/vpn-logs parses, or gives an error that points at the spot.

The files come from public repositories (see SOURCES.md there): OpenVPN status files of three
exporters (versions 1–3, duplicates, deliberately broken ones), the FreeRADIUS detail test
record, fail2ban's OpenVPN test log, and wazuh rule tests that embed raw log lines.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kuajing.errors import InputError
from kuajing.evidence.sessionlogs import AuditOptions, EventKind, run_audit, run_checks
from kuajing.evidence.sessionlogs._context import ParseContext
from kuajing.evidence.sessionlogs.model import SourceStats
from kuajing.evidence.sessionlogs.openvpn import parse_openvpn_log, parse_openvpn_status
from kuajing.findings import Status

from .conftest import AS_OF, KEY, REALDATA, realdata, realdata_files

STATUS = ("openvpn-status",)


def _records(parser, path, as_of=AS_OF):
    stats = SourceStats(str(path), "test")
    ctx = ParseContext(as_of=as_of)
    return list(parser(path, stats, ctx)), stats


def test_realdata_folder_is_there():
    assert realdata("SOURCES.md").is_file()
    assert len(realdata_files()) >= 30, f"expected the real logs under {REALDATA}"


@pytest.mark.parametrize("path", realdata_files(), ids=lambda p: str(p.relative_to(REALDATA)))
def test_every_real_file_parses_or_points_at_the_problem(path: Path):
    try:
        result = run_audit([path], as_of=AS_OF, key=KEY)
    except InputError as exc:
        assert exc.location is not None and exc.location.file == str(path)
        assert exc.location.line is not None and exc.location.line >= 1
        assert exc.expected, "a pointed error says what was expected"
        return
    findings = run_checks(result)
    assert {f.rule_id for f in findings} == {"logs_retention", "logs_continuity", "logs_real_name",
                                             "logs_shared_accounts", "logs_clock"}


STATUS_CASES = [
    # file, version note, sessions, accounts seen in sessions
    ("patrickjahns-openvpn_exporter/example/version1.status", "status version 1", 4,
     {"user1", "user2", "user3@test.de", "user4"}),
    ("patrickjahns-openvpn_exporter/example/version2.status", "status version 2", 2,
     {"test@localhost", "test1@localhost"}),
    ("patrickjahns-openvpn_exporter/example/version3.status", "status version 3", 2,
     {"test@localhost", "test1@localhost"}),
    ("kumina-openvpn_exporter/examples/server2.status", "status version 2", 5,
     {"redacted1", "redacted2", "redacted3", "redacted4", "redacted5"}),
    ("kumina-openvpn_exporter/examples/server3.status", "status version 3", 5,
     {"redacted1", "redacted2", "redacted3", "redacted4", "redacted5"}),
    ("patrickjahns-openvpn_exporter/example/duplicate.status", "status version 1", 4,
     {"foo_foo", "bar_bar", None}),
    ("tonyseek-openvpn-status/tests/data/openvpn-status.txt", "status version 1", 5,
     {"foo@example.com", "bar@example.com", "baz@example.com", "tap@example.com"}),
]


@pytest.mark.parametrize("name,version,sessions,accounts", STATUS_CASES,
                         ids=[c[0].rsplit("/", 1)[-1] for c in STATUS_CASES])
def test_status_files_of_each_version(name, version, sessions, accounts):
    path = realdata("openvpn-status", *name.split("/"))
    records, stats = _records(parse_openvpn_status, path)
    assert version in stats.notes
    connects = [r for r in records if r.kind is EventKind.connect]
    assert len(connects) == sessions
    assert {r.account for r in connects} == accounts
    snapshot = [r for r in records if r.kind is EventKind.snapshot]
    assert len(snapshot) == 1 and snapshot[0].line == 2


def test_version2_reads_times_and_addresses_by_header_name():
    path = realdata("openvpn-status", "patrickjahns-openvpn_exporter", "example", "version2.status")
    records, _ = _records(parse_openvpn_status, path)
    first = next(r for r in records if r.kind is EventKind.connect)
    assert first.time == dt.datetime(2020, 4, 30, 13, 55, 38)
    assert first.address == "1.2.3.4" and first.line == 4
    assert first.column == len("CLIENT_LIST,") + 1


def test_duplicate_rows_count_once_and_undef_has_no_account():
    path = realdata("openvpn-status", "patrickjahns-openvpn_exporter", "example", "duplicate.status")
    records, stats = _records(parse_openvpn_status, path)
    assert any("counted once" in n for n in stats.notes)
    undef = [r for r in records if r.kind is EventKind.connect and r.account is None]
    assert {r.address for r in undef} == {"3.3.3.3", "4.4.4.4"}  # ::ffff: prefix removed


def test_client_statistics_file_has_a_time_but_no_sessions():
    path = realdata("openvpn-status", "kumina-openvpn_exporter", "examples", "client.status")
    records, stats = _records(parse_openvpn_status, path)
    assert [r.kind for r in records] == [EventKind.snapshot]
    assert records[0].time == dt.datetime(2017, 3, 21, 10, 39, 9)


def test_a_client_connected_after_the_status_time_is_a_clock_disagreement():
    path = realdata("openvpn-status", "tonyseek-openvpn-status", "tests", "data",
                    "openvpn-status.txt")
    result = run_audit([path], as_of=AS_OF, key=KEY)
    disagreeing = result.clock.counts["disagreeing"]
    assert disagreeing.count == 1 and disagreeing.examples[0]["line"] == 8  # tap@ in 2017


BROKEN = [
    # file, line, column, words of the message
    ("1.txt", 1, 1, "cannot tell the format"),
    ("2.txt", 3, 1, "ends early"),
    ("3.txt", 2, 1, "ends early"),
    ("4.txt", 2, 9, "not a time"),
    ("5.txt", 2, 1, "'Updated' line"),
    ("6.txt", 7, 1, "wrong number of fields"),
    ("7.txt", 4, 50, "'Connected Since' is not a time"),
]


@pytest.mark.parametrize("name,line,column,words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_status_files_give_pointed_errors(name, line, column, words):
    path = realdata("openvpn-status", "tonyseek-openvpn-status", "tests", "data",
                    "broken-openvpn-status", name)
    with pytest.raises(InputError) as info:
        run_audit([path], as_of=AS_OF)
    err = info.value
    assert (err.location.file, err.location.line, err.location.column) == (str(path), line, column)
    assert words in err.message


def test_broken_status_named_explicitly_says_what_the_title_should_be():
    path = realdata("openvpn-status", "tonyseek-openvpn-status", "tests", "data",
                    "broken-openvpn-status", "1.txt")
    with pytest.raises(InputError) as info:
        run_audit([path], as_of=AS_OF, options=AuditOptions(kind="openvpn-status"))
    assert "OpenVPN CLIENT LIST" in info.value.expected
    assert info.value.found == "BrokenVPN CLIENT LIST"


def test_empty_status_file_is_an_empty_source_not_a_crash():
    path = realdata("openvpn-status", "tonyseek-openvpn-status", "tests", "data",
                    "broken-openvpn-status", "0.txt")
    result = run_audit([path], as_of=AS_OF)
    assert result.sources[0].records == 0 and "empty file" in result.sources[0].notes
    statuses = {f.rule_id: f.status for f in run_checks(result)}
    assert statuses["logs_retention"] is Status.needs_evidence


def test_fail2ban_openvpn_syslog_with_and_without_host_and_inferred_year():
    path = realdata("fail2ban-test-logs", "fail2ban", "tests", "files", "logs", "openvpn")
    records, stats = _records(parse_openvpn_log, path)
    assert stats.records == 20 and stats.skipped == 0
    assert stats.ignored == 8  # the failJSON comment lines
    assert stats.year_inferred["first_year"] == 2025  # Apr 25, as of 2026-03-01
    assert records[0].time == dt.datetime(2025, 4, 25, 10, 57, 30)
    fails = [r for r in records if r.kind is EventKind.auth_fail]
    assert {r.address for r in fails} >= {"192.0.2.251", "192.0.2.252", "192.0.2.254"}
    no_host = next(r for r in records if r.line == 22)  # "Apr 25 11:19:00 ovpn-server[13818]: …"
    assert no_host.address == "192.0.2.251" and no_host.kind is EventKind.auth_fail


def test_year_is_inferred_from_the_as_of_date():
    path = realdata("fail2ban-test-logs", "fail2ban", "tests", "files", "logs", "openvpn")
    records, stats = _records(parse_openvpn_log, path, as_of=dt.date(2026, 4, 1))
    assert stats.year_inferred["first_year"] == 2025  # April 25 is after 1 April 2026 + 1 day
    records, stats = _records(parse_openvpn_log, path, as_of=dt.date(2026, 5, 1))
    assert records[0].time.year == 2026


def test_freeradius_detail_record_and_its_disagreeing_clocks():
    path = realdata("freeradius-server", "src", "tests", "detail", "one.txt")
    result = run_audit([path], as_of=AS_OF, key=KEY)
    assert result.sources[0].kind == "radius"
    assert result.attribution.sessions == 1  # Acct-Status-Type = Start
    assert result.coverage.earliest.time == dt.datetime(2011, 9, 13, 16, 24, 27)
    assert result.coverage.earliest.address == "0123456789"  # Calling-Station-Id
    disagreeing = result.clock.counts["disagreeing"]
    assert disagreeing.count == 1 and disagreeing.examples[0]["line"] == 9  # Timestamp = 2019


def test_openvpn_lines_embedded_in_wazuh_rule_tests_parse(tmp_path):
    ini = realdata("wazuh-ruleset-tests", "ruleset", "testing", "tests", "openvpn_ldap.ini")
    lines = [ln.split(" pass = ", 1)[1] for ln in ini.read_text(encoding="utf-8").splitlines()
             if " pass = " in ln]
    log = tmp_path / "openvpn.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, stats = _records(parse_openvpn_log, log)
    assert stats.records == len(lines) == 2
    assert all(r.kind is EventKind.auth_fail for r in records)  # LDAP bind failed / bad password


@pytest.mark.parametrize("name", ["dante", "squid", "3proxy", "stunnel", "routeros-auth",
                                  "softethervpn"])
def test_other_daemons_logs_are_refused_with_a_hint(name):
    path = realdata("fail2ban-test-logs", "fail2ban", "tests", "files", "logs", name)
    with pytest.raises(InputError) as info:
        run_audit([path], as_of=AS_OF)
    assert "--kind" in info.value.hint


def test_other_daemons_lines_in_a_shared_syslog_are_ignored_not_read_as_openvpn():
    path = realdata("fail2ban-test-logs", "fail2ban", "tests", "files", "logs", "dante")
    records, stats = _records(parse_openvpn_log, path)
    assert records == [] and stats.ignored == stats.lines - 0 and stats.skipped == 0
