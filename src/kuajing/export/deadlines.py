"""Deadlines of the export evidence, counted in PRC working days (see ``workdays``)."""

from __future__ import annotations

import datetime as dt

from ..law.corpus import Law
from .workdays import add_working_days_safe, subtract_working_days_safe

__all__ = ["assessment_expiry", "renewal_lead_date", "scc_filing_due", "flow_deadlines"]


def assessment_expiry(law: Law, approved: dt.date, valid_until: dt.date | None) -> dt.date | None:
    """The expiry stated on the approval, else approval date + the validity in force on that date."""
    if valid_until is not None:
        return valid_until
    years = law.value("xb.assessment.validity", approved)
    if years is None:
        return None
    try:
        return approved.replace(year=approved.year + int(years.value))
    except ValueError:  # 29 February
        return approved.replace(year=approved.year + int(years.value), day=28)


def renewal_lead_date(expiry: dt.date, lead_working_days: int) -> tuple[dt.date, bool]:
    """The date ``lead_working_days`` working days before expiry, and whether it is exact. Under the
    2022 Measures it is the latest day to declare again; under the 2024 Provisions the day the
    window to apply for an extension opens."""
    return subtract_working_days_safe(expiry, lead_working_days)


def scc_filing_due(effective: dt.date, working_days: int) -> tuple[dt.date, bool]:
    """The last day to file a standard contract, and whether it is exact."""
    return add_working_days_safe(effective, working_days)


def flow_deadlines(flow, law: Law, on: dt.date) -> dict:
    """The dated deadlines of a flow's evidence, for the export report."""
    out: dict = {}
    ev = flow.evidence
    sc = ev.standard_contract
    days = law.value("xb.scc.filing_deadline", on)
    if sc is not None and sc.effective is not None and days is not None:
        due, exact = scc_filing_due(sc.effective, int(days.value))
        out["standard_contract_filing_due"] = {"date": due.isoformat(), "exact": exact,
                                               "filed": sc.filed.isoformat() if sc.filed else None}
    sa = ev.security_assessment
    lead = law.value("xb.assessment.renewal_lead_time", on)
    if sa is not None and sa.approved is not None:
        expiry = assessment_expiry(law, sa.approved, sa.valid_until)
        if expiry is not None:
            out["security_assessment_expires"] = expiry.isoformat()
            if lead is not None:
                mark, exact = renewal_lead_date(expiry, int(lead.value))
                key = ("security_assessment_extension_window_opens" if law.in_force("cbdf-2024:9", on)
                       else "security_assessment_redeclare_by")
                out[key] = {"date": mark.isoformat(), "exact": exact}
    cert = ev.certification
    if cert is not None and cert.valid_until is not None:
        out["certification_expires"] = cert.valid_until.isoformat()
    return out
