"""The two views of a session-log audit: the JSON document (``kuajing.audit-logs/1``) and the
terminal view. Both are built from one dictionary; the renderers only format it.

No raw account or address of a data subject appears in either: accounts are masked, addresses
are counted.
"""

from __future__ import annotations

import datetime as dt
from typing import IO

from rich.console import Console
from rich.markup import escape

from ... import DISCLAIMER_EN, __version__
from ...findings import Finding, Status, binding, verdict_of
from .audit import AuditResult
from .coverage import format_duration

__all__ = ["FORMAT", "build_document", "render_text", "exit_code", "MAX_GAPS_LISTED"]

FORMAT = "kuajing.audit-logs/1"
MAX_GAPS_LISTED = 20

_STATUS_STYLE = {
    Status.violation: "bold red",
    Status.at_risk: "yellow",
    Status.needs_evidence: "cyan",
    Status.compliant: "green",
    Status.not_applicable: "dim",
}


def exit_code(findings: list[Finding]) -> int:
    """1 if any binding finding is a violation or at risk, else 0."""
    bad = {Status.violation, Status.at_risk}
    return 1 if any(binding(f) and f.status in bad for f in findings) else 0


def _t(t: dt.datetime | None) -> str | None:
    return t.isoformat(sep=" ") if t is not None else None


def _rec(rec) -> dict | None:
    if rec is None:
        return None
    return {"time": _t(rec.time), "file": rec.file, "line": rec.line, "column": rec.column}


def build_document(r: AuditResult, findings: list[Finding]) -> dict:
    """The documented JSON document (see docs/audit-logs.md)."""
    cov = r.coverage
    earliest, latest = cov.earliest, cov.latest
    gaps = r.gaps()
    window_gaps = set(id(g) for g in r.gaps_in_window())
    trailing = r.trailing_gap()
    longest = sorted(gaps, key=lambda g: g.length, reverse=True)[:MAX_GAPS_LISTED]
    longest.sort(key=lambda g: g.start.time)
    coverage = {
        "records": cov.records,
        "earliest": _rec(earliest),
        "latest": _rec(latest),
        "span_days": round((latest.time - earliest.time).total_seconds() / 86400, 2)
        if earliest and latest else None,
        "retention": {
            "parameter": r.retention.model_dump(mode="json") if r.retention else None,
            "required_months": r.retention_months,
            "cutoff": r.cutoff.isoformat() if r.cutoff else None,
            "months_proved": r.months_proved(),
            "reaches_cutoff": (earliest.time.date() <= r.cutoff)
            if earliest is not None and r.cutoff is not None else None,
            "since": r.options.since.isoformat() if r.options.since else None,
        },
        "gap_threshold_seconds": r.options.gap.total_seconds(),
        "gaps_total": len(gaps),
        "gaps_in_retention_window": len(window_gaps),
        "gaps": [
            {"start": _rec(g.start), "end": _rec(g.end),
             "hours": round(g.length.total_seconds() / 3600, 2),
             "in_retention_window": id(g) in window_gaps}
            for g in longest
        ],
        "trailing_silence_hours": round(trailing.total_seconds() / 3600, 2) if trailing else None,
    }
    facts = []
    for lf in r.facts():
        ev, loc = lf.evidence, lf.location
        value = ev.value.isoformat() if isinstance(ev.value, dt.date) else ev.value
        facts.append({"fact": ev.fact, "value": value, "source": ev.source,
                      "file": loc.file if loc else None, "line": loc.line if loc else None,
                      "column": loc.column if loc else None, "note": ev.note})
    return {
        "kuajing": __version__,
        "format": FORMAT,
        "as_of": r.as_of.isoformat(),
        "options": {
            "kind": r.options.kind,
            "gap_seconds": r.options.gap.total_seconds(),
            "since": r.options.since.isoformat() if r.options.since else None,
            "clock_tolerance_seconds": r.options.tolerance.total_seconds(),
            "concurrency_window_seconds": r.options.window.total_seconds(),
            "mapping": r.options.mapping.fields() if r.options.mapping else None,
            "time_format": r.options.time_format,
        },
        "sources": [s.as_dict() for s in r.sources],
        "coverage": coverage,
        "attribution": r.attribution_summary(),
        "anomalies": r.clock.as_dict(),
        "facts": facts,
        "findings": [f.model_dump(mode="json") for f in findings],
        "verdict": verdict_of(findings).value,
        "exit_code": exit_code(findings),
        "disclaimer": DISCLAIMER_EN,
    }


