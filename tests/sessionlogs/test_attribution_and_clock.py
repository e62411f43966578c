"""Real-name attribution, shared accounts and clock anomalies, on small fixtures of our own.

Account names are synthetic pinyin-style names; addresses are documentation ranges.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kuajing.errors import InputError
from kuajing.evidence.sessionlogs import AuditOptions, channel_facts, run_audit, run_checks
from kuajing.evidence.sessionlogs.attribution import load_directory, mask
from kuajing.findings import Status

from .conftest import AS_OF, KEY, ovpn_line

D = dt.datetime

DIRECTORY = """\
account,person_id,name,kind
zhang.san,E001,Zhang San,employee
li.si,E002,Li Si,contractor
partner01,P9,Partner Co contact,third_party
backup-bot,,,service
"""


def _dir(tmp_path: Path, text: str = DIRECTORY) -> Path:
    path = tmp_path / "accounts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _log(tmp_path: Path, lines: list[str], name: str = "openvpn.log") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def connect(t, user, ip, port=50000):
    return ovpn_line(t, f"{ip}:{port} [{user}] Peer Connection Initiated with [AF_INET]{ip}:{port}")


def exit_(t, user, ip, port=50000):
    return ovpn_line(t, f"{user}/{ip}:{port} SIGTERM[soft,remote-exit] received, "
                        "client-instance exiting")


def _findings(result):
    return {f.rule_id: f for f in run_checks(result)}


def test_share_unknown_service_and_third_party_accounts(tmp_path):
    t = D(2026, 2, 1, 9)
    log = _log(tmp_path, [
        connect(t, "zhang.san", "192.0.2.1"),
        connect(t + dt.timedelta(hours=2), "ZHANG.SAN", "192.0.2.1"),  # case does not matter
        connect(t + dt.timedelta(hours=3), "li.si", "192.0.2.2"),
        connect(t + dt.timedelta(hours=4), "partner01", "198.51.100.3"),
        connect(t + dt.timedelta(hours=5), "backup-bot", "192.0.2.9"),
        connect(t + dt.timedelta(hours=6), "stranger", "203.0.113.4"),
    ])
    result = run_audit([log], as_of=AS_OF, directory=_dir(tmp_path), key=KEY)
    s = result.attribution_summary()
    assert (s["sessions"], s["sessions_attributed"], s["share"]) == (6, 4, round(4 / 6, 4))
    assert s["unknown_accounts"]["count"] == 1 and s["unknown_accounts"]["sessions"] == 1
    assert s["service_accounts"]["count"] == 1
    assert s["third_party_accounts"]["count"] == 1
    f = _findings(result)["logs_real_name"]
    assert f.status is Status.at_risk
    assert f.provisions == ["csl:24"] and f.provisions_resolved[0].cited_as == "CSL Art. 26"
    assert "third-party" in f.reason
    assert f.location == f"{log}:6:21"  # the stranger's session: file, line and column
    assert s["unknown_accounts"]["first_session"] == f"{log}:6:21"
    facts = {x.fact: x.value for x in channel_facts([log], as_of=AS_OF,
                                                     directory=_dir(tmp_path), key=KEY)}
    assert facts["logging.real_name"] is False
    assert facts["logging.real_name_share"] == round(4 / 6, 4)
    assert facts["users.third_party_accounts"] == 1


def test_every_session_resolving_is_compliant(tmp_path):
    t = D(2026, 2, 1, 9)
    log = _log(tmp_path, [connect(t, "zhang.san", "192.0.2.1"),
                          connect(t + dt.timedelta(hours=2), "li.si", "192.0.2.2")])
    result = run_audit([log], as_of=AS_OF, directory=_dir(tmp_path), key=KEY)
    f = _findings(result)
    assert f["logs_real_name"].status is Status.compliant
    assert f["logs_shared_accounts"].status is Status.compliant
    facts = {x.evidence.fact: x.evidence.value for x in result.facts()}
    assert facts["logging.real_name"] is True and facts["logging.real_name_share"] == 1


def test_without_a_directory_attribution_needs_evidence(tmp_path):
    log = _log(tmp_path, [connect(D(2026, 2, 1), "zhang.san", "192.0.2.1")])
    f = _findings(run_audit([log], as_of=AS_OF))["logs_real_name"]
    assert f.status is Status.needs_evidence and f.missing_facts == ["evidence.directory"]


def test_one_account_from_two_addresses_at_once_is_shared(tmp_path):
    t = D(2026, 2, 1, 9)
    log = _log(tmp_path, [
        connect(t, "zhang.san", "192.0.2.1"),
        connect(t + dt.timedelta(minutes=10), "zhang.san", "203.0.113.7"),
    ])
    result = run_audit([log], as_of=AS_OF, directory=_dir(tmp_path), key=KEY)
    f = _findings(result)["logs_shared_accounts"]
    assert f.status is Status.at_risk
    assert f.location == f"{log}:2:21"
    shared = result.attribution_summary()["shared_accounts"]
    assert shared["count"] == 1 and shared["examples"][0]["addresses"] == 2
    assert {x.evidence.fact: x.evidence.value for x in result.facts()}["logging.real_name"] is False


def test_the_same_account_after_a_clean_disconnect_is_not_shared(tmp_path):
    t = D(2026, 2, 1, 9)
    log = _log(tmp_path, [
        connect(t, "zhang.san", "192.0.2.1"),
        exit_(t + dt.timedelta(minutes=5), "zhang.san", "192.0.2.1"),
        connect(t + dt.timedelta(minutes=10), "zhang.san", "203.0.113.7"),
    ])
    result = run_audit([log], as_of=AS_OF)
    assert result.attribution_summary()["shared_accounts"]["count"] == 0


def test_a_session_silent_for_longer_than_the_window_is_over(tmp_path):
    t = D(2026, 2, 1, 9)
    log = _log(tmp_path, [connect(t, "zhang.san", "192.0.2.1"),
                          connect(t + dt.timedelta(hours=3), "zhang.san", "203.0.113.7")])
    assert run_audit([log], as_of=AS_OF).attribution_summary()["shared_accounts"]["count"] == 0


def test_two_ports_of_one_address_are_not_two_places(tmp_path):
    t = D(2026, 2, 1, 9)
    log = _log(tmp_path, [connect(t, "zhang.san", "192.0.2.1", 1),
                          connect(t, "zhang.san", "192.0.2.1", 2)])
    assert run_audit([log], as_of=AS_OF).attribution_summary()["shared_accounts"]["count"] == 0


def test_concurrent_clients_in_a_status_snapshot_share_an_account(tmp_path):
    status = tmp_path / "status.log"
    status.write_text(
        "OpenVPN CLIENT LIST\nUpdated,Sun Feb  1 12:00:00 2026\n"
        "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since\n"
        "zhang.san,192.0.2.1:1000,1,1,Sat Jan 31 08:00:00 2026\n"
        "zhang.san,198.51.100.2:2000,1,1,Sun Feb  1 11:00:00 2026\n"
        "ROUTING TABLE\nVirtual Address,Common Name,Real Address,Last Ref\n"
        "GLOBAL STATS\nEND\n", encoding="utf-8")
    result = run_audit([status], as_of=AS_OF)
    assert result.attribution_summary()["shared_accounts"]["count"] == 1


def test_no_raw_account_or_address_in_the_summary(tmp_path):
    t = D(2026, 2, 1, 9)
    log = _log(tmp_path, [connect(t, "stranger.name", "203.0.113.99"),
                          connect(t, "stranger.name", "198.51.100.99")])
    result = run_audit([log], as_of=AS_OF, directory=_dir(tmp_path), key=KEY)
    text = repr(result.attribution_summary()) + repr([f.model_dump() for f in run_checks(result)])
    assert "stranger.name" not in text and "203.0.113.99" not in text
    assert mask("stranger.name", KEY) in text


def test_mask():
    assert mask("zhang.san").startswith("zh***")
    assert mask("ab") == "a***"
    masked = mask("zhang.san", KEY)
    assert masked.startswith("zh***#")
    assert mask(" Zhang.San ", KEY).split("#")[1] == masked.split("#")[1]  # one person, one hash


@pytest.mark.parametrize("text,line,column,words", [
    ("user,name\nx,y\n", 1, 1, "no 'account' column"),
    ("account,kind\nx,employee\n", 1, 1, "no person column"),
    ("account,name,kind\nx,X,boss\n", 2, 5, "unknown account kind"),
    ("account,name\nx,X\nX,Y\n", 3, 1, "listed twice"),
    ("account,name\n,X\n", 2, 1, "has no account"),
    ("", 1, 1, "empty"),
])
def test_directory_errors_point_at_the_spot(tmp_path, text, line, column, words):
    path = _dir(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_directory(path)
    loc = info.value.location
    assert (loc.file, loc.line, loc.column) == (str(path), line, column)
    assert words in info.value.message


def test_missing_directory_file(tmp_path):
    with pytest.raises(InputError):
        load_directory(tmp_path / "nope.csv")


# -- clock anomalies --------------------------------------------------------------------------------

def test_backwards_future_and_unset_clocks(tmp_path):
    log = _log(tmp_path, [
        ovpn_line(D(2026, 2, 1, 10), "a"),
        ovpn_line(D(2026, 2, 1, 9), "b: an hour back"),
        ovpn_line(D(2026, 2, 1, 9, 3), "c: within tolerance of nothing, forwards"),
        ovpn_line(D(2027, 1, 1), "d: the future"),
        ovpn_line(D(1970, 1, 1, 0, 0, 5), "e: clock never set"),
    ])
    result = run_audit([log], as_of=AS_OF)
    counts = result.clock.counts
    assert (counts["backwards"].count, counts["future"].count, counts["implausible"].count) == \
        (1, 1, 1)
    assert counts["backwards"].examples[0]["line"] == 2
    assert result.clock.unsorted == [str(log)]
    assert result.coverage.records == 3  # the future and 1970 records do not count
    assert result.coverage.earliest.time == D(2026, 2, 1, 9)
    f = {x.rule_id: x for x in run_checks(result)}["logs_clock"]
    assert f.status is Status.at_risk and f.strength.value == "recommended"


def test_small_disorder_within_tolerance_is_not_an_anomaly(tmp_path):
    log = _log(tmp_path, [ovpn_line(D(2026, 2, 1, 10), "a"),
                          ovpn_line(D(2026, 2, 1, 9, 58), "b")])
    assert run_audit([log], as_of=AS_OF).clock.total == 0
    tight = run_audit([log], as_of=AS_OF, options=AuditOptions(tolerance=dt.timedelta(seconds=30)))
    assert tight.clock.counts["backwards"].count == 1


def test_syslog_year_rolls_over_at_new_year(tmp_path):
    log = _log(tmp_path, [
        "Dec 31 23:59:00 gw openvpn[1]: 192.0.2.1:1 TLS Error: TLS handshake failed",
        "Jan  1 00:01:00 gw openvpn[1]: 192.0.2.1:1 TLS Error: TLS handshake failed",
        "Feb 27 00:01:00 gw openvpn[1]: 192.0.2.1:1 TLS Error: TLS handshake failed",
    ])
    result = run_audit([log], as_of=AS_OF)
    assert result.coverage.earliest.time == D(2025, 12, 31, 23, 59)
    assert result.coverage.latest.time == D(2026, 2, 27, 0, 1)
    inferred = result.clock.year_inferred[0]
    assert (inferred["first_year"], inferred["last_year"]) == (2025, 2026)
    assert "inferred" in {x.rule_id: x for x in run_checks(result)}["logs_clock"].explanation
