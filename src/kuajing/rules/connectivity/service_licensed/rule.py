"""Telecom Regulations Arts. 7, 58, 69: no telecom business without a licence."""

from kuajing.rules.penalties import service_criminal_exposure, unlicensed_telecom_fine

NEEDED = {"vpn": "B13", "access": "B14", "proxy": "B14"}
FREE = ("Whether a free service is 'operating' telecom business is not settled; providing "
        "circumvention tools can still be punished.")


def evaluate(ctx):
    kind, crosses, paid = ctx.require("kind", "crosses_border", "paid")
    individual = ctx.fact("actor.kind") == "individual"
    if not individual and ctx.known("actor.basic_telecom_operator") is True:
        return ctx.compliant("The actor is a basic telecom operator, licensed for these services.")
    if individual:
        codes = set()
    else:
        codes = {lic.code for lic in ctx.fact("actor.licences")
                 if (lic.valid_until is None or lic.valid_until >= ctx.as_of)
                 and (lic.valid_from is None or lic.valid_from <= ctx.as_of)}
    if not crosses and NEEDED[kind] in codes:
        return ctx.compliant(f"The domestic {kind} service is run under a valid {NEEDED[kind]} licence.")
    if not individual and ctx.fact("actor.basic_telecom_operator"):
        return ctx.compliant("The actor is a basic telecom operator, licensed for these services.")
    income = ctx.known("income_rmb")
    what = f"{'cross-border ' if crosses else ''}{kind} service"
    cross_cites = ["telecom-regs:7", "telecom-regs:58", "telecom-catalogue:A14-1"]
    if crosses:
        penalties = [unlicensed_telecom_fine(ctx, income)] + service_criminal_exposure(ctx)
        held = ", ".join(sorted(codes)) or "none"
        if not paid:
            return ctx.at_risk(f"A free {what} is offered to others without a basic telecom licence "
                               f"(licences held: {held}).", FREE, penalties, cross_cites)
        return ctx.violation(f"A paid {what} is offered to others; cross-border access is a basic "
                             f"telecom service reserved to the basic operators (licences held: {held}).",
                             penalties, cross_cites)
    needed = NEEDED[kind]
    cites = ["telecom-regs:7", f"telecom-catalogue:{needed}"]
    penalties = [unlicensed_telecom_fine(ctx, income)]
    if not paid:
        return ctx.at_risk(f"A free domestic {kind} service is offered to others without a {needed} "
                           "licence.", FREE, penalties, cites)
    if kind == "proxy":
        return ctx.at_risk(f"A domestic proxy service is offered without a {needed} licence.",
                           "The catalogue does not name proxy services; internet access (B14) is the "
                           "closest category.", penalties, cites)
    return ctx.violation(f"The domestic {kind} service is offered without a valid {needed} licence.",
                         penalties, cites)
