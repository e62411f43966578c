"""Whole-repo checks that keep the rulebook, the corpus and the docs honest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kuajing
from kuajing.findings import Status, Strength
from kuajing.law.corpus import load_law
from kuajing.rules.engine import load_rules
from kuajing.rules.testing import load_cases

ROOT = Path(__file__).resolve().parents[1]
RULES = load_rules()
LAW = load_law()


def test_there_is_a_rulebook():
    assert len(RULES) >= 12


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_rule_cites_provisions_in_the_corpus(rule):
    assert rule.meta.provisions
    for cite in rule.meta.provisions:
        assert LAW.has(cite), cite


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_rule_has_cases_that_fire_and_cases_that_do_not(rule):
    cases = load_cases(rule.folder / "cases.yaml")
    assert cases.rule == rule.meta.id
    statuses = {e.status for c in cases.cases for e in c.expect}
    fire = {Status.violation, Status.at_risk}
    quiet = {Status.compliant, Status.not_applicable}
    assert statuses & fire, "no must-fire case"
    assert statuses & quiet, "no must-not-fire case"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_recommendations_never_expect_a_violation(rule):
    if rule.meta.strength is not Strength.recommended:
        return
    cases = load_cases(rule.folder / "cases.yaml")
    assert all(e.status is not Status.violation for c in cases.cases for e in c.expect)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_rule_code_has_no_law_numbers_and_only_known_parameters(rule):
    code = (rule.folder / "rule.py").read_text(encoding="utf-8")
    for pid in re.findall(r'(?:param|param_or_none|fine)\(\s*"([a-z0-9_.]+)"', code):
        assert pid in LAW.parameters, f"{rule.meta.id} uses unknown parameter {pid}"
    # amounts of money and periods belong in parameters: no 4+ digit literals in rule code
    assert not re.search(r"(?<![\w.])\d{4,}(?![\w-])", re.sub(r'"[^"]*"', "", code)), \
        f"{rule.meta.id}: a number of the law is written in code"


def test_shared_penalty_helpers_use_known_parameters():
    code = (ROOT / "src/kuajing/rules/penalties.py").read_text(encoding="utf-8")
    found = re.findall(r'"((?:intl_networking|telecom|csl|pipl|dsl|crypto|xb)\.[a-z0-9_.]+)"', code)
    assert len(found) >= 8
    for pid in found:
        assert pid in LAW.parameters, pid


def test_every_parameter_is_cited_and_verified():
    assert len(LAW.parameters) >= 40
    for pid, param in LAW.parameters.items():
        assert param.last_verified, pid
        for v in param.values:
            assert LAW.has(v.provision), f"{pid} cites {v.provision}"
            assert v.source, pid


def test_every_instrument_named_in_the_brief_is_in_the_corpus():
    wanted = {"csl", "dsl", "pipl", "intl-networking", "intl-networking-impl", "telecom-regs",
              "telecom-catalogue", "miit-2017-32", "export-assessment-2022", "standard-contract-2023",
              "cbdf-2024", "ndsm-2025", "crypto-law", "commercial-crypto-regs", "criminal-law"}
    assert wanted <= set(LAW.instruments)


def test_every_instrument_has_bilingual_names_and_dates():
    for inst in LAW.instruments.values():
        assert inst.name.en and inst.name.zh and inst.effective >= inst.promulgated, inst.id


def test_every_cli_command_is_documented():
    doc = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    from kuajing.cli import app
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        names += [f"kuajing {name} {s}" for s in subs] if subs else [f"kuajing {name}"]
    for name in names:
        assert f"`{name}" in doc, f"{name} is not documented in docs/cli.md"


def test_public_names_are_exported():
    assert kuajing.__all__ == ["__version__", "DISCLAIMER_EN", "DISCLAIMER_ZH"]
    import kuajing.findings as f

    for name in f.__all__:
        assert hasattr(f, name)


def test_every_connectivity_rule_is_listed_in_the_rulebook_doc():
    doc = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        if rule.meta.area == "connectivity":
            assert f"`{rule.meta.id}`" in doc, f"{rule.meta.id} is not listed in docs/rules.md"


# --- docs/json-format.md names exactly the keys `kuajing assess --format json` emits


def _json_blocks_after(doc: str, heading: str) -> str:
    part = doc[doc.index(heading):]
    return part[part.index("```json") + len("```json"):part.index("```", part.index("```json") + 7)]


def _key_paths(obj, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(obj, dict):
        for key, value in obj.items():
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            out |= _key_paths(value, path)
    elif isinstance(obj, list):
        for item in obj:
            out |= _key_paths(item, prefix + "[]")
    return out


#: Profiles that, with the examples, make every deadline key appear at least once.
DEADLINE_PROFILES = [
    ("2026-03-01", {"id": "all-evidence", "recipient": {"country": "DE"}, "individuals": 2000000,
                    "categories": {"personal_information": True, "sensitive": [], "important_data": "none"},
                    "grounds": [],
                    "evidence": {"security_assessment": {"approved": "2023-06-01"},
                                 "standard_contract": {"signed": "2026-01-05", "effective": "2026-01-06"},
                                 "certification": {"certified": "2026-02-02"}}}),
    ("2024-03-01", {"id": "under-2022-measures", "recipient": {"country": "DE"}, "individuals": 2000000,
                    "categories": {"personal_information": True, "sensitive": [], "important_data": "none"},
                    "evidence": {"security_assessment": {"approved": "2022-11-06",
                                                         "valid_until": "2024-05-06"}}}),
]


def _emitted_export_paths() -> set[str]:
    import datetime as dt
    import json

    from kuajing.assess import assess, assess_loaded
    from kuajing.facts.load import profile_from_data

    docs = [assess(ROOT / "examples" / name) for name in ("crm-export.yaml", "clinic-export.yaml")]
    for as_of, flow in DEADLINE_PROFILES:
        loaded = profile_from_data({"kuajing": 1, "actor": {"kind": "organisation", "ciio": False},
                                    "data_flows": [flow]})
        docs.append(assess_loaded(loaded, as_of=dt.date.fromisoformat(as_of)))
    paths: set[str] = set()
    for result in docs:
        paths |= _key_paths(json.loads(result.model_dump_json())["export"], "export")
    return paths


def test_the_export_object_documented_is_the_one_emitted():
    import json

    doc = (ROOT / "docs/json-format.md").read_text(encoding="utf-8")
    block = _json_blocks_after(doc, "## The `export` object")
    block = re.sub(r"//[^\n]*", "", block).replace('"...",', '"x",').replace('"..."', '"x"')
    documented = _key_paths(json.loads("{" + block + "}")["export"], "export")
    emitted = _emitted_export_paths()
    assert emitted - documented == set(), "emitted but not documented in docs/json-format.md"
    assert documented - emitted == set(), "documented in docs/json-format.md but never emitted"
    for key in {p.rsplit(".", 1)[1] for p in documented if ".deadlines." in p and p.count(".") == 3}:
        assert f"| `{key}` |" in doc, f"deadline key {key} has no row in the table"


def test_the_documented_top_level_and_finding_fields_are_the_models_fields():
    from kuajing.assess import Assessment
    from kuajing.findings import FactUsed, Finding, ParameterUsed, Penalty, ProvisionRef

    doc = (ROOT / "docs/json-format.md").read_text(encoding="utf-8")
    top = set(re.findall(r'^\s*"(\w+)":', _json_blocks_after(doc, "# The JSON output"), re.M))
    assert top == set(Assessment.model_fields)
    table = doc[doc.index("## Finding"):doc.index("## Verdict")]
    rows = dict(re.findall(r"^\| `(\w+)` \|(.*)$", table, re.M))
    assert set(rows) == set(Finding.model_fields)
    for field, model in (("facts_used", FactUsed), ("parameters_used", ParameterUsed),
                         ("provisions_resolved", ProvisionRef), ("penalties", Penalty)):
        for name in model.model_fields:
            assert f"`{name}`" in rows[field], f"{field}.{name} is not documented"
