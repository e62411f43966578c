"""Working days under the PRC public-holiday calendar, adjusted working weekends included.

Backed by the maintained ``chinese-calendar`` package (State Council holiday notices). Years the
package does not cover raise ``CalendarGap`` rather than silently counting weekdays.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

__all__ = ["CalendarGap", "is_workday", "add_working_days", "working_days_between",
           "subtract_working_days"]


class CalendarGap(Exception):
    """The holiday calendar has no data for a year (the State Council notice is not out yet)."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"the PRC holiday calendar has no data for {year}")


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarGap(day.year) from None


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself is not counted)."""
    day, left = start, n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def subtract_working_days(end: dt.date, n: int) -> dt.date:
    """The date n working days before ``end`` (``end`` itself is not counted)."""
    day, left = end, n
    while left > 0:
        day -= dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count


#: When the holiday calendar of a year is not published yet, a deadline counted *back* from a date
#: is brought forward by this many calendar days beyond a Monday-to-Friday count, so that the
#: estimate is never later than the real date. Holidays push the real date earlier; over
#: 2004-2026 the worst case for 60 working days was 12 calendar days.
ESTIMATE_MARGIN_DAYS = 14

#: The other bound, for a date that must not be taken as earlier than the truth (the day a window
#: opens): a Monday-to-Friday count back, moved this many calendar days later. Adjusted working
#: weekends make the real date later than a plain count; over 2004-2026 the worst case for 60 working
#: days was 3 calendar days, and 4 more are kept in hand.
ESTIMATE_LATE_MARGIN_DAYS = 7

#: When the calendar is not published, a deadline counted *forward* is estimated by counting this
#: many fewer Monday-to-Friday days. Holidays push the real deadline later, but adjusted working
#: weekends (调休) pull it earlier: a window may hold the working Saturday or Sunday before a
#: holiday but end before the holiday itself. Over 2004-2026 a plain Monday-to-Friday count of 10
#: working days was up to 3 calendar days later than the real deadline, and 2 fewer weekdays
#: always sufficed; one more is kept in hand.
ESTIMATE_ADJUSTED_WORKDAYS = 3


def _weekdays(start: dt.date, n: int, step: int) -> dt.date:
    day, left = start, n
    while left > 0:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


def estimate_add(start: dt.date, n: int) -> dt.date:
    """A date never later than the n-th working day after ``start``, without the calendar."""
    return _weekdays(start, max(n - ESTIMATE_ADJUSTED_WORKDAYS, 1), 1) if n > 0 else start


def estimate_subtract(end: dt.date, n: int) -> dt.date:
    """A date never later than the date n working days before ``end``, without the calendar."""
    return _weekdays(end, n, -1) - dt.timedelta(days=ESTIMATE_MARGIN_DAYS)


def estimate_subtract_latest(end: dt.date, n: int) -> dt.date:
    """A date never earlier than the date n working days before ``end``, without the calendar."""
    return _weekdays(end, n, -1) + dt.timedelta(days=ESTIMATE_LATE_MARGIN_DAYS)


def add_working_days_safe(start: dt.date, n: int) -> tuple[dt.date, bool]:
    """(deadline, exact). Without calendar data, ``estimate_add``: never later than the truth."""
    try:
        return add_working_days(start, n), True
    except CalendarGap:
        return estimate_add(start, n), False


def subtract_working_days_safe(end: dt.date, n: int) -> tuple[dt.date, bool]:
    """(lead date, exact). Without calendar data, ``estimate_subtract``: never later than the truth."""
    try:
        return subtract_working_days(end, n), True
    except CalendarGap:
        return estimate_subtract(end, n), False


def subtract_working_days_latest(end: dt.date, n: int) -> tuple[dt.date, bool]:
    """(date, exact). Without calendar data, ``estimate_subtract_latest``: never earlier than the truth."""
    try:
        return subtract_working_days(end, n), True
    except CalendarGap:
        return estimate_subtract_latest(end, n), False


__all__ += ["add_working_days_safe", "subtract_working_days_safe", "subtract_working_days_latest",
            "estimate_add", "estimate_subtract", "estimate_subtract_latest", "ESTIMATE_MARGIN_DAYS",
            "ESTIMATE_LATE_MARGIN_DAYS", "ESTIMATE_ADJUSTED_WORKDAYS"]
