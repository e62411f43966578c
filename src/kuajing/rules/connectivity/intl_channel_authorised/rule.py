"""Interim Provisions Art. 6 / Implementing Measures Arts. 7 and 12: no other channels abroad."""

from kuajing.rules.penalties import channel_user_fine

# Art. 6 is about the physical channel: a line that rides a basic operator's international
# circuits is authorised whoever signed the contract (FACTS.md 6: leasing "directly from China or
# via a foreign carrier"); reselling it is the reseller's licensing problem (see provider_licensed).

BASIC_LINE_KINDS = {"leased_line", "cross_border_ip_vpn"}
DISPUTED = ("Whether an encrypted tunnel over ordinary licensed internet access is an 'other channel' "
            "under Interim Provisions Art. 6 is disputed; public security organs have fined users for it "
            "(e.g. Shaoguan 2019, Chengde 2023), but no text addresses it expressly.")


def evaluate(ctx):
    if not ctx.fact("crosses_border"):
        return ctx.not_applicable("The channel stays within the mainland, so the international "
                                  "networking rules do not reach it.")
    kind = ctx.fact("kind")
    if kind in BASIC_LINE_KINDS:
        label = {"leased_line": "leased line", "cross_border_ip_vpn": "cross-border IP-VPN"}[kind]
        if ctx.fact("provider.basic_operator"):
            return ctx.compliant(f"The {label} is bought from a basic telecom operator, whose "
                                 "international gateway channels it uses.")
        segment = ctx.fact("provider.cross_border_segment")
        if segment == "basic_operator_line":
            return ctx.compliant(f"The {label} is bought through another carrier but runs on a basic "
                                 "operator's international line, an authorised gateway channel.")
        if segment == "own_infrastructure":
            return ctx.violation(f"The {label} crosses the border on the supplier's own circuits, "
                                 "outside the authorised international gateway channels.",
                                 [channel_user_fine(ctx)])
        return ctx.at_risk(f"The {label} is carried across the border over the public internet, not a "
                           "basic operator's international line.", DISPUTED, [channel_user_fine(ctx)])
    if kind == "sd_wan":
        segment = ctx.fact("provider.cross_border_segment")
        if segment == "basic_operator_line":
            return ctx.compliant("The SD-WAN's cross-border segment rides a basic operator's "
                                 "international line.")
        if segment == "own_infrastructure":
            return ctx.violation("The SD-WAN provider carries the traffic across the border on its own "
                                 "infrastructure, outside the authorised international gateway channels.",
                                 [channel_user_fine(ctx)])
        return ctx.at_risk("The SD-WAN overlay crosses the border over the public internet rather than "
                           "a basic operator's international line.", DISPUTED, [channel_user_fine(ctx)])
    if kind == "research_network":
        if ctx.fact("provider.approved_interconnect"):
            return ctx.compliant("The channel is an approved interconnecting network's international "
                                 "gateway.")
        return ctx.violation("The research network gateway used is not an approved interconnecting "
                             "network.", [channel_user_fine(ctx)])
    if kind == "self_built_vpn":
        # the tunnel is the user's own; what matters is the physical path it rides abroad
        if ctx.known("provider.basic_operator") is True:
            return ctx.compliant("The self-built VPN runs over a basic telecom operator's service.")
        segment = ctx.known("provider.cross_border_segment")
        if segment is None and ctx.known("provider.basic_operator") is None:
            ctx.fact("provider.cross_border_segment")  # → needs_evidence naming it
        if segment == "basic_operator_line":
            return ctx.compliant("The self-built VPN runs inside a basic operator's international line, an "
                                 "authorised gateway channel.")
        if segment == "own_infrastructure":
            return ctx.violation("The self-built VPN crosses the border on the user's own circuits, "
                                 "outside the authorised international gateway channels.",
                                 [channel_user_fine(ctx)])
        return ctx.at_risk("The self-built VPN carries traffic across the border outside a basic "
                           "operator's international line.", DISPUTED, [channel_user_fine(ctx)])
    # third-party VPN apps and proxy services
    if ctx.fact("provider.basic_operator"):
        return ctx.compliant("The tunnel is a service of a basic telecom operator.")
    label = {"third_party_vpn": "third-party VPN service",
             "proxy_service": "proxy service"}.get(kind, kind)
    return ctx.at_risk(f"The {label} carries traffic across the border outside a basic operator's "
                       "international line.", DISPUTED, [channel_user_fine(ctx)])
