"""A readable terminal view (rich), in English or Chinese."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape as esc
from rich.table import Table

from ..findings import Status
from .text import (WORDS, disclaimer, label, penalty_line, provision_line, remediation,
                   short_provisions, sort_findings, title, value_text)

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
        ex = result.export["exporter"]
        console.print(f"\nData export ({result.export['regime']}, counted from "
                      f"{result.export['counting_period']['from']}, {result.export['counts_source']}): "
                      f"exporter needs [bold]{ex['mechanism'] or 'undetermined'}[/]")
        for flow in result.export["flows"]:
            console.print(esc(f"  flow:{flow['id']}: {flow['mechanism'] or 'undetermined'} — {flow['why']}"))
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
