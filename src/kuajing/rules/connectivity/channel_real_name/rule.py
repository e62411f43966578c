"""CSL Art. 24 (Art. 26 from 2026-01-01) applied to a channel that serves outsiders."""

CONTRACTORS = ("Whether giving contractors access to the organisation's own systems is 'providing network "
               "access' to users under CSL Art. 24 is not settled.")
SHARED = ("CSL Art. 24 requires collecting each user's true identity at sign-up; it does not prescribe how "
          "users authenticate, but a shared secret makes it impossible to show who used the channel.")


OTHERS = ("contractors", "third_parties", "public")


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual" and ctx.known("users.who") not in OTHERS:
        return ctx.not_applicable("The channel is the individual's own connection and no one else is "
                                  "declared to use it, so it provides no network access to others "
                                  "(access offered to others is judged as a service).")
    who = ctx.fact("users.who")
    if who == "employees_only":
        return ctx.not_applicable("Only the organisation's own staff use the channel; it provides no "
                                  "network access to others.")
    penalty = ctx.fine("csl.penalty.real_name.fine", "Order to correct; a fine on refusal or in "
                       "serious cases", authority="cyberspace / telecom / public security authorities")
    registered = ctx.fact("logging.real_name")
    if not registered:
        message = (f"Outside users ({who.replace('_', ' ')}) get network access without being registered "
                   "under their true identity.")
        if who == "contractors":
            return ctx.at_risk(message, CONTRACTORS, [penalty])
        return ctx.violation(message, [penalty])
    if ctx.known("authentication.shared_secret"):
        return ctx.at_risk("Outside users are registered, but they share one secret, so sessions cannot be "
                           "tied to a person.", SHARED, [penalty])
    return ctx.compliant("Every session of outside users is tied to a registered, identified person.")
