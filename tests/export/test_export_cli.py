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
