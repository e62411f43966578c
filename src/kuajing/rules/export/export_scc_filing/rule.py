"""Standard Contract Measures Art. 7: file within 10 working days of the contract taking effect."""

from kuajing.export.deadlines import scc_filing_due


def evaluate(ctx):
    sc = ctx.known("evidence.standard_contract")
    if sc is None or sc.effective is None:
        return ctx.not_applicable("No standard contract has taken effect, so there is nothing to file yet.")
    days = ctx.param("xb.scc.filing_deadline")
    due, exact = scc_filing_due(sc.effective, int(days))
    if not exact:
        ctx.note(f"The holiday calendar for {due.year} is not published yet: {due} is a conservative "
                 "(earliest possible) deadline.")
    penalty = [ctx.fine("pipl.penalty.general.fine_max", "Order to correct, warning; a fine if the "
                        "processor refuses to correct", authority="cyberspace authorities")]
    if sc.filed is not None:
        if sc.filed <= due:
            return ctx.compliant(f"The contract took effect on {sc.effective} and was filed on {sc.filed}, "
                                 f"within {days:g} working days (by {due}).")
        return ctx.at_risk(f"The contract took effect on {sc.effective} and was filed on {sc.filed}, after "
                           f"the deadline of {due} ({days:g} working days).",
                           "The filing was late; it is now filed, so the breach is past but on record.",
                           penalty)
    if ctx.as_of <= due:
        return ctx.compliant(f"The contract took effect on {sc.effective}; filing is due by {due} "
                             f"({days:g} working days), not yet passed.")
    return ctx.violation(f"The contract took effect on {sc.effective} and is not filed; the deadline was "
                         f"{due} ({days:g} working days).", penalty)
