"""Markdown: for pull requests, wikis and e-mails."""

from __future__ import annotations

from typing import TextIO

from ..findings import Status
from .text import STATUS_LABEL, penalty_line, provision_line, short_provisions, sort_findings, value_text

__all__ = ["render"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(result, out: TextIO) -> None:
    w = out.write
    w(f"# kuajing assessment: {_cell(result.profile)}\n\n")
    w(f"- As of: **{result.as_of}**\n- Verdict: **{STATUS_LABEL[result.verdict]}**\n")
    w("- Findings: " + ", ".join(f"{k} {v}" for k, v in result.summary.items() if v) + "\n\n")
    w("| status | strength | subject | rule | provisions |\n|---|---|---|---|---|\n")
    findings = sort_findings(result.findings)
    for f in findings:
        w(f"| {STATUS_LABEL[f.status]} | {f.strength.value} | {_cell(f.subject)} | {f.rule_id} | "
          f"{_cell(short_provisions(f, 4))} |\n")
    for f in findings:
        if f.status in (Status.compliant, Status.not_applicable):
            continue
        w(f"\n## {STATUS_LABEL[f.status]}: {f.rule_id} — {_cell(f.subject)}\n\n")
        w(f"*{f.title}* ({f.strength.value})\n\n")
        w(f"- **Why:** {f.explanation}\n")
        if f.reason:
            w(f"- **Unclear point:** {f.reason}\n")
        w(f"- **Provisions:** {provision_line(f)}\n")
        for fact in f.facts_used:
            w(f"- Fact `{fact.path}` = `{fact.value if fact.known else 'unknown'}` ({fact.source})\n")
        for p in f.parameters_used:
            w(f"- Parameter `{p.id}` = {value_text(p.value)} {p.unit} ({p.cited_as}, {p.confidence})\n")
        for pen in f.penalties:
            w(f"- **Exposure:** {penalty_line(pen)}\n")
        if f.remediation:
            w(f"- **Do:** {f.remediation}\n")
    w(f"\n---\n*{result.disclaimer}*\n")
