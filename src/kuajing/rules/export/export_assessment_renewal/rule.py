"""SA Measures Art. 14 / Provisions Art. 9: validity and renewal lead time of an assessment."""

from kuajing.export.deadlines import assessment_expiry, renewal_lead_date


def evaluate(ctx):
    sa = ctx.known("evidence.security_assessment")
    if sa is None or sa.approved is None:
        return ctx.not_applicable("No security assessment has been passed for this flow.")
    until = assessment_expiry(ctx.law, sa.approved, sa.valid_until)
    if until is None:
        return ctx.at_risk(f"The assessment passed on {sa.approved} has no known validity period.",
                           "The approval predates the validity rules in the corpus; check the notice.")
    lead = ctx.param("xb.assessment.renewal_lead_time")
    apply_by, exact = renewal_lead_date(until, int(lead))
    if not exact:
        ctx.note(f"The holiday calendar for {until.year} is not published yet: {apply_by} is a "
                 "conservative estimate of the lead date.")
    penalty = [ctx.fine("pipl.penalty.general.fine_max", "Exporting without a valid assessment: order to "
                        "correct, warning; a fine if the processor refuses", authority="cyberspace authorities")]
    if ctx.as_of > until and (sa.renewal_filed is None or sa.renewal_filed > apply_by):
        return ctx.violation(f"The assessment passed on {sa.approved} expired on {until}.", penalty)
    if sa.renewal_filed is not None:
        return ctx.compliant(f"Valid until {until}; renewal applied for on {sa.renewal_filed}"
                             + ("" if sa.renewal_filed <= apply_by else f" (after the {apply_by} lead date)")
                             + ".")
    if ctx.as_of > apply_by:
        return ctx.at_risk(f"The assessment expires on {until}; the renewal had to be applied for by "
                           f"{apply_by} ({lead:g} working days before) and none is recorded.",
                           "Missing the lead date risks a gap in which transfers must stop.", penalty)
    return ctx.compliant(f"Valid until {until}; apply for renewal by {apply_by} ({lead:g} working days "
                         "before expiry).")
