"""CSL Art. 24 (Art. 26 from 2026-01-01): real-name registration by network-access providers."""


def evaluate(ctx):
    if ctx.fact("real_name"):
        return ctx.compliant("Users' true identity is collected when they sign up.")
    return ctx.violation(
        "Users are given network access without their true identity being collected.",
        [ctx.fine("csl.penalty.real_name.fine", "Order to correct; a fine on refusal or in serious "
                  "cases, with possible suspension, closure or licence revocation",
                  authority="cyberspace / telecom / public security authorities"),
         ctx.fine("csl.penalty.real_name.person_fine", "Fine on the directly responsible persons",
                  authority="cyberspace / telecom / public security authorities")])
