"""Deadlines of the export evidence, counted in PRC working days (see ``workdays``)."""

from __future__ import annotations

import datetime as dt

from ..law.corpus import Law
from .workdays import add_working_days_safe, subtract_working_days_latest, subtract_working_days_safe

__all__ = ["assessment_expiry", "assessment_expiry_unsettled", "certification_expiry",
           "certification_renew_by", "renewal_lead_date", "renewal_window_latest_opening", "scc_filing_due",
           "flow_deadlines"]


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the last day of the month (Civil Code Art. 202)
        return day.replace(year=day.year + years, day=28)


def _minus_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def assessment_expiry(law: Law, approved: dt.date, valid_until: dt.date | None) -> dt.date | None:
    """The expiry stated on the approval, else approval date + the validity in force on that date."""
    if valid_until is not None:
        return valid_until
    years = law.value("xb.assessment.validity", approved)
    if years is None:
        return None
    return _plus_years(approved, int(years.value))


def assessment_expiry_unsettled(law: Law, approved: dt.date,
                                valid_until: dt.date | None) -> tuple[dt.date, int, int] | None:
    """When the validity changed in the law while a result (with no stated expiry) was still
    running: (the later expiry the new validity would give, old years, new years); else None.

    A result passed under the 2022 Measures (2 years) that had not lapsed on 2024-03-22, when the
    Provisions (Art. 9) set 3 years from issue: whether the longer validity reaches it is not
    settled, so the earlier expiry is the one kuajing counts from and the later one is reported."""
    if valid_until is not None:
        return None
    old = law.value("xb.assessment.validity", approved)
    if old is None:
        return None
    lapse = _plus_years(approved, int(old.value))
    new = law.value("xb.assessment.validity", lapse)
    if new is None or new.value <= old.value:
        return None
    return _plus_years(approved, int(new.value)), int(old.value), int(new.value)


def certification_expiry(law: Law, certified: dt.date, valid_until: dt.date | None) -> dt.date | None:
    """The expiry stated on the certificate, else certification date + the validity in force on
    that date (the Certification Measures, from 2026-01-01); None when neither is known."""
    if valid_until is not None:
        return valid_until
    years = law.value("xb.cert.validity", certified)
    if years is None:
        return None
    return _plus_years(certified, int(years.value))


def certification_renew_by(law: Law, expiry: dt.date, on: dt.date) -> dt.date | None:
    """The date to re-apply for certification by (months before expiry), when the law sets one."""
    lead = law.value("xb.cert.renewal_lead_time", on)
    if lead is None:
        return None
    return _minus_months(expiry, int(lead.value))


def renewal_lead_date(expiry: dt.date, lead_working_days: int) -> tuple[dt.date, bool]:
    """The date ``lead_working_days`` working days before expiry, and whether it is exact. Under the
    2022 Measures it is the latest day to declare again; under the 2024 Provisions the day the
    window to apply for an extension opens."""
    return subtract_working_days_safe(expiry, lead_working_days)


def renewal_window_latest_opening(expiry: dt.date, lead_working_days: int) -> dt.date:
    """The latest day the extension window (2024 Provisions) may open: the exact day when the holiday
    calendar is published, else an estimate never earlier than the real day. ``renewal_lead_date``
    gives the earliest; an application between the two cannot be shown to fall inside the window."""
    return subtract_working_days_latest(expiry, lead_working_days)[0]


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
            unsettled = assessment_expiry_unsettled(law, sa.approved, sa.valid_until)
            if unsettled is not None:
                out["security_assessment_may_run_until"] = unsettled[0].isoformat()
            if lead is not None:
                mark, exact = renewal_lead_date(expiry, int(lead.value))
                if law.in_force("cbdf-2024:9", on):
                    latest = renewal_window_latest_opening(expiry, int(lead.value))
                    out["security_assessment_extension_window_opens"] = {
                        "date": mark.isoformat(), "exact": exact, "latest": latest.isoformat()}
                else:
                    out["security_assessment_redeclare_by"] = {"date": mark.isoformat(), "exact": exact}
    cert = ev.certification
    if cert is not None and cert.certified is not None:
        expiry = certification_expiry(law, cert.certified, cert.valid_until)
        if expiry is not None:
            out["certification_expires"] = expiry.isoformat()
            renew = certification_renew_by(law, expiry, on)
            if renew is not None:
                out["certification_renew_by"] = renew.isoformat()
    elif cert is not None and cert.valid_until is not None:
        out["certification_expires"] = cert.valid_until.isoformat()
    return out
