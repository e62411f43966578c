"""Working days under the PRC calendar: public holidays skipped, adjusted working weekends counted."""

import datetime as dt

import pytest

from kuajing.export.workdays import (CalendarGap, add_working_days, subtract_working_days,
                                     working_days_between)

D = dt.date


@pytest.mark.parametrize("start,n,expected,why", [
    (D(2025, 9, 26), 10, D(2025, 10, 16), "National Day 2025: 28 Sep and 11 Oct are working Sundays/Saturdays"),
    (D(2026, 2, 12), 10, D(2026, 3, 4), "Spring Festival 2026: 14 and 28 Feb are working Saturdays"),
    (D(2026, 3, 2), 5, D(2026, 3, 9), "an ordinary week"),
    (D(2026, 3, 6), 1, D(2026, 3, 9), "a Friday: the next working day is Monday"),
], ids=["national-day", "spring-festival", "plain-week", "weekend"])
def test_add_working_days(start, n, expected, why):
    assert add_working_days(start, n) == expected, why


def test_subtract_is_the_inverse_on_working_days():
    assert subtract_working_days(D(2026, 10, 20), 60) == D(2026, 7, 22)
    assert add_working_days(D(2026, 7, 22), 60) == D(2026, 10, 20)


def test_between():
    assert working_days_between(D(2025, 9, 26), D(2025, 10, 16)) == 10


def test_a_year_without_calendar_data_is_reported_not_guessed():
    with pytest.raises(CalendarGap) as exc:
        add_working_days(D(2099, 12, 20), 30)
    assert exc.value.year in (2099, 2100)


def test_estimates_without_a_calendar_are_never_later_than_the_real_dates():
    """Over every start date the package covers, the Monday-to-Friday estimates used for years
    without a published calendar fall on or before the real deadline (adjusted working weekends
    pull a forward deadline earlier; holidays push a backward lead date earlier)."""
    from kuajing.export.workdays import estimate_add, estimate_subtract

    day = D(2004, 1, 1)
    while day < D(2026, 9, 1):
        assert estimate_add(day, 10) <= add_working_days(day, 10), day
        if day >= D(2004, 6, 1):
            assert estimate_subtract(day, 60) <= subtract_working_days(day, 60), day
        day += dt.timedelta(days=3)


def test_an_adjusted_working_sunday_alone_pulls_the_deadline_earlier():
    # 28 September 2025 (a Sunday) was a working day; the National Day holiday began on 1 October
    assert add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)


def test_the_latest_estimate_of_a_date_counted_back_is_never_earlier_than_the_real_date():
    """The day a window opens must not be taken as earlier than it is: over every end date the
    package covers, the late estimate is on or after the real date 60 working days before."""
    from kuajing.export.workdays import estimate_subtract_latest

    day = D(2004, 6, 1)
    while day < D(2026, 12, 31):
        assert estimate_subtract_latest(day, 60) >= subtract_working_days(day, 60), day
        day += dt.timedelta(days=1)


def test_the_window_opening_is_reported_with_its_latest_possible_day():
    from kuajing.export.deadlines import renewal_lead_date, renewal_window_latest_opening

    # with the calendar, the earliest and latest are the same day
    assert renewal_lead_date(D(2026, 10, 20), 60) == (D(2026, 7, 22), True)
    assert renewal_window_latest_opening(D(2026, 10, 20), 60) == D(2026, 7, 22)
    # without it (2099 has no published calendar), a range around the Monday-to-Friday count
    early, exact = renewal_lead_date(D(2099, 6, 2), 60)
    late = renewal_window_latest_opening(D(2099, 6, 2), 60)
    assert not exact and early < late
