"""Standard Contract Measures Art. 7: file within 10 working days of the contract taking effect."""

from kuajing.export.deadlines import scc_filing_due
from kuajing.export.decision import EXEMPT
from kuajing.rules.context import MissingFact
from kuajing.rules.export_support import flow_decision
from kuajing.yamlsource import format_path


def evaluate(ctx):
    sc = ctx.known("evidence.standard_contract")
    if sc is not None and sc.signed is not None and sc.effective is None:
        raise MissingFact([format_path(ctx.subject_path + ("evidence", "standard_contract", "effective"))])
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
        if not exact:
            return ctx.at_risk(f"The contract took effect on {sc.effective} and was filed on {sc.filed}, after "
                               f"the earliest possible deadline of {due} ({days:g} working days).",
                               f"The holiday calendar for {due.year} is not published, so the real deadline may "
                               "be later and the filing may have been on time.", penalty)
        return ctx.at_risk(f"The contract took effect on {sc.effective} and was filed on {sc.filed}, after "
                           f"the deadline of {due} ({days:g} working days).",
                           "The filing was late; it is now filed, so the breach is past but on record.",
                           penalty)
    if ctx.as_of <= due:
        return ctx.compliant(f"The contract took effect on {sc.effective}; filing is due by {due} "
                             f"({days:g} working days), not yet passed.")
    _, flow = flow_decision(ctx)
    if flow.not_an_export:
        return ctx.not_applicable(flow.why)
    if flow.mechanism == EXEMPT:
        return ctx.at_risk(f"The contract took effect on {sc.effective} and is not filed; the deadline was "
                           f"{due} ({days:g} working days).",
                           "The transfer is exempt on this date, so it does not rest on the contract; whether "
                           "a contract signed anyway (or when it was still required) must be filed is not "
                           "settled. File it, or record that the transfer no longer relies on it.", penalty)
    if not exact:
        return ctx.at_risk(f"The contract took effect on {sc.effective} and is not filed; the deadline is "
                           f"{due} at the earliest ({days:g} working days).",
                           f"The holiday calendar for {due.year} is not published, so the real deadline may "
                           "be later; file now.", penalty)
    return ctx.violation(f"The contract took effect on {sc.effective} and is not filed; the deadline was "
                         f"{due} ({days:g} working days).", penalty)
