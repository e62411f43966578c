"""Shared wording for the human-readable renderers (terminal and Markdown)."""

from __future__ import annotations

from ..findings import Finding, Penalty, Status

__all__ = ["STATUS_LABEL", "STATUS_ORDER_DISPLAY", "provision_line", "penalty_line", "money",
           "value_text", "short_provisions", "WORDS", "label", "title", "remediation", "disclaimer",
           "MECHANISM_LABEL", "DEADLINE_LABEL", "mechanism_label", "period_text", "deadline_lines",
           "flow_ids", "threshold_text", "counts_text", "source_text"]

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
           "status": "status", "strength": "strength", "subject": "subject", "rule": "rule",
           "data_export": "Data export", "regime": "Regime", "counting_period": "Counting period",
           "counts_source": "Counts from", "exporter": "Exporter", "mechanism": "Mechanism",
           "individuals": "Individuals", "sensitive": "with sensitive information",
           "thresholds": "Thresholds", "undecided_flows": "Undecided flows", "missing": "Missing facts",
           "flow": "Flow", "deadlines": "Deadlines", "none": "none", "exact": "exact",
           "estimated": "estimated: the holiday calendar is not published yet",
           "filed_on": "filed on", "not_filed": "not filed", "not_an_export": "not a transfer abroad",
           "source_profile": "profile (declared counts)", "source_ledger": "export ledger (distinct individuals)"},
    "zh": {"assessment": "kuajing 合规评估", "of": "对象", "as_of": "评估日期", "verdict": "结论",
           "why": "理由", "unclear": "不确定之处", "provisions": "依据条款", "fact": "事实",
           "parameter": "参数", "exposure": "责任风险", "do": "整改建议", "findings": "发现",
           "status": "状态", "strength": "义务强度", "subject": "对象", "rule": "规则",
           "data_export": "数据出境", "regime": "适用规则", "counting_period": "计数期间",
           "counts_source": "计数来源", "exporter": "数据出境方", "mechanism": "出境机制",
           "individuals": "个人数量", "sensitive": "其中涉及敏感个人信息",
           "thresholds": "数量门槛", "undecided_flows": "尚未确定的数据流", "missing": "需补充的事实",
           "flow": "数据流", "deadlines": "期限", "none": "无", "exact": "准确",
           "estimated": "估算：当年节假日安排尚未公布",
           "filed_on": "备案日期", "not_filed": "尚未备案", "not_an_export": "不属于向境外提供",
           "source_profile": "档案申报的数量", "source_ledger": "出境台账（去重后的个人数量）"},
}


#: The export mechanisms of the ``export`` record, by language; ``None`` is undetermined.
MECHANISM_LABEL = {
    "en": {"exempt": "exempt", "standard_contract_or_certification": "standard contract or certification",
           "security_assessment": "CAC security assessment", None: "undetermined"},
    "zh": {"exempt": "豁免", "standard_contract_or_certification": "标准合同或个人信息保护认证",
           "security_assessment": "数据出境安全评估", None: "尚无法确定"},
}

#: The deadline keys of a flow's ``deadlines`` (docs/json-format.md), in display order. A key not
#: listed here is shown under its own name, so no deadline is ever dropped.
DEADLINE_LABEL = {
    "en": {"standard_contract_filing_due": "standard contract to be filed by",
           "security_assessment_expires": "security assessment expires",
           "security_assessment_may_run_until": "security assessment may run until (longer validity, "
                                                "not settled)",
           "security_assessment_extension_window_opens": "window to apply for an extension opens",
           "security_assessment_redeclare_by": "security assessment to be declared again by",
           "certification_expires": "certification expires",
           "certification_renew_by": "certification to be applied for again by"},
    "zh": {"standard_contract_filing_due": "标准合同备案截止日",
           "security_assessment_expires": "安全评估结果有效期届满",
           "security_assessment_may_run_until": "安全评估结果或可有效至（新有效期是否适用尚无定论）",
           "security_assessment_extension_window_opens": "可申请延长有效期的期间开始",
           "security_assessment_redeclare_by": "重新申报评估截止日",
           "certification_expires": "认证有效期届满",
           "certification_renew_by": "认证重新申请截止日"},
}


def mechanism_label(mechanism: str | None, lang: str = "en") -> str:
    return MECHANISM_LABEL[lang].get(mechanism, str(mechanism))


def period_text(period: dict) -> str:
    """``{"from": ..., "to": ...}`` as ``from – to`` (``—`` for a missing end)."""
    return f"{period.get('from') or '—'} – {period.get('to') or '—'}"


def threshold_text(row: dict) -> str:
    """One row of ``exporter.thresholds``: parameter, count against threshold, fraction."""
    count = "—" if row.get("count") is None else f"{row['count']:,}"
    f = row.get("fraction")
    frac = "" if f is None else (" (<1%)" if 0 < f < 0.01 else f" ({f:.0%})")
    return f"{row['parameter']}: {count} / {value_text(row['threshold'])}{frac}"


def counts_text(exporter: dict, lang: str = "en") -> str:
    """The exporter's individuals and, of them, those with sensitive information."""
    n, s = exporter.get("individuals"), exporter.get("sensitive_individuals")
    total = "—" if n is None else f"{n:,}"
    sens = "—" if s is None else f"{s:,}"
    return f"{total} ({WORDS[lang]['sensitive']}: {sens})"


def source_text(source: str, lang: str = "en") -> str:
    return WORDS[lang].get(f"source_{source}", source)


def flow_ids(ids: list[str], lang: str = "en") -> str:
    return ", ".join(ids) if ids else WORDS[lang]["none"]


def deadline_lines(deadlines: dict, lang: str = "en") -> list[tuple[str, str]]:
    """(label, value) per deadline of a flow, as recorded: a date, or a date with whether it is
    exact, the latest day of a range and the filing date."""
    w, labels = WORDS[lang], DEADLINE_LABEL[lang]
    keys = [k for k in labels if k in deadlines] + sorted(k for k in deadlines if k not in labels)
    out = []
    for key in keys:
        value = deadlines[key]
        name = labels.get(key, key.replace("_", " "))
        if not isinstance(value, dict):
            out.append((name, str(value)))
            continue
        text = str(value.get("date"))
        if value.get("latest") and value["latest"] != value.get("date"):
            text += f" – {value['latest']}"
        notes = []
        if "exact" in value:
            notes.append(w["exact"] if value["exact"] else w["estimated"])
        if "filed" in value:
            notes.append(f"{w['filed_on']} {value['filed']}" if value["filed"] else w["not_filed"])
        out.append((name, text + (f" ({'; '.join(notes)})" if notes else "")))
    return out


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
