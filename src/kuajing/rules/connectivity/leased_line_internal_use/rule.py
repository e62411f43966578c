"""Implementing Measures Art. 21 and MIIT Notice No. 32: leased lines are for internal use only."""

from kuajing.rules.penalties import unlicensed_telecom_fines

KINDS = {"leased_line", "cross_border_ip_vpn", "sd_wan"}
SHARED = {"third_parties", "public"}
OTHERS = ("contractors", "third_parties", "public")
SERVING = {"telecom_business", "customer_access"}


def evaluate(ctx):
    if not ctx.fact("crosses_border"):
        return ctx.not_applicable("The channel does not cross the border.")
    kind = ctx.fact("kind")
    if kind not in KINDS:
        return ctx.not_applicable(f"A {kind.replace('_', ' ')} is not a leased line, cross-border VPN "
                                  "or SD-WAN.")
    if ctx.fact("actor.kind") == "individual" and ctx.known("users.who") not in OTHERS \
            and ctx.known("resold") is not True and not set(ctx.known("purposes") or []) & SERVING:
        return ctx.not_applicable(f"The {kind.replace('_', ' ')} is the individual's own connection and no "
                                  "one else is declared to use it; access offered to others is judged as a "
                                  "service.")
    who, resold, purposes = ctx.require("users.who", "resold", "purposes")
    fine = ctx.fine("intl_networking.leased_line_misuse_fine_max",
                    "Public security organ: warning, fine, confiscation of illegal gains",
                    authority="public security organ")
    if resold:
        return ctx.violation("The line's capacity is resold or shared with other organisations; "
                             "leased international lines are for the user's internal use only.",
                             [fine] + unlicensed_telecom_fines(ctx, None))
    if who in SHARED:
        return ctx.violation(f"The line is used by {who.replace('_', ' ')}, not only by the "
                             "organisation's own staff.", [fine])
    if SERVING & set(purposes):
        return ctx.violation("The line is used to run services for others (telecom business or customer "
                             "access) instead of internal office use.", [fine])
    if who == "contractors":
        return ctx.at_risk("Outside contractors also use the line to reach the organisation's systems.",
                           "The Implementing Measures and MIIT Notice No. 32 limit leased lines to internal "
                           "use; contractors working on the organisation's own systems are arguably "
                           "internal use, but the texts do not say so.", [fine])
    if "cross_border_business" in purposes:
        return ctx.at_risk("The line is declared as carrying cross-border business traffic.",
                           "MIIT Notice No. 32 bars lines used for 'cross-border business operations' "
                           "without approval but does not define the term; internal office traffic of a "
                           "trading company is generally accepted. Describe the traffic precisely.", [fine])
    return ctx.compliant("The line is used by the organisation's own staff for internal purposes "
                         f"({', '.join(purposes)}) and is not resold.")
