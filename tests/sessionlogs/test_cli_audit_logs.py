"""``kuajing audit logs`` end to end: the documented JSON document, the text view, exit codes."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

import kuajing
from kuajing.cli import app, main
from kuajing.findings import Finding

from .conftest import hourly_openvpn_log, realdata

D = dt.datetime
runner = CliRunner()

TOP_LEVEL = {"kuajing", "format", "as_of", "options", "sources", "coverage", "attribution",
             "anomalies", "facts", "findings", "verdict", "exit_code", "disclaimer"}


def test_help_lists_the_options():
    result = runner.invoke(app, ["audit", "logs", "--help"])
    assert result.exit_code == 0
    for option in ("--as-of", "--format", "--kind", "--directory", "--gap", "--since", "--map",
                   "--time-format"):
        assert option in result.output


def test_json_document_on_a_compliant_log(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 8, 1), D(2026, 2, 28, 23))
    directory = tmp_path / "accounts.csv"
    directory.write_text("account,name,kind\n" + "".join(f"user{i},Person {i},employee\n"
                                                          for i in range(7)), encoding="utf-8")
    result = runner.invoke(app, ["audit", "logs", str(log), "--as-of", "2026-03-01",
                                 "--directory", str(directory), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == TOP_LEVEL
    assert doc["format"] == "kuajing.audit-logs/1" and doc["kuajing"] == kuajing.__version__
    assert doc["disclaimer"] == kuajing.DISCLAIMER_EN
    for f in doc["findings"]:
        Finding.model_validate(f)  # the same model as kuajing assess
    facts = {f["fact"]: f for f in doc["facts"]}
    assert facts["logging.earliest_record"]["value"] == "2025-08-01"
    assert (facts["logging.earliest_record"]["file"], facts["logging.earliest_record"]["line"],
            facts["logging.earliest_record"]["column"]) == (str(log), 1, 21)
    assert facts["logging.real_name"]["value"] is True
    assert doc["coverage"]["retention"]["cutoff"] == "2025-09-01"
    assert "user1" not in result.output  # accounts are masked
    assert "192.0.2.1" not in result.output  # addresses are counted, never shown


def test_text_view_prints_the_disclaimer_once_and_exits_1_when_at_risk(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 12, 1), D(2026, 2, 28, 23))
    result = runner.invoke(app, ["audit", "logs", str(log), "--as-of", "2026-03-01"])
    assert result.exit_code == 1
    assert result.output.count(kuajing.DISCLAIMER_EN) == 1
    assert "logs_retention" in result.output and "at_risk" in result.output


def test_violation_with_a_declared_start_exits_1(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 12, 1), D(2026, 2, 28, 23))
    result = runner.invoke(app, ["audit", "logs", str(log), "--as-of", "2026-03-01",
                                 "--since", "2024-01-01", "-f", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    statuses = {f["rule_id"]: f["status"] for f in doc["findings"]}
    assert statuses["logs_retention"] == "violation" and doc["verdict"] == "violation"


def test_input_errors_exit_2_with_the_location(tmp_path, capsys):
    broken = realdata("openvpn-status", "tonyseek-openvpn-status", "tests", "data",
                      "broken-openvpn-status", "7.txt")
    assert main(["audit", "logs", str(broken), "--as-of", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:4:50" in err and "Traceback" not in err


def test_bad_options_exit_2(tmp_path, capsys):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2026, 2, 1), D(2026, 2, 2))
    assert main(["audit", "logs", str(log), "--gap", "soon"]) == 2
    assert main(["audit", "logs", str(log), "--as-of", "March"]) == 2
    assert main(["audit", "logs", str(tmp_path / "missing.log")]) == 2
    assert main(["audit", "logs", str(log), "--kind", "csv", "--map", "user=x"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_report_that_cannot_be_written_exits_2(tmp_path, capsys):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2026, 2, 1), D(2026, 2, 2))
    target = tmp_path / "no-such-folder" / "report.json"
    assert main(["audit", "logs", str(log), "-f", "json", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "Traceback" not in err


def test_a_file_of_another_format_with_comments_is_an_error_not_an_empty_audit(tmp_path, capsys):
    """Comment lines are ignored, but they are no sign that the file is a log of the format."""
    conf = tmp_path / "wg0.conf"
    conf.write_text("# a WireGuard config\n[Interface]\n# key below\nListenPort = 51820\n")
    for kind in ("charon", "openvpn"):
        assert main(["audit", "logs", str(conf), "--kind", kind]) == 2
        err = capsys.readouterr().err
        assert f"{conf}:2:1" in err and "Traceback" not in err


def test_csv_through_the_command_line(tmp_path):
    log = tmp_path / "sessions.csv"
    rows = ["ts,login,src_ip,action"]
    t = D(2025, 8, 1)
    while t < D(2026, 3, 1):
        rows.append(f"{t.isoformat()},wang.wu,192.0.2.5,login")
        t += dt.timedelta(hours=6)
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "logs", str(log), "--as-of", "2026-03-01", "--map",
                                 "time=ts,user=login,address=src_ip,event=action", "-f", "json"])
    doc = json.loads(result.output)
    assert doc["sources"][0]["kind"] == "csv"
    assert doc["attribution"]["sessions"] == len(rows) - 1
    assert result.exit_code == 0  # no directory: real-name needs evidence, which does not fail


def test_the_console_entry_point_returns_1_for_findings(tmp_path, capsys):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 12, 1), D(2026, 2, 28, 23))
    assert main(["audit", "logs", str(log), "--as-of", "2026-03-01", "-f", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["exit_code"] == 1


def test_errors_and_skip_reasons_never_quote_log_data(tmp_path, capsys):
    """Log lines hold accounts and addresses: errors and skipped-line samples give places and
    sizes, never the text."""
    unknown = tmp_path / "mystery.log"
    unknown.write_text("li.wei logged on from 198.51.100.77\n", encoding="utf-8")
    assert main(["audit", "logs", str(unknown), "--as-of", "2026-03-01"]) == 2
    csv_log = tmp_path / "s.csv"
    csv_log.write_text("ts,login\nwang.wu,2026-01-01\n2026-01-02T09:00:00,zhao.liu\n", encoding="utf-8")
    main(["audit", "logs", str(csv_log), "--as-of", "2026-03-01", "--map", "time=ts,user=login",
          "-f", "json"])
    out = capsys.readouterr()
    for value in ("li.wei", "198.51.100.77", "wang.wu"):
        assert value not in out.out + out.err
    assert f"{unknown}:1:1" in out.err
