"""SA Measures Art. 14 / Provisions Art. 9: validity of an assessment and its renewal.

The 60 working days mean different things on different dates: under the 2022 Measures a new
declaration is due *at least* 60 working days before expiry (a latest date); under the 2024
Provisions the processor may apply for an extension *within* the 60 working days before expiry
(a window that opens then and closes at expiry).
"""

from kuajing.export.deadlines import assessment_expiry, renewal_lead_date, renewal_window_latest_opening
from kuajing.findings import Status
from kuajing.export.decision import EXEMPT, SCC
from kuajing.rules.export_support import assessment_state, flow_decision


def evaluate(ctx):
    sa = ctx.known("evidence.security_assessment")
    if sa is None or sa.approved is None or sa.approved > ctx.as_of:
        return ctx.not_applicable("No security assessment has been passed for this flow.")
    _, flow = flow_decision(ctx)
    if flow.not_an_export:
        return ctx.not_applicable(flow.why)
    if flow.mechanism == EXEMPT:
        return ctx.not_applicable("The flow needs no security assessment on this date, so its renewal "
                                  f"is not needed: {flow.why}")
    if flow.mechanism == SCC:
        return ctx.not_applicable("The flow needs the standard contract or certification, not a security "
                                  "assessment, on this date; when the assessment lapses one of those must be "
                                  "in place (see export_mechanism).")
    until = assessment_expiry(ctx.law, sa.approved, sa.valid_until)
    if until is None:
        return ctx.at_risk(f"The assessment passed on {sa.approved} has no known validity period.",
                           "The approval predates the validity rules in the corpus; check the notice.")
    lead = ctx.param("xb.assessment.renewal_lead_time")
    mark, exact = renewal_lead_date(until, int(lead))
    if not exact:
        ctx.note(f"The holiday calendar for {until.year} is not published yet: {mark} is a "
                 "conservative estimate.")
    penalty = [ctx.fine("pipl.penalty.general.fine_max", "Exporting without a valid assessment: order to "
                        "correct, warning; a fine if the processor refuses", authority="cyberspace authorities")]
    filed = sa.renewal_filed
    if ctx.in_force("cbdf-2024:9"):
        latest = renewal_window_latest_opening(until, int(lead))
        out = _window(ctx, sa, until, mark, lead, filed, penalty, latest)
    else:
        out = _deadline(ctx, sa, until, mark, lead, filed, penalty)
    state = assessment_state(ctx, sa)
    if out.status is Status.violation and state.unsettled:
        # expired only if the validity in force on approval still governs it
        return ctx.at_risk(out.message, state.unsettled_reason(), penalty,
                           ["export-assessment-2022:14", "cbdf-2024:9"])
    return out


def _window(ctx, sa, until, opens, lead, filed, penalty, latest):
    """``opens`` is the earliest day the window may open, ``latest`` the latest (the same day when
    the holiday calendar is published)."""
    cites = ["cbdf-2024:9"]
    if ctx.as_of > until:
        if filed is not None and opens <= filed <= until:
            return ctx.at_risk(f"The assessment expired on {until}; an extension was applied for on "
                               f"{filed}, within the window.", "Until the extension is granted, transfers "
                               "relying on the expired result are not covered.", penalty, cites)
        return ctx.violation(f"The assessment passed on {sa.approved} expired on {until} without an "
                             "extension applied for within the window.", penalty, cites)
    if filed is not None:
        if filed < opens:
            return ctx.at_risk(f"An extension was applied for on {filed}, before the window opened on "
                               f"{opens} ({lead:g} working days before expiry on {until}).",
                               "The Provisions allow the application within the 60 working days before "
                               "expiry; an earlier one may not be accepted. Re-apply in the window.",
                               cites=cites)
        if filed < latest:
            return ctx.at_risk(f"An extension was applied for on {filed}; the window opens between {opens} "
                               f"and {latest} ({lead:g} working days before expiry on {until}).",
                               f"The holiday calendar for {until.year} is not published, so whether the "
                               "application came within the window cannot be shown; an earlier one may not be "
                               "accepted. Re-apply once the window has surely opened.", cites=cites)
        return ctx.compliant(f"Valid until {until}; an extension was applied for on {filed}, within the "
                             f"window that opened on {opens}.", cites)
    if ctx.as_of >= opens:
        return ctx.at_risk(f"The assessment expires on {until}; the window to apply for an extension "
                           f"opened on {opens} and no application is recorded.",
                           "Without an extension the transfers must stop at expiry.", penalty, cites)
    return ctx.compliant(f"Valid until {until}; the window to apply for an extension opens on {opens} "
                         f"({lead:g} working days before expiry).", cites)


def _deadline(ctx, sa, until, apply_by, lead, filed, penalty):
    cites = ["export-assessment-2022:14"]
    if ctx.as_of > until and (filed is None or filed > apply_by):
        return ctx.violation(f"The assessment passed on {sa.approved} expired on {until}.", penalty, cites)
    if filed is not None:
        if filed <= apply_by:
            return ctx.compliant(f"Valid until {until}; re-declared on {filed}, by the {apply_by} "
                                 "lead date.", cites)
        return ctx.at_risk(f"Valid until {until}; re-declared on {filed}, after the {apply_by} lead "
                           "date.", "A late re-declaration risks a gap in which transfers must stop.",
                           penalty, cites)
    if ctx.as_of > apply_by:
        return ctx.at_risk(f"The assessment expires on {until}; a new declaration was due by {apply_by} "
                           f"({lead:g} working days before) and none is recorded.",
                           "Missing the lead date risks a gap in which transfers must stop.", penalty, cites)
    return ctx.compliant(f"Valid until {until}; declare again by {apply_by} ({lead:g} working days "
                         "before expiry).", cites)
