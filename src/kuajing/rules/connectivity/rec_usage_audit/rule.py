"""Good practice: a yearly usage audit. Never a violation."""

import calendar
import datetime as dt

REASON = "Recommended good practice from the source articles, not a legal requirement."


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual's use of a channel is outside this recommendation.")
    months = ctx.constant("interval_months")
    last = ctx.fact("usage_audit.last")
    if last > ctx.as_of:
        return ctx.at_risk(f"The usage audit date {last} is after {ctx.as_of}.", REASON)
    due = _add_months(last, months)
    if ctx.as_of <= due:
        return ctx.compliant(f"The last usage audit was on {last}, within {months} months (next by {due}).")
    return ctx.at_risk(f"The last usage audit was on {last}; the next was due by {due}, {months} months "
                       "later.", REASON)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + int(months)
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