def render_text(doc: dict, out: IO[str] | None = None, *, width: int | None = None) -> None:
    """The terminal view of a document built by ``build_document``."""
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)

    def say(text: str, style: str | None = None) -> None:
        console.print(escape(text), style=style)

    console.print(f"[bold]kuajing audit logs[/bold]  as of {escape(doc['as_of'])}")
    console.print("[bold]Sources[/bold]")
    for s in doc["sources"]:
        say(f"  {s['file']}  [{s['kind']}]  {s['records']} records, {s['skipped']} skipped"
            + (f", {s['ignored']} ignored" if s["ignored"] else ""))
        notes = list(s["notes"])
        if s["year_inferred"]:
            notes.append(s["year_inferred"]["note"])
        for sample in s["skipped_samples"][:3]:
            notes.append(f"skipped line {sample['line']}: {sample['reason']}")
        for note in notes:
            say(f"      {note}", "dim")

    cov = doc["coverage"]
    console.print("[bold]Coverage[/bold]")
    if cov["earliest"]:
        e, la = cov["earliest"], cov["latest"]
        say(f"  {cov['records']} records, {cov['span_days']} days")
        say(f"  earliest {e['time']}  {e['file']}:{e['line']}")
        say(f"  latest   {la['time']}  {la['file']}:{la['line']}")
        ret = cov["retention"]
        if ret["required_months"] is not None:
            say(f"  retention: {ret['months_proved']} months proved; minimum "
                f"{ret['required_months']} months ({ret['parameter']['cited_as']}), cut-off "
                f"{ret['cutoff']}" + (f"; logging began {ret['since']} (declared)"
                                      if ret["since"] else ""))
        gap = format_duration(dt.timedelta(seconds=cov["gap_threshold_seconds"]))
        say(f"  gaps longer than {gap}: {cov['gaps_total']} "
            f"({cov['gaps_in_retention_window']} within the retention period)")
        for g in cov["gaps"][:10]:
            say(f"    {g['start']['time']} → {g['end']['time']}  {g['hours']} h  "
                f"{g['start']['file']}:{g['start']['line']}")
        if cov["trailing_silence_hours"]:
            say(f"  the logs stop {cov['trailing_silence_hours']} h before the as-of date")
    else:
        say("  no usable timed record")

    a = doc["attribution"]
    console.print("[bold]Attribution[/bold]")
    say(f"  {a['sessions']} sessions, {a['accounts']} accounts, "
        f"{a['sessions_without_account']} sessions without an account, "
        f"{a['failed_logins']} failed logins")
    if a["directory"]:
        share = f"{a['share']:.1%}" if a["share"] is not None else "n/a"
        say(f"  resolve to a person: {a['sessions_attributed']} sessions ({share}); unknown "
            f"accounts {a['unknown_accounts']['count']}, service accounts "
            f"{a['service_accounts']['count']}, accounts without a person "
            f"{a['accounts_without_person']['count']}")
        if a["unknown_accounts"]["examples"]:
            say(f"    unknown: {', '.join(a['unknown_accounts']['examples'][:5])}", "dim")
        if a["third_party_accounts"] is not None:
            say(f"  third-party accounts in use: {a['third_party_accounts']['count']}")
    else:
        say("  no account directory given (--directory): attribution not measured")
    shared = a["shared_accounts"]
    say(f"  shared accounts (two addresses at once): {shared['count']}")
    for ex in shared["examples"][:5]:
        say(f"    {ex['account']}: {ex['addresses']} addresses, first at {ex['first_overlap']}  "
            f"{ex['source']}")

    an = doc["anomalies"]
    console.print("[bold]Clock anomalies[/bold]")
    say(f"  backwards {an['backwards']['count']}, future {an['future']['count']}, "
        f"before 2000 {an['implausible']['count']}, disagreeing clocks "
        f"{an['disagreeing']['count']}")
    for cat in ("backwards", "future", "implausible", "disagreeing"):
        for ex in an[cat]["examples"][:2]:
            say(f"    {cat}: {ex['file']}:{ex['line']}:{ex['column']}  {ex['detail']}", "dim")
    for y in an["year_inferred"]:
        say(f"  {y['file']}: {y['note']}", "dim")

    console.print("[bold]Findings[/bold]")
    for f in doc["findings"]:
        status = Status(f["status"])
        cited = ", ".join(p["cited_as"] + (f" ({p['also_numbered']})" if p.get("also_numbered")
                                           else "") for p in f["provisions_resolved"])
        console.print(f"  [{_STATUS_STYLE[status]}]{status.value:<15}[/] "
                      f"[bold]{escape(f['rule_id'])}[/bold]  {escape(f['title'])}")
        say(f"      {f['strength']} · {cited}", "dim")
        say(f"      {f['explanation']}")
        if f.get("reason"):
            say(f"      why: {f['reason']}", "dim")
        if f.get("missing_facts"):
            say(f"      missing: {', '.join(f['missing_facts'])}", "dim")
        if status in (Status.violation, Status.at_risk) and f.get("remediation"):
            say(f"      fix: {f['remediation']}", "dim")
    verdict = Status(doc["verdict"])
    console.print(f"verdict: [{_STATUS_STYLE[verdict]}]{verdict.value}[/]")
    say(doc["disclaimer"])
