"""A self-built VPN for one's own network needs no licence; serving others is telecom business."""

from kuajing.rules.penalties import unlicensed_telecom_fines

OTHERS = ("contractors", "third_parties", "public")
FREE = ("Whether letting others use one's own VPN without selling it is 'operating' a telecom business "
        "is not settled; charging for it, or reselling it, is.")
ACCESS_ONLY = ("A B14 licence covers internet access; whether a VPN offered to access customers also needs a "
               "domestic IP-VPN (B13) licence depends on what the VPN gives them, and is not settled here.")


def _valid_codes(ctx) -> set[str]:
    licences = ctx.known("actor.licences") or []
    return {lic.code for lic in licences
            if (lic.valid_until is None or lic.valid_until >= ctx.as_of)
            and (lic.valid_from is None or lic.valid_from <= ctx.as_of)}


def evaluate(ctx):
    if ctx.fact("kind") != "self_built_vpn":
        return ctx.not_applicable("The channel is not a self-built VPN.")
    individual = ctx.fact("actor.kind") == "individual"
    if individual and ctx.known("users.who") not in OTHERS and ctx.known("resold") is not True:
        return ctx.not_applicable("The VPN is the individual's own connection and no one else is declared "
                                  "to use it; access offered to others is judged as a service.")
    crosses = ctx.fact("crosses_border")
    who, resold = ctx.require("users.who", "resold")
    where = "across the border" if crosses else "within the mainland"
    owner = "individual himself" if individual else "organisation's own staff and sites"
    if who == "employees_only" and not resold:
        return ctx.compliant(f"The self-built VPN {where} serves only the {owner}; running one's own "
                             "network needs no telecom licence.")
    if not individual and ctx.known("actor.basic_telecom_operator") is True:
        return ctx.compliant(f"The self-built VPN {where} is run by a basic telecom operator, licensed to "
                             "provide network services to others.")
    codes = set() if individual else _valid_codes(ctx)
    if not crosses and "B13" in codes:
        return ctx.compliant(f"The VPN {where} is offered to {who.replace('_', ' ')} under a valid domestic "
                             "IP-VPN (B13) licence.")
    if who == "contractors" and not resold:
        return ctx.at_risk(f"The self-built VPN {where} also lets outside contractors reach the "
                           f"{'individual' if individual else 'organisation'}'s own systems.",
                           "Giving vendors or contractors access to one's own network is generally not "
                           "operating a telecom business; it becomes one if they use it to reach other "
                           "networks or the internet. Restrict their access to your own systems.")
    penalties = unlicensed_telecom_fines(ctx, None)
    if not resold and not crosses:
        if "B14" in codes:
            return ctx.at_risk(f"The self-built VPN {where} is used by {who.replace('_', ' ')} under the "
                               "actor's internet access (B14) licence, without a B13 licence.",
                               ACCESS_ONLY, penalties)
        return ctx.at_risk(f"The self-built VPN {where} is used by {who.replace('_', ' ')}; it is not "
                           "declared as resold.", FREE, penalties)
    if crosses:
        penalties.append(ctx.fine("intl_networking.leased_line_misuse_fine_max",
                                  "Public security organ: warning, fine, confiscation of illegal gains "
                                  "for external use of an international connection",
                                  authority="public security organ"))
    users = "resold to others" if resold else f"used by {who.replace('_', ' ')}"
    return ctx.violation(f"The self-built VPN {where} is {users}: providing VPN access to others is a "
                         "telecom business that needs a licence.", penalties)
