"""PIPL Art. 39 (and Art. 29 for sensitive PI): notice and separate consent for transfers abroad."""

DEBATED = {"contract_necessity", "hr_management"}


def evaluate(ctx):
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
                           "basis is debated; the 2024 Provisions and the NDSMR list these grounds as "
                           "standalone conditions.", penalty)
    return ctx.violation("Individuals were told but did not give separate consent to the transfer"
                         + (" of their sensitive information" if sensitive else "") + ".", penalty)
