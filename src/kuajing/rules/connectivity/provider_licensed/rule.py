"""Telecom Regulations Art. 7 and the 2015 catalogue: who may sell cross-border and VPN capacity."""

BASIC_CODES = {"A11-4", "A14-1", "A14-4"}
PROVIDERS = ("The licensing breach is the provider's; as its customer you depend on a service that may be "
             "stopped, and your own exposure as a user is under intl_channel_authorised.")
KINDS = {"leased_line", "cross_border_ip_vpn", "sd_wan"}


def _valid_codes(licences, on):
    return {lic.code for lic in licences
            if (lic.valid_until is None or lic.valid_until >= on)
            and (lic.valid_from is None or lic.valid_from <= on)}


def evaluate(ctx):
    kind = ctx.fact("kind")
    if kind not in KINDS:
        return ctx.not_applicable(f"A {kind.replace('_', ' ')} is not bought as a telecom service.")
    if ctx.fact("provider.basic_operator"):
        return ctx.compliant("The provider is a basic telecom operator licensed for international "
                             "facility and data services.")
    codes = _valid_codes(ctx.fact("provider.licences"), ctx.as_of)
    provider_exposure = ctx.fine("telecom.unlicensed.fine_fixed",
                                 "Provider's exposure: confiscation and a fine (3-5x illegal gains, or this "
                                 "band when gains are small or none)",
                                 authority="MIIT / provincial communications administration")
    crosses = ctx.fact("crosses_border")
    if kind == "sd_wan":
        if "B13" not in codes:
            return ctx.at_risk("The SD-WAN provider holds no valid domestic IP-VPN (B13) licence on "
                               f"{ctx.as_of}; held: {', '.join(sorted(codes)) or 'none'}.", PROVIDERS,
                               [provider_exposure])
        if not crosses:
            return ctx.compliant("The SD-WAN provider holds a valid B13 licence for a domestic service.")
        segment = ctx.fact("provider.cross_border_segment")
        if segment == "basic_operator_line":
            return ctx.compliant("The SD-WAN provider holds a valid B13 licence and carries the "
                                 "cross-border segment on a basic operator's international line.")
        return ctx.at_risk("The SD-WAN provider holds B13 (domestic IP-VPN only) but carries the "
                           f"cross-border segment itself ({segment.replace('_', ' ')}); cross-border "
                           "transport is a basic telecom service.", PROVIDERS, [provider_exposure])
    if not crosses:
        return ctx.not_applicable("A domestic leased line or VPN is outside this rule.")
    if codes & BASIC_CODES:
        return ctx.at_risk("The provider claims a basic cross-border licence "
                           f"({', '.join(sorted(codes & BASIC_CODES))}) but is not declared a basic "
                           "operator.", "Only China Telecom, China Mobile and China Unicom are known to "
                           "hold these licences (CAICT briefing, 2018); verify the licence number.")
    held = ", ".join(sorted(codes)) or "none"
    extra = " A B13 licence covers domestic IP-VPN only." if "B13" in codes else ""
    return ctx.at_risk(f"The cross-border {kind.replace('_', ' ')} is sold by a provider that is not a "
                       f"basic telecom operator (licences held: {held}).{extra}",
                       "Selling cross-border line capacity without a basic licence is the provider's breach; "
                       "leasing through a foreign carrier partnered with a basic operator is allowed, but a "
                       "domestic reseller may not resell line resources. Check the contract chain; your "
                       "own exposure as a user is under intl_channel_authorised.", [provider_exposure])
