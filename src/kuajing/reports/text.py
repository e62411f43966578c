"""Shared wording for the human-readable renderers (terminal and Markdown)."""

from __future__ import annotations

from ..findings import Finding, Penalty, Status

__all__ = ["STATUS_LABEL", "STATUS_ORDER_DISPLAY", "provision_line", "penalty_line", "money",
           "value_text", "short_provisions", "WORDS", "label", "title", "remediation", "disclaimer"]

STATUS_LABEL = {
    Status.violation: "VIOLATION",
    Status.at_risk: "AT RISK",
    Status.needs_evidence: "NEEDS EVIDENCE",
    Status.compliant: "COMPLIANT",
    Status.not_applicable: "NOT APPLICABLE",
}

STATUS_LABEL_ZH = {
    Status.violation: "违规",
    Status.at_risk: "存在风险",
    Status.needs_evidence: "需补充证据",
    Status.compliant: "合规",
    Status.not_applicable: "不适用",
}

#: Words of the human-readable reports, by language. The explanations built from facts stay in
#: English; titles, remediation, labels and the disclaimer are translated.
WORDS = {
    "en": {"assessment": "kuajing assessment", "of": "of", "as_of": "as of", "verdict": "Verdict",
           "why": "Why", "unclear": "Unclear point", "provisions": "Provisions", "fact": "Fact",
           "parameter": "Parameter", "exposure": "Exposure", "do": "Do", "findings": "Findings",
           "status": "status", "strength": "strength", "subject": "subject", "rule": "rule"},
    "zh": {"assessment": "kuajing 合规评估", "of": "对象", "as_of": "评估日期", "verdict": "结论",
           "why": "理由", "unclear": "不确定之处", "provisions": "依据条款", "fact": "事实",
           "parameter": "参数", "exposure": "责任风险", "do": "整改建议", "findings": "发现",
           "status": "状态", "strength": "义务强度", "subject": "对象", "rule": "规则"},
}


def label(status: Status, lang: str) -> str:
    return (STATUS_LABEL_ZH if lang == "zh" else STATUS_LABEL)[status]


def title(f: Finding, lang: str) -> str:
    return (f.title_zh or f.title) if lang == "zh" else f.title


def remediation(f: Finding, lang: str) -> str | None:
    return (f.remediation_zh or f.remediation) if lang == "zh" else f.remediation


def disclaimer(lang: str) -> str:
    from .. import DISCLAIMER_EN, DISCLAIMER_ZH

    return DISCLAIMER_ZH if lang == "zh" else DISCLAIMER_EN


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


def short_provisions(f: Finding, limit: int = 2, lang: str = "en") -> str:
    names = [(r.cited_as_zh or r.cited_as) if lang == "zh" else r.cited_as for r in f.provisions_resolved]
    return ", ".join(names[:limit]) + (f" (+{len(names) - limit})" if len(names) > limit else "")


def money(x: float | None) -> str:
    return "—" if x is None else f"RMB {x:,.0f}"


def provision_line(f: Finding, lang: str = "en") -> str:
    parts = []
    for ref in f.provisions_resolved:
        text = (ref.cited_as_zh or ref.cited_as) if lang == "zh" else ref.cited_as
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
