"""CSL Art. 24 (Art. 26 from 2026-01-01) applied to a channel that serves outsiders."""


def evaluate(ctx):
    who = ctx.fact("users.who")
    if who == "employees_only":
        return ctx.not_applicable("Only the organisation's own staff use the channel; it provides no "
                                  "network access to others.")
    penalty = ctx.fine("csl.penalty.real_name.fine", "Order to correct; a fine on refusal or in "
                       "serious cases", authority="cyberspace / telecom / public security authorities")
    if ctx.known("authentication.shared_secret"):
        return ctx.violation("Outside users share one secret, so no session can be tied to a registered "
                             "person.", [penalty])
    if ctx.fact("logging.real_name"):
        return ctx.compliant("Every session of outside users is tied to a registered, identified person.")
    return ctx.violation("Outside users get network access without being registered under their true "
                         "identity.", [penalty])
