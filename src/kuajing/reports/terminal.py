"""A readable terminal view (rich), in English or Chinese."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape as esc
from rich.table import Table

from ..findings import Status
from .text import (WORDS, counts_text, deadline_lines, disclaimer, flow_ids, label, mechanism_label,
                   penalty_line, period_text, provision_line, remediation, short_provisions,
                   sort_findings, source_text, threshold_text, title, value_text)

__all__ = ["render"]

STYLE = {
    Status.violation: "bold red",
    Status.at_risk: "yellow",
    Status.needs_evidence: "magenta",
    Status.compliant: "green",
    Status.not_applicable: "dim",
}


def render(result, out: TextIO, *, lang: str = "en", details: bool = True) -> None:
    w = WORDS[lang]
    console = Console(file=out, highlight=False, soft_wrap=False, width=120)
    console.print(f"[bold]{w['assessment']}[/] {w['of']} {esc(result.profile)} {w['as_of']} {result.as_of}")
    console.print(f"{w['verdict']}: [{STYLE[result.verdict]}]{label(result.verdict, lang)}[/]  "
                  + "  ".join(f"{k}: {v}" for k, v in result.summary.items() if v))
    table = Table(show_lines=False)
    for col in ("status", "strength", "subject", "rule"):
        table.add_column(w[col])
    table.add_column(w["provisions"])
    findings = sort_findings(result.findings)
    for f in findings:
        table.add_row(f"[{STYLE[f.status]}]{label(f.status, lang)}[/]", f.strength.value,
                      esc(f.subject), f.rule_id, esc(short_provisions(f, lang=lang)))
    console.print(table)
    if result.export:
        _export(console, result.export, lang)
    if details:
        for f in findings:
            if f.status in (Status.compliant, Status.not_applicable):
                continue
            console.print(f"\n[{STYLE[f.status]}]{label(f.status, lang)}[/] [bold]{f.rule_id}[/] "
                          f"({f.strength.value}) — {esc(f.subject)}")
            console.print(f"  {esc(title(f, lang))}")
            console.print(f"  {w['why']}: {esc(f.explanation)}")
            if f.reason:
                console.print(f"  {w['unclear']}: {esc(f.reason)}")
            console.print(f"  {w['provisions']}: {esc(provision_line(f, lang))}")
            for fact in f.facts_used:
                value = fact.value if fact.known else "unknown"
                console.print(esc(f"  {w['fact']}: {fact.path} = {value} ({fact.source})"))
            for p in f.parameters_used:
                console.print(esc(f"  {w['parameter']}: {p.id} = {value_text(p.value)} {p.unit} "
                                  f"({p.cited_as}, from {p.valid_from}, {p.confidence})"))
            for pen in f.penalties:
                console.print(esc(f"  {w['exposure']}: {penalty_line(pen)}"))
            fix = remediation(f, lang)
            if fix:
                console.print(f"  {w['do']}: {esc(fix)}")
    console.print(f"\n{esc(disclaimer(lang))}")


def _export(console: Console, export: dict, lang: str) -> None:
    """The ``export`` record as it is: per exporter, then per flow. Nothing is recomputed."""
    w, ex = WORDS[lang], export["exporter"]

    def line(text: str) -> None:
        console.print(esc(text))

    console.print(f"\n[bold]{w['data_export']}[/]")
    line(f"  {w['regime']}: {export['regime']}")
    line(f"  {w['counting_period']}: {period_text(export['counting_period'])}")
    line(f"  {w['counts_source']}: {source_text(export['counts_source'], lang)}")
    console.print(f"  {w['exporter']}: [bold]{esc(mechanism_label(ex['mechanism'], lang))}[/]")
    line(f"    {w['why']}: {ex['why']}")
    if ex.get("uncertain"):
        line(f"    {w['unclear']}: {ex['uncertain']}")
    if ex.get("provisions"):
        line(f"    {w['provisions']}: {', '.join(ex['provisions'])}")
    line(f"    {w['individuals']}: {counts_text(ex, lang)}")
    for row in ex.get("thresholds") or []:
        line(f"    {w['thresholds']}: {threshold_text(row)}")
    line(f"    {w['undecided_flows']}: {flow_ids(ex.get('undecided_flows') or [], lang)}")
    if ex.get("missing_facts"):
        line(f"    {w['missing']}: {', '.join(ex['missing_facts'])}")
    for flow in export["flows"]:
        mech = w["not_an_export"] if flow.get("not_an_export") else mechanism_label(flow["mechanism"], lang)
        console.print(f"  {w['flow']} {esc(flow['id'])}: [bold]{esc(mech)}[/]")
        line(f"    {w['why']}: {flow['why']}")
        if flow.get("uncertain"):
            line(f"    {w['unclear']}: {flow['uncertain']}")
        if flow.get("missing_facts"):
            line(f"    {w['missing']}: {', '.join(flow['missing_facts'])}")
        deadlines = deadline_lines(flow.get("deadlines") or {}, lang)
        for name, value in deadlines:
            line(f"    {w['deadlines']}: {name}: {value}")
        if not deadlines:
            line(f"    {w['deadlines']}: {w['none']}")
