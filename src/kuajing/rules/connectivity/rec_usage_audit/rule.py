"""Good practice: a yearly usage audit. Never a violation."""


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual's use of a channel is outside this recommendation.")
    months = ctx.constant("interval_months")
    last = ctx.fact("usage_audit.last")
    age = (ctx.as_of.year - last.year) * 12 + (ctx.as_of.month - last.month)
    if 0 <= age <= months:
        return ctx.compliant(f"The last usage audit was on {last}, within {months} months.")
    return ctx.at_risk(f"The last usage audit was on {last}, more than {months} months before {ctx.as_of}"
                       if age > months else f"The usage audit date {last} is after {ctx.as_of}.",
                       "Recommended good practice from the source articles, not a legal requirement.")
