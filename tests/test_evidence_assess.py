"""Evidence becomes facts: `kuajing assess` uses what the configuration proves, says where, and
says when the declaration disagrees."""

from __future__ import annotations

from pathlib import Path

from kuajing.assess import assess

ROOT = Path(__file__).resolve().parents[1]


def finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def test_config_evidence_overrides_the_declaration_and_cites_its_position():
    result = assess(ROOT / "examples/self-built-ipsec-evidence.yaml")
    f = finding(result, "rec_key_length")
    fact = next(x for x in f.facts_used if x.path.endswith("min_symmetric_key_bits"))
    assert fact.value == 128 and fact.source.endswith("swanctl.conf:7:19")
    assert "declares 256 but the evidence shows 128" in f.explanation
    assert f.status.value == "at_risk"


def test_crossing_the_border_is_proved_by_the_site_map():
    result = assess(ROOT / "examples/self-built-ipsec-evidence.yaml")
    f = finding(result, "intl_channel_authorised")
    fact = next(x for x in f.facts_used if x.path.endswith("crosses_border"))
    assert fact.value is True and "swanctl.conf" in fact.source
    assert f.status.value == "at_risk"


def test_logging_enabled_comes_from_strongswan_conf():
    result = assess(ROOT / "examples/self-built-ipsec-evidence.yaml")
    f = finding(result, "log_retention")
    fact = next(x for x in f.facts_used if x.path.endswith("logging.enabled"))
    assert fact.value is True and "strongswan.conf" in fact.source


def test_session_logs_prove_records_were_lost_when_logging_began_earlier():
    result = assess(ROOT / "examples/remote-access-evidence.yaml")
    f = finding(result, "log_retention")
    assert f.status.value == "violation"
    assert "declares 12.0 but the evidence shows" in f.explanation
    fact = next(x for x in f.facts_used if x.path.endswith("retention_months"))
    assert fact.source.startswith("examples/evidence/ra/openvpn.log:1:") or "openvpn.log:1:" in fact.source


def _log_profile(tmp_path, since: str | None, first_day: str):
    import datetime as dt

    start = dt.date.fromisoformat(first_day)
    lines = []
    day = start
    while day <= dt.date(2026, 2, 28):
        lines.append(f"{day:%Y-%m-%d} 09:00:00 198.51.100.11:40000 [li.wei] Peer Connection Initiated "
                     "with [AF_INET]198.51.100.11:40000")
        day += dt.timedelta(days=1)
    (tmp_path / "vpn.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    since_line = f"      log_since: {since}\n" if since else ""
    (tmp_path / "p.yaml").write_text(
        "kuajing: 1\nas_of: 2026-03-01\nactor: {kind: organisation, ciio: false}\nchannels:\n"
        "  - id: ra\n    kind: self_built_vpn\n    crosses_border: false\n    evidence:\n"
        "      logs: [vpn.log]\n" + since_line, encoding="utf-8")
    return tmp_path / "p.yaml"


def test_short_logs_without_a_start_date_are_at_risk_not_a_violation(tmp_path, monkeypatch):
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))
    f = finding(assess(_log_profile(tmp_path, None, "2025-12-01")), "log_retention")
    assert f.status.value == "at_risk" and "evidence.log_since" in f.reason


def test_a_young_system_that_kept_everything_is_compliant(tmp_path, monkeypatch):
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))
    f = finding(assess(_log_profile(tmp_path, "2025-12-01", "2025-12-01")), "log_retention")
    assert f.status.value == "compliant" and "Logging began on 2025-12-01" in f.explanation


def test_logs_younger_than_the_declared_start_are_a_violation(tmp_path, monkeypatch):
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))
    f = finding(assess(_log_profile(tmp_path, "2025-01-01", "2025-12-01")), "log_retention")
    assert f.status.value == "violation"


