"""PIPL Art. 38, CSL Art. 37, the 2022 Measures and the 2024 Provisions: the right mechanism."""

from kuajing.export.deadlines import certification_expiry
from kuajing.export.decision import ASSESSMENT, EXEMPT, SCC
from kuajing.rules.context import MissingFact
from kuajing.rules.export_support import assessment_state, export_exposure, flow_decision
from kuajing.yamlsource import format_path


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


def _assessment_text(sa, state):
    if state.passed:
        return f"the assessment passed on {sa.approved} expired on {state.until}"
    if sa is not None and sa.filed:
        return "an assessment was filed but not yet passed"
    return "no passed CAC security assessment is recorded"


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
    ctx.known("evidence.security_assessment")
    sa = ev.security_assessment
    state = assessment_state(ctx, sa)
    unsettled = None
    if flow.mechanism == ASSESSMENT:
        if state.valid:
            return ctx.compliant(f"{flow.why} A CAC security assessment was passed on {sa.approved}, valid "
                                 f"until {state.until}.", cites)
        message = f"{flow.why} But {_assessment_text(sa, state)}."
        unsettled = state.unsettled
    else:
        ctx.known("evidence.standard_contract")
        ctx.known("evidence.certification")
        sc, cert = ev.standard_contract, ev.certification
        if sc is not None and sc.effective is not None and sc.effective <= ctx.as_of:
            return ctx.compliant(f"{flow.why} A standard contract is in effect since {sc.effective}.",
                                 cites)
        if sc is not None and sc.signed is not None and sc.effective is None and not state.valid:
            # signed, but when (and whether) it took effect is not stated
            raise MissingFact([format_path(ctx.subject_path + ("evidence", "standard_contract", "effective"))])
        if state.valid:  # PIPL Art. 38(1): a passed assessment is itself a lawful mechanism
            return ctx.compliant(f"{flow.why} A CAC security assessment passed on {sa.approved}, valid until "
                                 f"{state.until}, covers it.", cites)
        if cert is not None and cert.certified is not None and cert.certified <= ctx.as_of:
            expiry = certification_expiry(ctx.law, cert.certified, cert.valid_until)
            if expiry is None:
                raise MissingFact([format_path(ctx.subject_path + ("evidence", "certification",
                                                                   "valid_until"))])
            if expiry >= ctx.as_of:
                return ctx.compliant(f"{flow.why} The transfer is certified since {cert.certified}, valid "
                                     f"until {expiry}.", cites)
            message = f"{flow.why} But the certification expired on {expiry}."
        else:
            message = f"{flow.why} But no standard contract in effect or valid certification is recorded."
        unsettled = state.unsettled
    penalties = export_exposure(ctx, important, ciio)
    grace = _grace(ctx, flow.mechanism)
    if grace is not None:
        start, end, cite = grace
        return ctx.at_risk(message, f"Transfers under way before {start} had until {end} to comply "
                           "(transition period).", penalties, cites + [cite])
    if unsettled:
        return ctx.at_risk(message, state.unsettled_reason(), penalties,
                           cites + [c for c in ("export-assessment-2022:14", "cbdf-2024:9")
                                    if c not in cites])
    if flow.uncertain:
        return ctx.at_risk(message, flow.uncertain, penalties, cites)
    return ctx.violation(message, penalties, cites)
