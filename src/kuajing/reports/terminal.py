"""A readable terminal view (rich)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape as esc
from rich.table import Table

from ..findings import Status
from .text import STATUS_LABEL, penalty_line, provision_line, short_provisions, sort_findings, value_text

__all__ = ["render"]

STYLE = {
    Status.violation: "bold red",
    Status.at_risk: "yellow",
    Status.needs_evidence: "magenta",
    Status.compliant: "green",
    Status.not_applicable: "dim",
}


def render(result, out: TextIO, *, details: bool = True) -> None:
    console = Console(file=out, highlight=False, soft_wrap=False, width=120)
    console.print(f"[bold]kuajing assessment[/] of {esc(result.profile)} as of {result.as_of}")
    console.print(f"Verdict: [{STYLE[result.verdict]}]{STATUS_LABEL[result.verdict]}[/]  "
                  + "  ".join(f"{k}: {v}" for k, v in result.summary.items() if v))
    table = Table(show_lines=False)
    for col in ("status", "strength", "subject", "rule", "provisions"):
        table.add_column(col)
    findings = sort_findings(result.findings)
    for f in findings:
        table.add_row(f"[{STYLE[f.status]}]{STATUS_LABEL[f.status]}[/]", f.strength.value,
                      esc(f.subject), f.rule_id, esc(short_provisions(f)))
    console.print(table)
    if details:
        for f in findings:
            if f.status in (Status.compliant, Status.not_applicable):
                continue
            console.print(f"\n[{STYLE[f.status]}]{STATUS_LABEL[f.status]}[/] [bold]{f.rule_id}[/] "
                          f"({f.strength.value}) — {esc(f.subject)}")
            console.print(f"  {esc(f.title)}")
            console.print(f"  Why: {esc(f.explanation)}")
            if f.reason:
                console.print(f"  Unclear point: {esc(f.reason)}")
            console.print(f"  Provisions: {esc(provision_line(f))}")
            for fact in f.facts_used:
                value = fact.value if fact.known else "unknown"
                console.print(esc(f"  Fact: {fact.path} = {value} ({fact.source})"))
            for p in f.parameters_used:
                console.print(esc(f"  Parameter: {p.id} = {value_text(p.value)} {p.unit} ({p.cited_as}, "
                                  f"from {p.valid_from}, {p.confidence})"))
            for pen in f.penalties:
                console.print(esc(f"  Exposure: {penalty_line(pen)}"))
            if f.remediation:
                console.print(f"  Do: {esc(f.remediation)}")
    console.print(f"\n{esc(result.disclaimer)}")
