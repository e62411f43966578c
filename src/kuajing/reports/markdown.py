"""Markdown: for pull requests, wikis and e-mails, in English or Chinese."""

from __future__ import annotations

from typing import TextIO

from ..findings import Status
from .text import (WORDS, counts_text, deadline_lines, disclaimer, flow_ids, label, mechanism_label,
                   penalty_line, period_text, provision_line, remediation, short_provisions,
                   sort_findings, source_text, threshold_text, title, value_text)

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
        _export(write, result.export, lang)
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


def _export(write, export: dict, lang: str) -> None:
    """The ``export`` record as it is: a table for the exporter, a table of the flows."""
    w, ex = WORDS[lang], export["exporter"]
    rows = [(w["regime"], f"`{export['regime']}`"),
            (w["counting_period"], period_text(export["counting_period"])),
            (w["counts_source"], source_text(export["counts_source"], lang)),
            (w["mechanism"], f"**{mechanism_label(ex['mechanism'], lang)}**"),
            (w["why"], ex["why"])]
    if ex.get("uncertain"):
        rows.append((w["unclear"], ex["uncertain"]))
    if ex.get("provisions"):
        rows.append((w["provisions"], ", ".join(f"`{c}`" for c in ex["provisions"])))
    rows.append((w["individuals"], counts_text(ex, lang)))
    if ex.get("thresholds"):
        rows.append((w["thresholds"], "<br>".join(threshold_text(t) for t in ex["thresholds"])))
    rows.append((w["undecided_flows"], flow_ids(ex.get("undecided_flows") or [], lang)))
    if ex.get("missing_facts"):
        rows.append((w["missing"], ", ".join(f"`{m}`" for m in ex["missing_facts"])))
    write(f"\n## {w['data_export']}\n\n| {w['exporter']} | |\n|---|---|\n")
    for name, value in rows:
        write(f"| {name} | {_cell(str(value))} |\n")
    write(f"\n| {w['flow']} | {w['mechanism']} | {w['why']} | {w['deadlines']} |\n|---|---|---|---|\n")
    for flow in export["flows"]:
        mech = w["not_an_export"] if flow.get("not_an_export") else mechanism_label(flow["mechanism"], lang)
        why = flow["why"]
        if flow.get("uncertain"):
            why += f" {w['unclear']}: {flow['uncertain']}"
        if flow.get("missing_facts"):
            why += f" {w['missing']}: " + ", ".join(flow["missing_facts"])
        deadlines = "<br>".join(f"{name}: {value}" for name, value in
                                deadline_lines(flow.get("deadlines") or {}, lang)) or "—"
        write(f"| `{_cell(flow['id'])}` | **{_cell(mech)}** | {_cell(why)} | {_cell(deadlines)} |\n")
