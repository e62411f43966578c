"""Markdown: for pull requests, wikis and e-mails, in English or Chinese."""

from __future__ import annotations

from typing import TextIO

from ..findings import Status
from .text import (WORDS, disclaimer, label, penalty_line, provision_line, remediation,
                   short_provisions, sort_findings, title, value_text)

__all__ = ["render"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(result, out: TextIO, *, lang: str = "en") -> None:
    w, write = WORDS[lang], out.write
    write(f"# {w['assessment']}: {_cell(result.profile)}\n\n")
    write(f"- {w['as_of']}: **{result.as_of}**\n- {w['verdict']}: **{label(result.verdict, lang)}**\n")
    write(f"- {w['findings']}: " + ", ".join(f"{k} {v}" for k, v in result.summary.items() if v) + "\n\n")
    write(f"| {w['status']} | {w['strength']} | {w['subject']} | {w['rule']} | {w['provisions']} |\n"
          "|---|---|---|---|---|\n")
    findings = sort_findings(result.findings)
    for f in findings:
        write(f"| {label(f.status, lang)} | {f.strength.value} | {_cell(f.subject)} | {f.rule_id} | "
              f"{_cell(short_provisions(f, 4, lang))} |\n")
    if result.export:
        ex = result.export["exporter"]
        write(f"\n## Data export\n\nRegime `{result.export['regime']}`, counted from "
              f"{result.export['counting_period']['from']} ({result.export['counts_source']}). "
              f"Exporter: **{ex['mechanism'] or 'undetermined'}**. {_cell(ex['why'])}\n\n")
        for flow in result.export["flows"]:
            write(f"- `flow:{flow['id']}`: **{flow['mechanism'] or 'undetermined'}** — {_cell(flow['why'])}\n")
    for f in findings:
        if f.status in (Status.compliant, Status.not_applicable):
            continue
        write(f"\n## {label(f.status, lang)}: {f.rule_id} — {_cell(f.subject)}\n\n")
        write(f"*{title(f, lang)}* ({f.strength.value})\n\n")
        write(f"- **{w['why']}:** {f.explanation}\n")
        if f.reason:
            write(f"- **{w['unclear']}:** {f.reason}\n")
        write(f"- **{w['provisions']}:** {provision_line(f, lang)}\n")
        for fact in f.facts_used:
            write(f"- {w['fact']} `{fact.path}` = `{fact.value if fact.known else 'unknown'}` ({fact.source})\n")
        for p in f.parameters_used:
            write(f"- {w['parameter']} `{p.id}` = {value_text(p.value)} {p.unit} ({p.cited_as}, {p.confidence})\n")
        for pen in f.penalties:
            write(f"- **{w['exposure']}:** {penalty_line(pen)}\n")
        fix = remediation(f, lang)
        if fix:
            write(f"- **{w['do']}:** {fix}\n")
    write(f"\n---\n*{disclaimer(lang)}*\n")
