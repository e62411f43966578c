"""PIPL Art. 39 (and Art. 29 for sensitive PI): notice and separate consent for transfers abroad."""

from kuajing.rules.export_support import leaves_mainland

#: Non-consent bases (PIPL Art. 13(2) and (4)) that the Cross-Border Data Flow Provisions
#: (Art. 5(1)-(3)) and the NDSMR (Art. 35(4), (5), (7)) list as standalone conditions for export.
DEBATED = {"contract_necessity", "hr_management", "emergency"}


def evaluate(ctx):
    if not leaves_mainland(ctx):
        return ctx.not_applicable("The recipient is in the mainland: not a transfer abroad.")
    if not ctx.fact("categories.personal_information"):
        return ctx.not_applicable("The flow carries no personal information.")
    penalty = [ctx.fine("pipl.penalty.general.fine_max", "Order to correct, warning; a fine if the "
                        "processor refuses", authority="personal-information protection authorities")]
    if not ctx.fact("evidence.notice"):
        return ctx.violation("Individuals were not told about the transfer abroad (recipient, purpose, "
                             "categories, how to exercise their rights).", penalty)
    if ctx.fact("evidence.separate_consent"):
        return ctx.compliant("Individuals were told about the transfer and gave separate consent.")
    grounds = set(ctx.known("grounds") or [])
    sensitive = ctx.known("categories.sensitive") or []
    if grounds & DEBATED and not sensitive:
        return ctx.at_risk("Individuals were told but did not give separate consent; the transfer rests "
                           f"on {', '.join(sorted(grounds & DEBATED)).replace('_', ' ')}.",
                           "Whether separate consent is still needed when export rests on a non-consent "
                           "basis (PIPL Art. 13) is debated" + _standalone(ctx) + ".", penalty)
    return ctx.violation("Individuals were told but did not give separate consent to the transfer"
                         + (" of their sensitive information" if sensitive else "") + ".", penalty)


def _standalone(ctx):
    """Which later texts list these grounds as standalone conditions for export, on the date."""
    texts = [name for cite, name in (("cbdf-2024:5", "the 2024 Provisions"), ("ndsm-2025:35", "the NDSMR"))
             if ctx.in_force(cite)]
    return ("; " + " and ".join(texts) + " list these grounds as standalone conditions") if texts else ""
