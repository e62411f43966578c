"""Renderers of a config audit: a readable terminal view (rich) and the JSON document.

The JSON document (format ``kuajing.audit-config/1``) is documented in docs/audit-config.md.
Renderers only format the ``AuditResult``; they recompute nothing.
"""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ... import DISCLAIMER_EN, __version__
from ...findings import Status, verdict_of
from ...reports.text import STATUS_LABEL, provision_line, sort_findings
from ...reports.terminal import STYLE

__all__ = ["FORMAT_ID", "to_document", "render_json", "render_text"]

FORMAT_ID = "kuajing.audit-config/1"


def _where(pos) -> dict:
    return {"file": pos.file, "line": pos.line, "column": pos.column}


def to_document(result) -> dict:
    """The JSON document as a plain dict (stable keys; see docs/audit-config.md)."""
    verdict = verdict_of(result.findings)
    return {
        "kuajing": __version__,
        "format": FORMAT_ID,
        "as_of": result.as_of.isoformat(),
        "disclaimer": DISCLAIMER_EN,
        "verdict": verdict.value,
        "exit_code": result.exit_code,
        "files": [{"file": c.file, "kind": c.kind.value, "roles": sorted(c.roles), "includes": c.includes}
                  for c in result.configs],
        "site_map": result.sites_file,
        "geoip": result.geoip_file,
        "home": result.home,
        "facts": [{"fact": f.fact, "value": f.value, **_where(f.pos), "note": f.note} for f in result.facts],
        "algorithms": [{"name": u.algorithm.name, "token": u.token, "role": u.algorithm.role.value,
                        "family": u.algorithm.family, "key_bits": u.algorithm.key_bits,
                        "sm": u.algorithm.sm, "weak": u.algorithm.weak, "known": u.algorithm.known,
                        "context": u.context, **_where(u.pos)}
                       for c in result.configs for u in c.algorithms],
        "defaults_apply": [{"what": w, **_where(p)} for c in result.configs for w, p in c.defaults_apply],
        "endpoints": [{"host": e.display, "port": e.port, "role": e.role, "context": e.context,
                       "country": e.country, "country_source": e.country_source, **_where(e.pos)}
                      for e in result.endpoints],
        "authentication": [{"method": a.method, "context": a.context, "identity": a.identity,
                            "per_user": a.per_user, "shared": a.shared, "note": a.note, **_where(a.pos)}
                           for c in result.configs for a in c.auth],
        "logging": [{"destination": s.destination, "level": s.level, "enabled": s.enabled,
                     "kind": s.kind, "default": s.default, **_where(s.pos)}
                    for c in result.configs for s in (c.logging or [])],
        "notes": [{"note": n, **_where(p)} for c in result.configs for n, p in c.notes],
        "findings": [f.model_dump(mode="json") for f in sort_findings(result.findings)],
    }


def render_json(result, out: TextIO) -> None:
    json.dump(to_document(result), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _value(v) -> str:
    if isinstance(v, list):
        return ", ".join(map(str, v)) if v else "(none)"
    return str(v)


def render_text(result, out: TextIO) -> None:
    console = Console(file=out, highlight=False, soft_wrap=False, width=120)
    verdict = verdict_of(result.findings)
    console.print(f"[bold]kuajing config audit[/] as of {result.as_of}: "
                  + ", ".join(f"{escape(c.file)} ({c.kind.value})" for c in result.configs))
    console.print(f"Verdict: [{STYLE[verdict]}]{STATUS_LABEL[verdict]}[/]")
    facts = Table(title="Facts", title_justify="left")
    for col in ("fact", "value", "where"):
        facts.add_column(col)
    for f in result.facts:
        facts.add_row(f.fact, escape(_value(f.value)) + (f"\n[dim]{escape(f.note)}[/]" if f.note else ""),
                      escape(str(f.pos)))
    console.print(facts)
    if result.endpoints:
        ends = Table(title="Endpoints", title_justify="left")
        for col in ("role", "host", "country", "where"):
            ends.add_column(col)
        for e in result.endpoints:
            ends.add_row(e.role, escape(e.display + (f":{e.port}" if e.port else "")),
                         escape(f"{e.country} ({e.country_source})" if e.country else "unknown"),
                         escape(str(e.pos)))
        console.print(ends)
    table = Table(title="Findings", title_justify="left")
    for col in ("status", "strength", "check", "where"):
        table.add_column(col)
    findings = sort_findings(result.findings)
    for f in findings:
        table.add_row(f"[{STYLE[f.status]}]{STATUS_LABEL[f.status]}[/]", f.strength.value, f.rule_id,
                      escape(f.location or f.subject))
    console.print(table)
    for f in findings:
        if f.status in (Status.compliant, Status.not_applicable):
            continue
        console.print(f"\n[{STYLE[f.status]}]{STATUS_LABEL[f.status]}[/] [bold]{f.rule_id}[/] "
                      f"({f.strength.value}) at {escape(f.location or f.subject)}")
        console.print(f"  {escape(f.title)}")
        console.print(f"  Why: {escape(f.explanation)}")
        if f.reason:
            console.print(f"  Unclear point: {escape(f.reason)}")
        console.print(f"  Provisions: {escape(provision_line(f))}")
        if f.remediation:
            console.print(f"  Do: {escape(f.remediation)}")
    notes = [(n, p) for c in result.configs for n, p in c.notes]
    if notes:
        console.print("\n[bold]Notes[/]")
        for n, p in notes[:30]:
            console.print(f"  {escape(str(p))}: {escape(n)}")
        if len(notes) > 30:
            console.print(f"  … and {len(notes) - 30} more (see --format json)")
    console.print(f"\n{DISCLAIMER_EN}")
