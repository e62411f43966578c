"""The export part of the terminal and Markdown reports: per exporter the mechanism with its reason,
the counting period and the undecided flows; per flow the mechanism and the deadlines, with whether
each is estimated. Assertions use the renderers' own labels, not English sentences."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from kuajing.assess import Assessment, assess_loaded
from kuajing.facts.load import profile_from_data
from kuajing.findings import Status
from kuajing.reports import markdown, terminal
from kuajing.reports.text import DEADLINE_LABEL, MECHANISM_LABEL, WORDS

PI = {"personal_information": True, "sensitive": [], "important_data": "none"}


@pytest.fixture(scope="module")
def result():
    """A small exempt flow with a filed contract and an assessment whose extension window falls in a
    year without a published holiday calendar, and a second flow whose exemption ground is unknown."""
    loaded = profile_from_data({
        "kuajing": 1, "actor": {"kind": "organisation", "name": "acme", "ciio": False},
        "data_flows": [
            {"id": "crm", "recipient": {"country": "DE"}, "categories": PI, "individuals": 50, "grounds": [],
             "evidence": {"standard_contract": {"signed": "2026-01-05", "effective": "2026-01-06"},
                          "security_assessment": {"approved": "2024-06-03", "valid_until": "2099-06-02"}}},
            {"id": "web", "recipient": {"country": "US"}, "categories": PI, "individuals": 10},
        ]})
    return assess_loaded(loaded, as_of=dt.date(2026, 6, 30))


def render(renderer, result, lang="en"):
    out = io.StringIO()
    renderer.render(result, out, lang=lang)
    return out.getvalue()


def test_the_record_has_what_the_reports_must_show(result):
    ex = result.export
    assert ex["exporter"]["undecided_flows"] == ["web"]
    crm = next(f for f in ex["flows"] if f["id"] == "crm")
    assert crm["deadlines"]["standard_contract_filing_due"]["exact"] is True
    assert crm["deadlines"]["security_assessment_extension_window_opens"]["exact"] is False


def _terminal_sections(text: str, lang="en") -> tuple[list[str], dict[str, list[str]]]:
    """(exporter lines, {flow id: its lines}) of the export section of a terminal report."""
    w = WORDS[lang]
    lines = text.splitlines()
    start = lines.index(w["data_export"])
    exporter, flows, current = [], {}, None
    for line in lines[start + 1:]:
        if not line.strip():
            break
        m = re.match(rf"  {re.escape(w['flow'])} (\S+):", line)
        if m:
            current = flows.setdefault(m.group(1), [line])
        elif current is not None:
            current.append(line)
        else:
            exporter.append(line)
    return exporter, flows


def test_terminal_export_section_shows_exporter_and_flows(result):
    w, mech, dl = WORDS["en"], MECHANISM_LABEL["en"], DEADLINE_LABEL["en"]
    text = render(terminal, result)
    text = re.sub(r"\n(?=[^ \n])", "", text.split(w["data_export"], 1)[1])  # undo the terminal wrapping
    exporter, flows = _terminal_sections(w["data_export"] + text)
    ex = result.export["exporter"]
    field = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in exporter}
    assert field[w["counting_period"]] == f"{result.export['counting_period']['from']} – 2026-06-30"
    assert field[w["exporter"]] == mech[ex["mechanism"]]
    assert field[w["why"]] == ex["why"]
    assert field[w["undecided_flows"]] == "web"
    assert set(flows) == {"crm", "web"}
    crm, web = flows["crm"], flows["web"]
    assert crm[0].endswith(mech["exempt"]) and web[0].endswith(mech[None])
    deadline = {line.split(":", 2)[1].strip(): line.split(":", 2)[2].strip()
                for line in crm if line.strip().startswith(w["deadlines"] + ":")}
    filing = deadline[dl["standard_contract_filing_due"]]
    assert filing.startswith("2026-01-20") and w["exact"] in filing and w["not_filed"] in filing
    window = deadline[dl["security_assessment_extension_window_opens"]]
    assert w["estimated"] in window and " – " in window  # a range: earliest – latest
    assert deadline[dl["security_assessment_expires"]] == "2099-06-02"
    assert any(line.strip().startswith(w["missing"] + ":") and "grounds" in line for line in web)
    assert f"{w['deadlines']}: {w['none']}" in [line.strip() for line in web]


def _tables(text: str) -> list[list[list[str]]]:
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if current is None:
                current = []
                tables.append(current)
            if not all(set(c) <= {"-"} for c in cells):
                current.append(cells)
        else:
            current = None
    return tables


def test_markdown_export_section_has_an_exporter_table_and_a_flow_table(result):
    w, mech, dl = WORDS["en"], MECHANISM_LABEL["en"], DEADLINE_LABEL["en"]
    text = render(markdown, result)
    section = text.split(f"## {w['data_export']}", 1)[1].split("\n## ", 1)[0]
    exporter_table, flow_table = _tables(section)
    field = dict(exporter_table[1:])
    ex = result.export["exporter"]
    assert field[w["mechanism"]] == f"**{mech[ex['mechanism']]}**"
    assert field[w["why"]] == ex["why"]
    assert field[w["counting_period"]] == f"{result.export['counting_period']['from']} – 2026-06-30"
    assert field[w["undecided_flows"]] == "web"
    assert flow_table[0] == [w["flow"], w["mechanism"], w["why"], w["deadlines"]]
    flows = {row[0].strip("`"): row for row in flow_table[1:]}
    assert flows["crm"][1] == f"**{mech['exempt']}**" and flows["web"][1] == f"**{mech[None]}**"
    deadlines = dict(item.split(": ", 1) for item in flows["crm"][3].split("<br>"))
    assert deadlines[dl["standard_contract_filing_due"]].startswith("2026-01-20")
    assert w["estimated"] in deadlines[dl["security_assessment_extension_window_opens"]]
    assert flows["web"][3] == "—"


@pytest.mark.parametrize("renderer", [terminal, markdown], ids=["terminal", "markdown"])
def test_chinese_reports_label_the_export_section_in_chinese(result, renderer):
    w, mech, dl = WORDS["zh"], MECHANISM_LABEL["zh"], DEADLINE_LABEL["zh"]
    text = render(renderer, result, "zh")
    for word in ("data_export", "counting_period", "undecided_flows", "deadlines", "estimated"):
        assert w[word] in text, word
    assert mech["exempt"] in text and mech[None] in text
    assert dl["standard_contract_filing_due"] in text


@pytest.mark.parametrize("renderer", [terminal, markdown], ids=["terminal", "markdown"])
def test_renderers_show_the_record_as_it_is_without_recomputing(renderer):
    """A record whose figures no law would give (and a deadline key the renderers do not know) is
    shown as recorded: the renderers format, they never decide."""
    export = {
        "regime": "cbdf-2024", "counting_period": {"from": "2026-01-01", "to": "2026-02-02"},
        "counts_source": "ledger",
        "exporter": {"mechanism": "security_assessment", "why": "RECORDED-REASON", "provisions": ["pipl:38"],
                     "individuals": 7, "sensitive_individuals": 0, "thresholds": [], "missing_facts": [],
                     "uncertain": None, "undecided_flows": ["u1", "u2"]},
        "flows": [{"id": "f1", "mechanism": "security_assessment", "why": "FLOW-REASON",
                   "provisions": [], "counts_toward_thresholds": True, "uncertain": None,
                   "missing_facts": [], "not_an_export": False,
                   "deadlines": {"some_future_deadline": "2030-01-01",
                                 "standard_contract_filing_due": {"date": "2031-02-03", "exact": False,
                                                                  "filed": "2031-02-01"}}}],
    }
    result = Assessment(kuajing="0", format="kuajing.assessment/1", profile="p", as_of=dt.date(2026, 2, 2),
                        verdict=Status.compliant, summary={}, findings=[], export=export, disclaimer="d")
    text = render(renderer, result)
    w = WORDS["en"]
    for shown in ("RECORDED-REASON", "FLOW-REASON", "2026-01-01 – 2026-02-02", "u1, u2", "7",
                  MECHANISM_LABEL["en"]["security_assessment"], w["source_ledger"],
                  "some future deadline: 2030-01-01", "2031-02-03", w["estimated"], "2031-02-01"):
        assert shown in text, shown
