"""End to end: the export part of `kuajing assess`, and the ledger commands."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kuajing.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))
    return tmp_path


def test_export_example_gives_mechanism_per_exporter_and_flow():
    code, out, _ = run("assess", ROOT / "examples/crm-export.yaml", "--format", "json")
    doc = json.loads(out)
    export = doc["export"]
    assert export["regime"] == "cbdf-2024"
    assert export["counting_period"]["from"] == "2026-01-01"
    flows = {f["id"]: f for f in export["flows"]}
    assert flows["crm-to-hq"]["mechanism"] == "standard_contract_or_certification"
    assert flows["employee-hr"]["mechanism"] == "exempt"
    assert export["exporter"]["mechanism"] == "standard_contract_or_certification"
    assert export["exporter"]["individuals"] == 180000
    assert code == 1


def test_ledger_counts_replace_declared_counts_and_deduplicate(home, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "kuajing: 1\nas_of: 2026-06-30\nactor: {kind: organisation, name: acme, ciio: false}\n"
        "data_flows:\n"
        "  - {id: crm, recipient: {country: DE}, individuals: 80000, grounds: [],\n"
        "     categories: {personal_information: true, sensitive: [], important_data: none}}\n"
        "  - {id: support, recipient: {country: SG}, individuals: 80000, grounds: [],\n"
        "     categories: {personal_information: true, sensitive: [], important_data: none}}\n",
        encoding="utf-8")
    # declared counts add up to 160,000: the standard-contract band
    _, out, _ = run("assess", profile, "--format", "json")
    assert json.loads(out)["export"]["exporter"]["mechanism"] == "standard_contract_or_certification"
    # the ledger knows the same 80,000 people went through both flows
    ids = tmp_path / "ids.csv"
    ids.write_text("customer_id\n" + "\n".join(f"C{i:06d}" for i in range(80000)) + "\n")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    for flow, day in (("crm", "2026-02-01"), ("support", "2026-03-01")):
        code, out, err = run("ledger", "add", ids, "--flow", flow, "--date", day, "--exporter", "acme",
                             "--column", "customer_id", "--db", db)
        assert code == 0, err
        assert "80000 distinct" in out
    code, out, _ = run("ledger", "count", "--as-of", "2026-06-30", "--db", db, "--format", "json",
                       "--warn-at", "0.5,0.8")
    row = json.loads(out)["exporters"][0]
    assert row["individuals"] == 80000 and row["from"] == "2026-01-01"
    assert any("small_volume_max" in w and "80%" in w for w in row["warnings"])
    _, out, _ = run("assess", profile, "--format", "json", "--ledger", db)
    export = json.loads(out)["export"]
    assert export["counts_source"] == "ledger"
    assert export["exporter"]["individuals"] == 80000
    assert export["exporter"]["mechanism"] == "exempt"
    assert "C000001" not in (tmp_path / "ledger.db").read_bytes().decode("latin-1")


def test_ledger_count_under_the_2022_measures_counts_from_the_previous_year(home, tmp_path):
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    ids = tmp_path / "ids.txt"
    ids.write_text("A\nB\n")
    run("ledger", "add", ids, "--flow", "f", "--date", "2022-10-01", "--db", db)
    code, out, _ = run("ledger", "count", "--as-of", "2023-06-01", "--db", db, "--format", "json")
    row = json.loads(out)["exporters"][0]
    assert code == 0 and row["from"] == "2022-01-01" and row["individuals"] == 2
    code, out, _ = run("ledger", "count", "--as-of", "2024-06-01", "--db", db, "--format", "json")
    assert json.loads(out)["exporters"][0]["individuals"] == 0


def test_ledger_add_missing_column_is_input_error(home, tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_text("name\nx\n")
    code, _, err = run("ledger", "add", ids, "--flow", "f", "--date", "2026-01-01", "--column", "id",
                       "--db", f"sqlite:///{tmp_path / 'l.db'}")
    assert code == 2 and "column 'id' not found" in err


PROFILE = ("kuajing: 1\nas_of: 2026-06-30\nactor: {kind: organisation, name: acme, ciio: false}\n"
           "data_flows:\n"
           "  - {id: crm, recipient: {country: DE}, individuals: 80000, grounds: [],\n"
           "     categories: {personal_information: true, sensitive: [], important_data: none}}\n"
           "  - {id: hr, recipient: {country: DE}, individuals: 5000, grounds: [hr_management],\n"
           "     categories: {personal_information: true, sensitive: [], important_data: none}}\n")


def test_a_flow_the_ledger_never_recorded_is_not_counted_as_zero(home, tmp_path):
    """A ledger kept under another exporter name (or missing a flow) must not make the exporter
    look small: the count is unknown, so the mechanism needs evidence."""
    profile = tmp_path / "p.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    ids = tmp_path / "ids.txt"
    ids.write_text("A\nB\n")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    run("ledger", "add", ids, "--flow", "crm", "--date", "2026-02-01", "--db", db)  # exporter 'default'
    code, out, _ = run("assess", profile, "--format", "json", "--ledger", db)
    doc = json.loads(out)
    export = doc["export"]
    assert export["exporter"]["mechanism"] is None
    assert any("flow 'crm' of exporter 'acme'" in m for m in export["exporter"]["missing_facts"])
    crm = next(f for f in doc["findings"] if f["rule_id"] == "export_mechanism" and f["subject"] == "flow:crm")
    assert crm["status"] == "needs_evidence"
    # recorded under the right name, the exempt HR flow need not be in the ledger
    run("ledger", "add", ids, "--flow", "crm", "--date", "2026-02-01", "--exporter", "acme", "--db", db)
    _, out, _ = run("assess", profile, "--format", "json", "--ledger", db)
    export = json.loads(out)["export"]
    assert export["exporter"]["mechanism"] == "exempt" and export["exporter"]["individuals"] == 2
    assert export["counting_period"] == {"from": "2026-01-01", "to": "2026-06-30"}


def test_ledger_count_can_leave_out_exempt_flows_and_warns_on_sensitive(home, tmp_path):
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(f"P{i}" for i in range(10)) + "\n")
    run("ledger", "add", ids, "--flow", "hr", "--date", "2026-02-01", "--exporter", "acme", "--db", db,
        "--sensitive")
    run("ledger", "add", ids, "--flow", "crm", "--date", "2026-03-01", "--exporter", "acme", "--db", db)
    _, out, _ = run("ledger", "count", "--as-of", "2026-06-30", "--db", db, "--format", "json")
    row = json.loads(out)["exporters"][0]
    assert row["individuals"] == 10 and row["sensitive_individuals"] == 10
    assert any("small-volume exemption does not apply" in w for w in row["warnings"])
    _, out, _ = run("ledger", "count", "--as-of", "2026-06-30", "--db", db, "--format", "json",
                    "--exclude-flow", "hr")
    row = json.loads(out)["exporters"][0]
    assert row["sensitive_individuals"] == 0 and row["excluded_flows"] == ["hr"] and row["flows"] == ["crm"]
    _, out, _ = run("ledger", "count", "--as-of", "2026-06-30", "--db", db, "--format", "json",
                    "--exporter", "Acme Ltd")
    assert any("no batch is recorded" in w for w in json.loads(out)["exporters"][0]["warnings"])


@pytest.mark.parametrize("args,message", [
    (["--format", "xml"], "unknown format 'xml'"),
    (["--warn-at", "80"], "at most 1"),
    (["--warn-at", "0,0.5"], "above 0"),
    (["--warn-at", "eighty"], "must be fractions"),
], ids=["format", "percent-not-fraction", "zero", "not-a-number"])
def test_ledger_count_bad_options_are_input_errors(home, tmp_path, args, message):
    code, out, err = run("ledger", "count", "--db", f"sqlite:///{tmp_path / 'l.db'}", *args)
    assert code == 2 and message in err and "Traceback" not in err + out


def test_ledger_add_refuses_a_binary_file_and_a_scan_without_hashes(home, tmp_path):
    db = f"sqlite:///{tmp_path / 'l.db'}"
    blob = tmp_path / "ids.txt"
    blob.write_bytes(b"\x81\xfe\x00garbage\n")
    code, out, err = run("ledger", "add", blob, "--flow", "f", "--date", "2026-01-01", "--db", db)
    assert code == 2 and "not a UTF-8 text file" in err and f"{blob}:1" in err
    scan = tmp_path / "scan.json"
    scan.write_text('{"overall": {"subject_hashes": ["110101199003074477"]}}', encoding="utf-8")
    code, out, err = run("ledger", "add", scan, "--from-scan", "--flow", "f", "--date", "2026-01-01",
                         "--db", db)
    assert code == 2 and "overall.subject_hashes[0]" in err
    assert "110101199003074477" not in err + out


def test_bad_data_flow_input_gives_file_line_and_field_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kuajing: 1\nactor: {kind: organisation, ciio: false}\ndata_flows:\n"
                   "  - id: crm\n    categories: {personal_information: true, sensitive: [horoscope]}\n",
                   encoding="utf-8")
    code, out, err = run("assess", bad)
    assert code == 2 and f"{bad}:5:" in err and "data_flows[0].categories.sensitive[0]" in err
    assert "Traceback" not in err + out


def test_clinic_example_sensitive_children_data_needs_the_contract_filed_across_national_day():
    code, out, _ = run("assess", ROOT / "examples/clinic-export.yaml", "--format", "json")
    doc = json.loads(out)
    flows = {f["id"]: f for f in doc["export"]["flows"]}
    assert flows["research-records"]["mechanism"] == "standard_contract_or_certification"
    assert flows["research-records"]["deadlines"]["standard_contract_filing_due"] == {
        "date": "2025-10-16", "exact": True, "filed": "2025-10-16"}
    assert flows["hk-billing"]["mechanism"] == "exempt"  # Hong Kong is abroad; contract necessity
    assert "ndsm-2025:35" in flows["hk-billing"]["provisions"]
    assert flows["trial-statistics"]["provisions"] == ["cbdf-2024:3"]
    assert doc["export"]["exporter"]["sensitive_individuals"] == 3200
    assert doc["verdict"] == "compliant" and code == 0


def test_ledger_from_scan_records_the_sensitive_subjects_as_sensitive(home, tmp_path):
    """Fed from a scan, the ledger must not lose the sensitive subjects: they decide the band."""
    h = [f"{i:032x}" for i in range(1, 5)]
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps({"overall": {
        "subject_hashes": h,
        "categories": {"personal_information": {"sensitive": False}, "medical_health": {"sensitive": True}},
        "subject_hashes_by_category": {"personal_information": h, "medical_health": h[:1]}}}),
        encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'l.db'}"
    code, out, err = run("ledger", "add", scan, "--from-scan", "--flow", "crm", "--date", "2026-02-01",
                         "--db", db)
    assert code == 0, err
    _, out, _ = run("ledger", "count", "--as-of", "2026-06-30", "--db", db, "--format", "json")
    row = json.loads(out)["exporters"][0]
    assert row["individuals"] == 4 and row["sensitive_individuals"] == 1


@pytest.mark.parametrize("command", [
    ["add", "IDS", "--flow", "f", "--date", "2026-01-01"], ["count"], ["batches"],
], ids=["add", "count", "batches"])
def test_a_named_ledger_key_must_exist_and_nothing_is_created(home, tmp_path, command):
    """Only the installation key is created: a mistyped --key must not hash under a new key."""
    ids = tmp_path / "ids.txt"
    ids.write_text("A1\n")
    key = tmp_path / "typo" / "ledger.key"
    db = tmp_path / "ledger.db"
    argv = [ids if a == "IDS" else a for a in command]
    code, out, err = run("ledger", *argv, "--db", f"sqlite:///{db}", "--key", key)
    assert code == 2
    assert f"{key}: the secret key file does not exist" in err and "leave out --key" in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "typo").exists() and not db.exists() and not (tmp_path / "home").exists()


def test_the_installation_key_named_with_key_is_the_default_one(home, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("A1\nB2\n")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run("ledger", "add", ids, "--flow", "f", "--date", "2026-01-01", "--db", db)[0] == 0
    key = tmp_path / "home" / "secret.key"
    assert key.exists()
    assert run("ledger", "add", ids, "--flow", "g", "--date", "2026-01-02", "--db", db, "--key", key)[0] == 0
    code, out, _ = run("ledger", "count", "--as-of", "2026-06-30", "--db", db, "--format", "json",
                       "--key", key)
    assert code == 0 and json.loads(out)["exporters"][0]["individuals"] == 2   # same key: same people


def test_a_ledger_home_below_a_file_exits_2(tmp_path, monkeypatch):
    (tmp_path / "somefile").write_text("not a folder")
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "somefile" / "home"))
    code, out, err = run("ledger", "batches")
    assert code == 2 and str(tmp_path / "somefile" / "home" / "secret.key") in err
    assert "Traceback" not in err + out


def test_a_kind_the_scanner_finds_is_normalised_as_the_scanner_does(home, tmp_path):
    """``--kind cn_mobile``: every spelling of one mobile is one person, and the same person as
    in a ``--from-scan`` batch of a scan that found that mobile (same installation key)."""
    db = f"sqlite:///{tmp_path / 'l.db'}"
    ids = tmp_path / "mobiles.txt"
    ids.write_text("13812345678\n+86 138 1234 5678\n138-1234-5678\n008613812345678\n", encoding="utf-8")
    code, out, err = run("ledger", "add", ids, "--flow", "f", "--date", "2026-01-01", "--db", db,
                         "--kind", "cn_mobile")
    assert code == 0, err
    assert "batch 1: 1 distinct data subjects" in out
    log = tmp_path / "app.log"
    log.write_text("登录 手机138 1234 5678\n", encoding="utf-8")
    result = tmp_path / "scan.json"
    code, _, err = run("scan", log, "--format", "json", "--with-hashes", "-o", result)
    assert code == 0, err
    assert run("ledger", "add", result, "--from-scan", "--flow", "f", "--date", "2026-01-02", "--db", db)[0] == 0
    _, out, _ = run("ledger", "count", "--as-of", "2026-06-30", "--db", db, "--format", "json")
    assert json.loads(out)["exporters"][0]["individuals"] == 1
    lines = tmp_path / "landlines.txt"     # an extension is kept apart from the local number
    lines.write_text("0755-2345678-9\n0755-23456789\n(0755)2345678转9\n", encoding="utf-8")
    code, out, err = run("ledger", "add", lines, "--flow", "f", "--date", "2026-01-03", "--db", db,
                         "--kind", "cn_landline")
    assert code == 0 and "2 distinct data subjects" in out, err
