"""Good practice from the source articles: SM-series algorithms. Never a violation."""

REASON = "Recommended good practice (SM-series algorithms), not a legal requirement for this channel."


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual's use of a channel is outside this recommendation.")
    if ctx.fact("cryptography.sm_algorithms"):
        return ctx.compliant("The channel uses SM-series algorithms.")
    return ctx.at_risk("The channel does not use SM-series algorithms.", REASON)
