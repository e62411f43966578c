"""PIPL Arts. 55-56: impact assessment before providing personal information abroad."""

from kuajing.rules.export_support import leaves_mainland


def evaluate(ctx):
    if not leaves_mainland(ctx):
        return ctx.not_applicable("The recipient is in the mainland: not a transfer abroad (an impact "
                                  "assessment may still be due for providing the information to others).")
    if not ctx.fact("categories.personal_information"):
        return ctx.not_applicable("The flow carries no personal information.")
    keep = ctx.param("pipl.pia.retention_min")
    done = ctx.fact("evidence.impact_assessment")
    start = ctx.known("first_transfer")
    if done > ctx.as_of:
        return ctx.at_risk(f"The impact assessment is dated {done}, after the as-of date.",
                           "An assessment dated in the future cannot cover transfers on the as-of date.")
    duty_from = ctx.law.in_force_from("pipl:55")
    if start is not None and duty_from is not None and start < duty_from:
        start = duty_from  # transfers begun before the PIPL: the assessment was due when it took effect
        ctx.note(f"Transfers began before the PIPL; the impact assessment was due from {duty_from}.")
    if start is not None and done > start:
        return ctx.violation(f"The impact assessment ({done}) was done after transfers began ({start}).",
                             [ctx.fine("pipl.penalty.general.fine_max", "Order to correct, warning; a fine "
                                       "if the processor refuses", authority="personal-information "
                                       "protection authorities")])
    return ctx.compliant(f"The impact assessment was done on {done}"
                         + (f", before transfers began on {start}" if start else "")
                         + f"; keep the report at least {keep:g} years.")
