"""A self-built VPN for one's own network needs no licence; serving others is telecom business."""

from kuajing.rules.penalties import unlicensed_telecom_fine


def evaluate(ctx):
    if ctx.fact("kind") != "self_built_vpn":
        return ctx.not_applicable("The channel is not a self-built VPN.")
    crosses = ctx.fact("crosses_border")
    who, resold = ctx.require("users.who", "resold")
    where = "across the border" if crosses else "within the mainland"
    if who == "employees_only" and not resold:
        return ctx.compliant(f"The self-built VPN {where} serves only the organisation's own staff and "
                             "sites; running one's own network needs no telecom licence.")
    if who == "contractors" and not resold:
        return ctx.at_risk(f"The self-built VPN {where} also lets outside contractors reach the "
                           "organisation's own systems.",
                           "Giving vendors or contractors access to one's own network is generally not "
                           "operating a telecom business; it becomes one if they use it to reach other "
                           "networks or the internet. Restrict their access to your own systems.")
    penalties = [unlicensed_telecom_fine(ctx, None)]
    if not resold and not crosses:
        return ctx.at_risk(f"The self-built VPN {where} is used by {who.replace('_', ' ')}, free of charge.",
                           "Letting others use one's own VPN without charge is not clearly 'operating' a "
                           "telecom business; charging for it, or reselling it, is.", penalties)
    if crosses:
        penalties.append(ctx.fine("intl_networking.leased_line_misuse_fine_max",
                                  "Public security organ: warning, fine, confiscation of illegal gains "
                                  "for external use of an international connection",
                                  authority="public security organ"))
    users = "resold to others" if resold else f"used by {who.replace('_', ' ')}"
    return ctx.violation(f"The self-built VPN {where} is {users}: providing VPN access to others is a "
                         "telecom business that needs a licence.", penalties)
