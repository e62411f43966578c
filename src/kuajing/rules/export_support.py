"""What the export rules share: the exporter-level decision (computed once per run), the state of
a flow's security assessment, whether a flow leaves the mainland, and the exposure of an unlawful
export (PIPL Art. 66, DSL Art. 46, CSL Art. 66 until 2025-12-31)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..export.deadlines import assessment_expiry, assessment_expiry_unsettled
from ..export.decision import ExporterDecision, FlowDecision, decide
from ..facts.profile import MAINLAND
from ..findings import Penalty
from .context import Context
from .penalties import export_penalties

__all__ = ["flow_decision", "leaves_mainland", "AssessmentState", "assessment_state", "export_exposure"]


def flow_decision(ctx: Context) -> tuple[ExporterDecision, FlowDecision]:
    """The exporter decision (cached per run) and this flow's part of it, with its facts recorded."""
    cache = ctx.options.setdefault("_export_cache", {})
    key = ctx.as_of
    if key not in cache:
        cache[key] = decide(ctx.profile, ctx.as_of, ctx.law, ledger=ctx.options.get("ledger"))
    dec = cache[key]
    for used in dec.params:
        if used not in ctx.params_used:
            ctx.params_used.append(used)
    loaded = ctx.options["loaded"]
    if dec.counts_source == "ledger":
        ctx.record("exporter.individuals", dec.individuals, "export ledger")
        ctx.record("exporter.sensitive_individuals", dec.sensitive_individuals, "export ledger")
    else:
        for i, flow in enumerate(ctx.profile.data_flows):
            if dec.flows[flow.id].counts_toward_thresholds:
                ctx.record(f"data_flows[{i}].individuals", flow.individuals,
                           loaded.source(("data_flows", i, "individuals")))
    return dec, dec.flows[ctx.subject.id]


def leaves_mainland(ctx: Context) -> bool:
    """False only when the recipient is known to be in the mainland (``CN``); Hong Kong, Macao and
    Taiwan are outside it. An unknown destination is treated as abroad, so duties still apply.
    The rule must declare the fact ``recipient.country`` (validated as an ISO 3166-1 alpha-2 code)."""
    return ctx.known("recipient.country") != MAINLAND


@dataclass(frozen=True)
class AssessmentState:
    """A flow's security assessment on the as-of date."""

    passed: bool  # approved on or before the as-of date
    until: dt.date | None  # the expiry kuajing counts from (stated, else the validity on approval)
    valid: bool  # passed and not expired on the as-of date
    may_run_until: dt.date | None = None  # a later expiry a change of validity may give (unsettled)
    old_years: int | None = None
    new_years: int | None = None

    @property
    def unsettled(self) -> bool:
        """Expired by the validity in force on approval, but not by the longer one set since."""
        return self.passed and not self.valid and self.may_run_until is not None

    def unsettled_reason(self) -> str:
        return (f"The result has no stated expiry. It was passed when results were valid for "
                f"{self.old_years} years, which ran out on {self.until}; the validity became {self.new_years} "
                f"years from issue (to {self.may_run_until}) while it was still running, and whether the longer "
                "validity reaches results issued before the change is not settled. Record the expiry stated "
                "on the CAC's notice as valid_until.")


def assessment_state(ctx: Context, sa) -> AssessmentState:
    if sa is None or sa.approved is None or sa.approved > ctx.as_of:
        return AssessmentState(False, None, False)
    until = assessment_expiry(ctx.law, sa.approved, sa.valid_until)
    valid = until is not None and until >= ctx.as_of
    later = assessment_expiry_unsettled(ctx.law, sa.approved, sa.valid_until)
    if later is None or valid or later[0] < ctx.as_of:
        return AssessmentState(True, until, valid)
    return AssessmentState(True, until, valid, *later)


def export_exposure(ctx: Context, important: bool, ciio: bool) -> list[Penalty]:
    """The entity fines of an unlawful export, the fines on the persons responsible, and the PIPL
    turnover cap when the organisation's turnover is declared. The rule must declare the fact
    ``actor.turnover_rmb``."""
    out = export_penalties(ctx, important, ciio)
    persons = "persons directly in charge and other directly responsible persons"
    if ctx.param_or_none("pipl.penalty.general.person_fine") is not None:
        out.append(ctx.fine("pipl.penalty.general.person_fine", f"Fine on the {persons}",
                            authority="personal-information protection authorities"))
    if ctx.param_or_none("pipl.penalty.serious.person_fine") is not None:
        out.append(ctx.fine("pipl.penalty.serious.person_fine", f"Serious cases: fine on the {persons}, who "
                            "may also be barred for a period from serving as director, supervisor, senior "
                            "manager or PI protection officer", authority="provincial-level authority or above"))
    turnover = ctx.known("actor.turnover_rmb")
    pct = ctx.param_or_none("pipl.penalty.serious.turnover_pct_max")
    if turnover is not None and pct is not None:
        used = next(p for p in ctx.params_used if p.id == "pipl.penalty.serious.turnover_pct_max")
        cap = pct["max"] if isinstance(pct, dict) else pct
        out.append(Penalty(kind="administrative", description="Serious cases: the alternative cap of a "
                           "share of the prior year's turnover (the law does not say which cap prevails)",
                           provision=used.provision, cited_as=used.cited_as,
                           authority="provincial-level authority or above", max_rmb=turnover * cap / 100,
                           basis=f"{cap:g}% of the declared turnover of RMB {turnover:,.0f}"))
    if important and ctx.param_or_none("dsl.penalty.important_data_export.person_fine") is not None:
        out.append(ctx.fine("dsl.penalty.important_data_export.person_fine", f"Important data: fine on the "
                            f"{persons}", authority="data security authorities"))
        out.append(ctx.fine("dsl.penalty.important_data_export.person_fine_serious", "Important data, "
                            f"serious cases: fine on the {persons}", authority="data security authorities"))
    if ciio and ctx.param_or_none("csl.penalty.cii_export.person_fine") is not None:
        out.append(ctx.fine("csl.penalty.cii_export.person_fine", f"CIIO export (2017 text): fine on the "
                            f"{persons}", authority="cyberspace authorities"))
    return out
