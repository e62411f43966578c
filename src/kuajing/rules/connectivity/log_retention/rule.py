"""CSL Art. 21 (Art. 23 from 2026-01-01): keep network logs for at least six months."""

import datetime as dt

from kuajing.rules.penalties import network_operator_duty_fines


def _penalties(ctx):
    return network_operator_duty_fines(ctx)


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual using a channel is not operating a network.")
    # a critical information infrastructure operator operates a network by definition
    operator = ctx.known("actor.ciio") is True or ctx.fact("kind") == "self_built_vpn"
    if not operator and not ctx.fact("actor.network_operator"):
        return ctx.not_applicable("The organisation does not own, manage or provide a network, so the "
                                  "network operator's duties do not reach it.")
    minimum = ctx.param("csl.mlps.log_retention_min")
    if not ctx.fact("logging.enabled"):
        return ctx.violation("Logging is switched off on this channel, so no network logs are kept.",
                             _penalties(ctx))
    months = ctx.fact("logging.retention_months")
    if months >= minimum:
        return _unless_gaps(ctx, f"Logs are kept for {months:g} months, at least the {minimum:g}-month "
                            "minimum.")
    if not ctx.proved("logging.retention_months"):
        return ctx.violation(f"Logs are kept for {months:g} months; the minimum is {minimum:g} months.",
                             _penalties(ctx))
    # the session logs themselves reach back only `months`: deleted, or a young system?
    since = ctx.known("evidence.log_since")
    if since is None:
        return ctx.at_risk(f"The session logs reach back only {months:g} months; the minimum is "
                           f"{minimum:g} months.", "The logs alone cannot tell deleted records from a "
                           "system that started logging recently: record when logging began "
                           "(evidence.log_since).", _penalties(ctx))
    earliest = ctx.known("logging.earliest_record")
    cutoff = months_before(ctx.as_of, minimum)
    if since >= cutoff and earliest is not None and earliest <= since + dt.timedelta(days=1):
        return _unless_gaps(ctx, f"Logging began on {since} and every record since then is kept "
                            f"({months:g} months so far; the minimum is {minimum:g} months).")
    return ctx.violation(f"Logging began on {since}, but the session logs reach back only {months:g} "
                         f"months (from {earliest}); records within the {minimum:g}-month period are "
                         "missing.", _penalties(ctx))


def _unless_gaps(ctx, span_ok: str):
    """The span reaches the minimum; gaps inside the retention period still leave it in doubt."""
    gaps = ctx.known("logging.gaps")
    if not gaps:
        return ctx.compliant(span_ok)
    return ctx.at_risk(f"{span_ok[:-1]}, but the logs have {gaps} gap(s) longer than the audit's "
                       "threshold within the retention period.",
                       "A gap may be a quiet period or deleted records; the logs alone cannot tell "
                       "which. Check the gaps listed by kuajing audit logs.", _penalties(ctx))


def months_before(day: dt.date, months: float) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    total = day.year * 12 + day.month - 1 - int(months)
    year, month = divmod(total, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)
