"""The command line end to end on the bundled examples: formats, exit codes, errors."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kuajing.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_there_are_at_least_twelve_examples():
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_documented_json(example):
    code, out, _ = run("assess", str(example), "--format", "json")
    doc = json.loads(out)
    assert set(doc) >= {"kuajing", "format", "as_of", "verdict", "findings", "disclaimer"}
    assert doc["format"] == "kuajing.assessment/1"
    for f in doc["findings"]:
        assert {"rule_id", "status", "strength", "subject", "provisions", "explanation",
                "penalties", "remediation", "facts_used", "parameters_used"} <= set(f)
        assert all(":" in p for p in f["provisions"])
    binding_bad = [f for f in doc["findings"] if f["strength"] != "recommended"
                   and f["status"] in ("violation", "at_risk")]
    assert code == (1 if binding_bad else 0)


def test_shared_mpls_line_is_a_violation_with_citations():
    code, out, _ = run("assess", str(ROOT / "examples/fie-mpls-shared.yaml"), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["verdict"] == "violation"
    f = next(f for f in doc["findings"] if f["rule_id"] == "leased_line_internal_use")
    assert f["status"] == "violation" and "intl-networking-impl:21" in f["provisions"]


def test_compliant_mpls_line_exits_zero():
    code, out, _ = run("assess", str(ROOT / "examples/fie-mpls.yaml"), "--format", "json")
    doc = json.loads(out)
    assert code == 0
    statuses = {f["rule_id"]: f["status"] for f in doc["findings"]}
    assert statuses["intl_channel_authorised"] == "compliant"


def test_as_of_overrides_profile_date_and_renumbers_the_csl():
    path = str(ROOT / "examples/fie-mpls.yaml")
    _, out25, _ = run("assess", path, "--format", "json", "--as-of", "2025-12-31")
    _, out26, _ = run("assess", path, "--format", "json", "--as-of", "2026-01-01")
    cited = {}
    for label, out in (("2025", out25), ("2026", out26)):
        f = next(f for f in json.loads(out)["findings"] if f["rule_id"] == "log_retention")
        cited[label] = f["provisions_resolved"][0]["cited_as"]
        assert f["provisions"][0] == "csl:21"
    assert cited == {"2025": "CSL Art. 21", "2026": "CSL Art. 23"}


def test_missing_facts_are_named_and_never_compliant():
    code, out, _ = run("assess", str(ROOT / "examples/missing-facts.yaml"), "--format", "json")
    doc = json.loads(out)
    assert doc["verdict"] == "needs_evidence"
    missing = {m for f in doc["findings"] for m in f["missing_facts"]}
    assert "channels[0].kind" in missing
    assert code == 0
    code_strict, _, _ = run("assess", str(ROOT / "examples/missing-facts.yaml"), "--fail-on",
                            "needs_evidence", "--format", "json")
    assert code_strict == 1


def test_text_and_markdown_carry_the_disclaimer():
    for fmt in ("text", "markdown"):
        _, out, _ = run("assess", str(ROOT / "examples/individual-vpn-app.yaml"), "--format", fmt)
        assert "Not legal advice" in out
        assert "intl_channel_authorised" in out


def test_bad_profile_exits_2_with_pointed_message(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("kuajing: 1\nactor: {kind: organisation, cio: true}\n")
    code, out, err = run("assess", str(p))
    assert code == 2
    assert f"{p}:2:" in err and "did you mean 'ciio'" in err
    assert "Traceback" not in err + out


def test_bad_as_of_exits_2():
    code, _, err = run("assess", str(ROOT / "examples/fie-mpls.yaml"), "--as-of", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_version_and_help():
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("kuajing ")
    for cmd in (["assess"], ["law"], ["law", "show"], ["law", "params"], ["law", "list"], ["schema"],
                ["rules", "list"], ["rules", "test"]):
        code, out, _ = run(*cmd, "--help")
        assert code == 0 and "Usage" in out


def test_schema_is_json_schema_of_the_profile():
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert code == 0 and schema["properties"]["kuajing"]["const"] == 1
    assert "actor" in schema["required"]


def test_law_show_resolves_renumbering():
    code, out, _ = run("law", "show", "csl:21", "--as-of", "2026-02-01")
    assert code == 0 and "CSL Art. 23" in out and "Art. 21" in out
    code, out, _ = run("law", "show", "csl:21", "--as-of", "2020-02-01")
    assert "CSL Art. 21" in out


def test_law_show_unknown_article_exits_2():
    code, _, err = run("law", "show", "csl:9999")
    assert code == 2 and "not in the corpus" in err


def test_law_params_as_of_2017_lists_only_values_then_in_force():
    code, out, _ = run("law", "params", "--as-of", "2017-01-01")
    assert code == 0
    assert "intl_networking.fine_max" in out
    assert "csl.mlps.log_retention_min" not in out  # the CSL took effect 2017-06-01


def test_law_list():
    code, out, _ = run("law", "list", "--as-of", "2026-01-01")
    assert code == 0 and "csl" in out and "pipl" in out


def test_rules_test_command_runs_all_cases():
    code, out, _ = run("rules", "test")
    assert code == 0 and " passed, 0 failed" in out


def test_chinese_report_translates_labels_titles_citations_and_disclaimer():
    code, out, _ = run("assess", str(ROOT / "examples/fie-mpls-shared.yaml"), "--lang", "zh",
                       "--format", "markdown")
    assert code == 1
    assert "违规" in out and "《网络安全法》第26条" in out and "非法律意见" in out
    assert "国际专线、跨境VPN或SD-WAN仅供用户内部办公使用" in out


def test_law_show_of_a_2026_number_points_to_the_stable_key():
    code, _, err = run("law", "show", "csl:23")
    assert code == 2 and "csl:21" in err and "stable key" in err


def test_law_show_warns_when_the_number_means_another_article_in_the_other_text():
    code, out, _ = run("law", "show", "csl:61", "--as-of", "2026-03-01")
    assert code == 0 and "CSL Art. 64" in out and "csl:59" in out


def test_law_commands_carry_the_disclaimer():
    for cmd in (["law", "show", "csl:21"], ["law", "show", "pipl"], ["law", "list"], ["law", "params"]):
        code, out, _ = run(*cmd)
        assert code == 0 and "Not legal advice" in out, cmd


def test_individual_using_a_vpn_app_is_asked_nothing_about_other_users():
    code, out, _ = run("assess", str(ROOT / "examples/individual-vpn-app.yaml"), "--format", "json")
    doc = json.loads(out)
    status = {f["rule_id"]: f for f in doc["findings"]}
    assert status["channel_real_name"]["status"] == "not_applicable"
    assert not any(m for f in doc["findings"] for m in f["missing_facts"])
    f = status["intl_channel_authorised"]
    assert f["status"] == "at_risk" and f["reason"]
    assert max(p["max_rmb"] for p in f["penalties"]) == 5000


@pytest.mark.parametrize("argv", [["nosuch"], ["assess", "--bogus", "x"], ["law", "show"],
                                  ["scan", "--format"]])
def test_usage_mistakes_exit_2_without_a_traceback(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Error" in err


@pytest.mark.parametrize("command", [
    ["assess", str(ROOT / "examples/fie-mpls.yaml")],
    ["audit", "config", str(ROOT / "examples/fie-mpls.yaml")],
    ["audit", "logs", str(ROOT / "examples/fie-mpls.yaml")],
], ids=["assess", "audit config", "audit logs"])
def test_a_report_in_a_missing_folder_exits_2_before_any_work(tmp_path, command):
    """Every command with --output checks it first (the input here would fail later, or not)."""
    target = tmp_path / "no-such-folder" / "report.json"
    code, out, err = run(*command, "--output", str(target))
    assert code == 2
    assert err.strip() == (f"error: {target}: --output cannot be written: its folder {target.parent} "
                           "does not exist (the folder must exist and be writable)")
    assert "Traceback" not in err + out and not target.parent.exists()


def test_assess_with_a_named_ledger_key_that_does_not_exist_exits_2(tmp_path):
    key = tmp_path / "typo" / "secret.key"
    code, out, err = run("assess", str(ROOT / "examples/fie-mpls.yaml"), "--ledger",
                         f"sqlite:///{tmp_path / 'l.db'}", "--key", str(key))
    assert code == 2 and f"{key}: the secret key file does not exist" in err and "leave out --key" in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "typo").exists() and not (tmp_path / "l.db").exists()
