"""CSL Art. 21 (Art. 23 from 2026-01-01): keep network logs for at least six months."""


def _penalties(ctx):
    if ctx.param_or_none("csl.penalty.operator_mlps.fine_initial") is not None:
        return [
            ctx.fine("csl.penalty.operator_mlps.fine_initial",
                     "Order to correct and warning; a fine may be imposed at once",
                     authority="cyberspace / public security authorities"),
            ctx.fine("csl.penalty.operator_mlps.fine_refusal",
                     "If the operator refuses to correct or harm follows",
                     authority="cyberspace / public security authorities"),
        ]
    return [ctx.fine("csl.penalty.operator_mlps.fine",
                     "Order to correct and warning; a fine only if the operator refuses to correct or "
                     "harm follows", authority="cyberspace / public security authorities")]


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual using a channel is not operating a network.")
    minimum = ctx.param("csl.mlps.log_retention_min")
    if not ctx.fact("logging.enabled"):
        return ctx.violation("Logging is switched off on this channel, so no network logs are kept.",
                             _penalties(ctx))
    months = ctx.fact("logging.retention_months")
    if months < minimum:
        return ctx.violation(f"Logs are kept for {months:g} months; the minimum is {minimum:g} months.",
                             _penalties(ctx))
    return ctx.compliant(f"Logs are kept for {months:g} months, at least the {minimum:g}-month minimum.")
