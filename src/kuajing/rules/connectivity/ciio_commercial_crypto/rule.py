"""Cryptography Law Art. 27 and Commercial Cryptography Regulations Art. 38 (CIIOs)."""

import datetime as dt


def _penalty(ctx):
    return ctx.fine("crypto.cii.no_crypto.fine", "Order to correct and warning; a fine if the operator "
                    "refuses or harm follows", authority="cryptography administration")


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual" or not ctx.fact("actor.ciio"):
        return ctx.not_applicable("The actor is not a critical information infrastructure operator.")
    if not ctx.fact("actor.crypto_protection_required"):
        return ctx.not_applicable("The CIIO's infrastructure is not one that laws, regulations or state "
                                  "rules require to be protected with commercial cryptography.")
    explicit = ctx.in_force("commercial-crypto-regs:38")
    if not ctx.fact("cryptography.commercial_crypto"):
        return ctx.violation("The channel of a CII that must be protected with commercial cryptography "
                             "does not use it.", [_penalty(ctx)])
    last = ctx.fact("cryptography.last_assessment")
    if last > ctx.as_of:
        return ctx.at_risk(f"The declared assessment date {last} is after the as-of date.",
                           "An assessment dated in the future cannot cover the as-of date.")
    if explicit:
        years = ctx.param("crypto.cii.assessment_interval")
        due = _add_years(last, years)
        if due < ctx.as_of:
            return ctx.violation(f"The last cryptography application security assessment was on {last}; "
                                 f"a new one was due by {due} (at least every {years:g} year).",
                                 [_penalty(ctx)])
        return ctx.compliant(f"Commercial cryptography is used and was assessed on {last} (next due by "
                             f"{due}).")
    return ctx.compliant(f"Commercial cryptography is used and was assessed on {last}.")


def _add_years(d: dt.date, years: float) -> dt.date:
    try:
        return d.replace(year=d.year + int(years))
    except ValueError:  # 29 February
        return d.replace(year=d.year + int(years), day=28)