def test_logs_that_hold_nothing_of_the_retention_period_do_not_pass_it(tmp_path, monkeypatch):
    """Logs of 2024 only, assessed on 2026-03-01: they do not prove six months of retained logs,
    whatever the oldest record's age; the declared 12 months are contradicted and it says so."""
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))
    import datetime as dt

    lines, day = [], dt.date(2024, 1, 1)
    while day <= dt.date(2024, 3, 1):
        lines.append(f"{day:%Y-%m-%d} 09:00:00 198.51.100.11:40000 [li.wei] Peer Connection Initiated "
                     "with [AF_INET]198.51.100.11:40000")
        day += dt.timedelta(days=1)
    (tmp_path / "vpn.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "kuajing: 1\nas_of: 2026-03-01\nactor: {kind: organisation, ciio: false}\nchannels:\n"
        "  - id: ra\n    kind: self_built_vpn\n    crosses_border: false\n"
        "    logging: {retention_months: 12}\n    evidence:\n      logs: [vpn.log]\n", encoding="utf-8")
    f = finding(assess(tmp_path / "p.yaml"), "log_retention")
    assert f.status.value == "at_risk"
    fact = next(x for x in f.facts_used if x.path.endswith("retention_months"))
    assert fact.value == 0.0 and "vpn.log:61:" in fact.source  # the newest record, 2024-03-01
    assert "declares 12.0 but the evidence shows 0.0" in f.explanation


def test_a_broken_evidence_file_is_an_input_error_naming_the_profile_field(tmp_path, capsys):
    from kuajing.cli import main

    (tmp_path / "wg0.conf").write_text("[Interface]\nListenPort = many\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "kuajing: 1\nas_of: 2026-03-01\nactor: {kind: organisation, ciio: false}\nchannels:\n"
        "  - id: ra\n    kind: self_built_vpn\n    evidence:\n      configs: [wg0.conf]\n", encoding="utf-8")
    assert main(["assess", str(tmp_path / "p.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'wg0.conf'}:2:14" in err and "Traceback" not in err
    assert "channels[ra].evidence.configs" in err and "p.yaml:8" in err


def test_a_csv_session_log_with_its_column_map_is_evidence(tmp_path, monkeypatch):
    """A CSV log named in the profile with `log_kind` and `log_map` proves the retained span, as
    `kuajing audit logs --map` does."""
    import datetime as dt

    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))
    rows, t = ["ts,login,src_ip,action"], dt.datetime(2025, 8, 1)
    while t < dt.datetime(2026, 3, 1):
        rows.append(f"{t.isoformat()},wang.wu,192.0.2.5,login")
        t += dt.timedelta(hours=6)
    (tmp_path / "sessions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "kuajing: 1\nas_of: 2026-03-01\nactor: {kind: organisation, ciio: false}\nchannels:\n"
        "  - id: ra\n    kind: self_built_vpn\n    crosses_border: false\n    evidence:\n"
        "      logs: [sessions.csv]\n      log_kind: csv\n"
        "      log_map: time=ts,user=login,address=src_ip,event=action\n"
        "      log_since: 2025-08-01\n", encoding="utf-8")
    f = finding(assess(tmp_path / "p.yaml"), "log_retention")
    fact = next(x for x in f.facts_used if x.path.endswith("retention_months"))
    assert "sessions.csv:2:" in fact.source and fact.value >= 6
    assert f.status.value == "compliant"


def test_an_unknown_log_kind_in_the_profile_is_an_input_error(tmp_path, capsys):
    from kuajing.cli import main

    (tmp_path / "p.yaml").write_text(
        "kuajing: 1\nas_of: 2026-03-01\nactor: {kind: organisation, ciio: false}\nchannels:\n"
        "  - id: ra\n    kind: self_built_vpn\n    evidence:\n      logs: [x.log]\n"
        "      log_kind: syslog\n", encoding="utf-8")
    assert main(["assess", str(tmp_path / "p.yaml")]) == 2
    err = capsys.readouterr().err
    assert "log_kind" in err and "p.yaml:9" in err and "Traceback" not in err


def test_the_profile_knows_every_log_kind_the_audit_reads():
    from kuajing.evidence.sessionlogs.detect import KINDS
    from kuajing.facts.profile import LOG_KINDS

    assert set(LOG_KINDS) == {"auto", *KINDS}
