"""Good practice: no weak algorithms. Never a violation."""


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual's use of a channel is outside this recommendation.")
    weak = ctx.fact("cryptography.weak_algorithms")
    if not weak:
        return ctx.compliant("No weak algorithms are configured.")
    return ctx.at_risk(f"Weak algorithms are configured: {', '.join(sorted(weak))}.",
                       "Recommended good practice, not a specific legal requirement.")
