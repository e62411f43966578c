"""A readable terminal view (rich)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from ..findings import Status
from .text import STATUS_LABEL, penalty_line, provision_line, sort_findings

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
    console.print(f"[bold]kuajing assessment[/] of {result.profile} as of {result.as_of}")
    console.print(f"Verdict: [{STYLE[result.verdict]}]{STATUS_LABEL[result.verdict]}[/]  "
                  + "  ".join(f"{k}: {v}" for k, v in result.summary.items() if v))
    table = Table(show_lines=False)
    for col in ("status", "strength", "subject", "rule", "provisions"):
        table.add_column(col)
    findings = sort_findings(result.findings)
    for f in findings:
        table.add_row(f"[{STYLE[f.status]}]{STATUS_LABEL[f.status]}[/]", f.strength.value, f.subject,
                      f.rule_id, ", ".join(r.cited_as for r in f.provisions_resolved))
    console.print(table)
    if details:
        for f in findings:
            if f.status in (Status.compliant, Status.not_applicable):
                continue
            console.print(f"\n[{STYLE[f.status]}]{STATUS_LABEL[f.status]}[/] [bold]{f.rule_id}[/] "
                          f"({f.strength.value}) — {f.subject}")
            console.print(f"  {f.title}")
            console.print(f"  Why: {f.explanation}")
            if f.reason:
                console.print(f"  Unclear point: {f.reason}")
            console.print(f"  Provisions: {provision_line(f)}")
            for fact in f.facts_used:
                value = fact.value if fact.known else "unknown"
                console.print(f"  Fact: {fact.path} = {value} ({fact.source})")
            for p in f.parameters_used:
                console.print(f"  Parameter: {p.id} = {p.value} {p.unit} ({p.cited_as}, "
                              f"from {p.valid_from}, {p.confidence})")
            for pen in f.penalties:
                console.print(f"  Exposure: {penalty_line(pen)}")
            if f.remediation:
                console.print(f"  Do: {f.remediation}")
    console.print(f"\n{result.disclaimer}")
