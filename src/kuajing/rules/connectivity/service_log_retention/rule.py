"""CSL Art. 21 (Art. 23 from 2026-01-01) for services offered to others: logs kept six months."""

from kuajing.rules.penalties import network_operator_duty_fines

INDIVIDUAL = ("The log duty reaches every network service provider, but the protection scheme it belongs to is "
              "built for organisations; whether an individual who provides the service is held to it is not "
              "settled.")


def evaluate(ctx):
    minimum = ctx.param("csl.mlps.log_retention_min")
    months = ctx.fact("log_retention_months")
    if months >= minimum:
        return ctx.compliant(f"The service's logs are kept for {months:g} months, at least the "
                             f"{minimum:g}-month minimum.")
    kept = "No logs of the service are kept" if months == 0 else \
        f"The service's logs are kept for {months:g} months"
    message = f"{kept}; the minimum is {minimum:g} months."
    if ctx.fact("actor.kind") == "individual":
        return ctx.at_risk(message, INDIVIDUAL, network_operator_duty_fines(ctx))
    return ctx.violation(message, network_operator_duty_fines(ctx))
