"""What the export rules share: the exporter-level decision, computed once per run."""

from __future__ import annotations

from ..export.decision import ExporterDecision, FlowDecision, decide
from .context import Context

__all__ = ["flow_decision"]


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
