"""PIPL Art. 38, CSL Art. 37, the 2022 Measures and the 2024 Provisions: the right mechanism."""

from kuajing.export.deadlines import assessment_expiry
from kuajing.export.decision import ASSESSMENT, EXEMPT, SCC
from kuajing.rules.context import MissingFact
from kuajing.rules.export_support import flow_decision
from kuajing.rules.penalties import export_penalties


GRACE = {ASSESSMENT: "xb.assessment.grace", SCC: "xb.scc.grace"}


def _grace(ctx, mechanism):
    """(start, end, provision) of the transition period covering this flow, or None."""
    pid = GRACE.get(mechanism)
    if pid is None or ctx.param_or_none(pid) is None:
        return None
    used = next(p for p in ctx.params_used if p.id == pid)
    first = ctx.fact("first_transfer")
    if first >= used.valid_from:
        return None
    return used.valid_from, used.valid_until, used.provision


def evaluate(ctx):
    dec, flow = flow_decision(ctx)
    if flow.not_an_export:
        return ctx.not_applicable(flow.why, [])
    if flow.mechanism is None:
        raise MissingFact(flow.missing)
    important = flow.important_data
    ciio = ctx.actor.kind == "organisation" and ctx.actor.ciio is True
    cites = [c for c in flow.provisions if c in ctx.rule.provisions]
    if flow.mechanism == EXEMPT:
        return ctx.compliant(f"No assessment, contract or certification is needed: {flow.why}", cites)
    ev = ctx.subject.evidence
    if flow.mechanism == ASSESSMENT:
        ctx.known("evidence.security_assessment")
        sa = ev.security_assessment
        passed = sa is not None and sa.approved is not None and sa.approved <= ctx.as_of
        until = assessment_expiry(ctx.law, sa.approved, sa.valid_until) if passed else None
        if until is not None and until >= ctx.as_of:
            return ctx.compliant(f"{flow.why} A CAC security assessment was passed on "
                                 f"{ev.security_assessment.approved}, valid until {until}.", cites)
        state = ("the assessment expired on " + str(until)) if until else (
            "an assessment was filed but not yet passed" if ev.security_assessment
            and ev.security_assessment.filed else "no passed CAC security assessment is recorded")
        message = f"{flow.why} But {state}."
    else:
        ctx.known("evidence.standard_contract")
        ctx.known("evidence.certification")
        sc, cert = ev.standard_contract, ev.certification
        if sc is not None and sc.effective is not None and sc.effective <= ctx.as_of:
            return ctx.compliant(f"{flow.why} A standard contract is in effect since {sc.effective}.",
                                 cites)
        if cert is not None and cert.certified is not None and cert.certified <= ctx.as_of and (
                cert.valid_until is None or cert.valid_until >= ctx.as_of):
            return ctx.compliant(f"{flow.why} The transfer is certified since {cert.certified}.", cites)
        message = f"{flow.why} But no standard contract in effect or valid certification is recorded."
    penalties = export_penalties(ctx, important, ciio)
    grace = _grace(ctx, flow.mechanism)
    if grace is not None:
        start, end, cite = grace
        return ctx.at_risk(message, f"Transfers under way before {start} had until {end} to comply "
                           "(transition period).", penalties, cites + [cite])
    if flow.uncertain:
        return ctx.at_risk(message, flow.uncertain, penalties, cites)
    return ctx.violation(message, penalties, cites)
