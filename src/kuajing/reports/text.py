"""Shared wording for the human-readable renderers (terminal and Markdown)."""

from __future__ import annotations

from ..findings import Finding, Penalty, Status

__all__ = ["STATUS_LABEL", "STATUS_ORDER_DISPLAY", "provision_line", "penalty_line", "money",
           "value_text", "short_provisions"]

STATUS_LABEL = {
    Status.violation: "VIOLATION",
    Status.at_risk: "AT RISK",
    Status.needs_evidence: "NEEDS EVIDENCE",
    Status.compliant: "COMPLIANT",
    Status.not_applicable: "NOT APPLICABLE",
}

#: Display order of findings: worst first.
STATUS_ORDER_DISPLAY = [Status.violation, Status.at_risk, Status.needs_evidence, Status.compliant,
                        Status.not_applicable]


def value_text(value) -> str:
    """A parameter value for people: 10,000–100,000; ≤ 15,000; 6."""
    if isinstance(value, dict):
        lo, hi = value.get("min"), value.get("max")
        if lo is not None and hi is not None:
            return f"{lo:,.0f}–{hi:,.0f}" if max(lo, hi) >= 100 else f"{lo:g}–{hi:g}"
        return f"≤ {hi:,.0f}" if hi is not None else f"≥ {lo:,.0f}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.0f}" if value >= 1000 else f"{value:g}"
    return str(value)


def short_provisions(f: Finding, limit: int = 2) -> str:
    names = [r.cited_as for r in f.provisions_resolved]
    return ", ".join(names[:limit]) + (f" (+{len(names) - limit})" if len(names) > limit else "")


def money(x: float | None) -> str:
    return "—" if x is None else f"RMB {x:,.0f}"


def provision_line(f: Finding) -> str:
    parts = []
    for ref in f.provisions_resolved:
        text = ref.cited_as
        if ref.also_numbered:
            text += f" [also {ref.also_numbered}]"
        parts.append(text)
    return "; ".join(parts)


def penalty_line(p: Penalty) -> str:
    if p.kind == "criminal":
        return f"criminal: {p.cited_as} — {p.description}" + (" (uncertain)" if p.uncertain else "")
    if p.min_rmb is not None and p.max_rmb is not None:
        amount = f"{money(p.min_rmb)} – {money(p.max_rmb)}"
    elif p.max_rmb is not None:
        amount = f"up to {money(p.max_rmb)}"
    else:
        amount = f"from {money(p.min_rmb)}"
    text = f"{amount} ({p.cited_as}): {p.description}"
    if p.basis:
        text += f"; {p.basis}"
    if p.uncertain:
        text += " (uncertain)"
    return text


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (STATUS_ORDER_DISPLAY.index(f.status), f.subject, f.rule_id))


__all__.append("sort_findings")
