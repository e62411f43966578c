"""Coverage, gaps and the retention check on long generated logs (our own fixtures).

The real logs are short snapshots; these tests build months of hourly OpenVPN log lines with
holes where we want them, so the legal outcome can be stated exactly.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kuajing.evidence.sessionlogs import AuditOptions, channel_facts, run_audit, run_checks
from kuajing.evidence.sessionlogs.coverage import (
    Coverage, format_duration, minus_months, months_between, parse_duration)
from kuajing.evidence.sessionlogs.model import EventKind, Record
from kuajing.findings import Status
from kuajing.law.corpus import load_law

from .conftest import AS_OF, KEY, hourly_openvpn_log

D = dt.datetime


def _findings(result):
    return {f.rule_id: f for f in run_checks(result)}


@pytest.mark.parametrize("day,months,expected", [
    (dt.date(2026, 3, 1), 6, dt.date(2025, 9, 1)),
    (dt.date(2026, 8, 31), 6, dt.date(2026, 2, 28)),
    (dt.date(2024, 8, 31), 6, dt.date(2024, 2, 29)),
    (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)),
    (dt.date(2026, 3, 31), 13, dt.date(2025, 2, 28)),
])
def test_minus_calendar_months(day, months, expected):
    assert minus_months(day, months) == expected


def test_months_between():
    assert months_between(dt.date(2025, 9, 1), dt.date(2026, 3, 1)) == 6.0
    assert months_between(dt.date(2025, 9, 16), dt.date(2026, 3, 1)) == pytest.approx(5.5, abs=0.05)
    assert months_between(dt.date(2026, 3, 2), dt.date(2026, 3, 1)) == 0.0


@pytest.mark.parametrize("text,seconds", [("24h", 86400), ("90m", 5400), ("2d", 172800),
                                          ("1w", 604800), ("30", 30), ("1.5h", 5400)])
def test_durations(text, seconds):
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "h", "-1h", "0m", "3y", "nanh"])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_format_duration():
    assert format_duration(dt.timedelta(days=3, hours=2)) == "3d 2h"
    assert format_duration(dt.timedelta(minutes=90)) == "1h 30m"


def _rec(t):
    return Record(t, EventKind.activity, None, None, "f", 1)


def test_gaps_are_found_in_unsorted_input_too():
    cov = Coverage(dt.timedelta(hours=24))
    times = [D(2026, 1, d, 12) for d in (5, 1, 2, 3, 10, 11, 4, 20)]
    for t in times:
        cov.add(_rec(t))
    gaps = [(g.start.time.day, g.end.time.day) for g in cov.gaps() if g.length > cov.gap]
    assert gaps == [(5, 10), (11, 20)]
    assert cov.earliest.time == D(2026, 1, 1, 12) and cov.latest.time == D(2026, 1, 20, 12)


def test_many_runs_are_compacted_without_losing_gaps():
    cov = Coverage(dt.timedelta(hours=1))
    for i in range(10_000):  # every other hour, in reverse: 5,000 separate runs at first
        cov.add(_rec(D(2026, 1, 1) + dt.timedelta(hours=2 * (10_000 - i))))
    assert len(cov.gaps()) == 9_999


def test_eight_months_without_holes_prove_retention_and_continuity(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 7, 1), D(2026, 2, 28, 23))
    result = run_audit([log], as_of=AS_OF, key=KEY)
    f = _findings(result)
    assert f["logs_retention"].status is Status.compliant
    assert f["logs_continuity"].status is Status.compliant
    assert f["logs_retention"].parameters_used[0].id == "csl.mlps.log_retention_min"
    assert f["logs_retention"].parameters_used[0].value == 6
    cited = f["logs_retention"].provisions_resolved[0]
    assert (cited.id, cited.cited_as) == ("csl:21", "CSL Art. 23")  # renumbered from 2026-01-01
    assert result.months_proved() == pytest.approx(8.0)


def test_under_the_2017_text_the_same_duty_is_article_21(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 3, 1), D(2025, 11, 30))
    f = _findings(run_audit([log], as_of=dt.date(2025, 12, 1), key=KEY))
    assert f["logs_retention"].provisions_resolved[0].cited_as == "CSL Art. 21"


def test_a_three_day_hole_inside_the_period_is_at_risk_and_located(tmp_path):
    hole = (D(2025, 12, 10), D(2025, 12, 13))
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 8, 1), D(2026, 2, 28, 23), [hole])
    result = run_audit([log], as_of=AS_OF, key=KEY)
    f = _findings(result)
    assert f["logs_continuity"].status is Status.at_risk
    assert f["logs_retention"].status is Status.compliant
    gap = result.gaps_in_window()[0]
    assert gap.start.time == D(2025, 12, 9, 23) and gap.end.time == D(2025, 12, 13)
    assert f["logs_continuity"].location == gap.start.where()
    facts = {x.fact: x for x in channel_facts([log], as_of=AS_OF, key=KEY)}
    assert facts["logging.gaps"].value == 1
    assert facts["logging.gaps"].source == gap.start.where()


def test_a_hole_before_the_cut_off_does_not_count(tmp_path):
    hole = (D(2025, 5, 1), D(2025, 5, 20))
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 4, 1), D(2026, 2, 28, 23), [hole])
    result = run_audit([log], as_of=AS_OF, key=KEY)
    assert len(result.gaps()) == 1 and result.gaps_in_window() == []
    assert _findings(result)["logs_continuity"].status is Status.compliant


def test_a_threshold_option_changes_what_a_gap_is(tmp_path):
    hole = (D(2026, 2, 1, 0), D(2026, 2, 1, 6))
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 8, 1), D(2026, 2, 28, 23), [hole])
    assert run_audit([log], as_of=AS_OF).gaps_in_window() == []
    six_hours = run_audit([log], as_of=AS_OF, options=AuditOptions(gap=dt.timedelta(hours=4)))
    assert len(six_hours.gaps_in_window()) == 1


def test_logs_that_stop_long_before_the_as_of_date(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 8, 1), D(2026, 1, 31))
    f = _findings(run_audit([log], as_of=AS_OF))
    assert f["logs_continuity"].status is Status.at_risk
    assert "stop" in f["logs_continuity"].explanation


def test_young_logs_without_a_start_date_are_at_risk_not_a_violation(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 12, 1), D(2026, 2, 28, 23))
    f = _findings(run_audit([log], as_of=AS_OF))["logs_retention"]
    assert f.status is Status.at_risk
    assert f.missing_facts == ["evidence.log_since"]
    assert "cannot tell" in f.reason


def test_logging_declared_before_the_cut_off_but_records_start_later_is_a_violation(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 12, 1), D(2026, 2, 28, 23))
    opts = AuditOptions(since=dt.date(2024, 1, 1))
    f = _findings(run_audit([log], as_of=AS_OF, options=opts))["logs_retention"]
    assert f.status is Status.violation
    assert "2025-09-01" in f.explanation and "2025-12-01" in f.explanation


def test_a_system_younger_than_the_period_that_kept_everything_is_compliant(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 12, 1), D(2026, 2, 28, 23))
    opts = AuditOptions(since=dt.date(2025, 12, 1))
    f = _findings(run_audit([log], as_of=AS_OF, options=opts))["logs_retention"]
    assert f.status is Status.compliant and "declared" in f.explanation


def test_a_young_system_missing_its_first_weeks_is_a_violation(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2026, 1, 15), D(2026, 2, 28, 23))
    opts = AuditOptions(since=dt.date(2025, 12, 1))
    f = _findings(run_audit([log], as_of=AS_OF, options=opts))["logs_retention"]
    assert f.status is Status.violation


def test_only_old_records_prove_nothing_of_the_period(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2024, 1, 1), D(2024, 3, 1))
    f = _findings(run_audit([log], as_of=AS_OF))["logs_retention"]
    assert f.status is Status.at_risk and "older than the cut-off" in f.explanation


def test_only_old_records_give_no_retention_fact_to_assess(tmp_path):
    """Records from 2024 only: as a fact for 'kuajing assess' they prove 0 months of the period,
    not the 26 months from the oldest record to the as-of date (that would pass the rule)."""
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2024, 1, 1), D(2024, 3, 1))
    facts = {f.fact: f for f in channel_facts([log], as_of=AS_OF)}
    assert facts["logging.retention_months"].value == 0.0
    assert "no record within the 6-month retention period" in facts["logging.retention_months"].note
    assert facts["logging.retention_months"].source.startswith(f"{log}:")  # the newest record
    assert facts["logging.earliest_record"].value == dt.date(2024, 1, 1)


def test_several_rotated_files_are_one_coverage(tmp_path):
    old = hourly_openvpn_log(tmp_path / "openvpn.log.1", D(2025, 8, 1), D(2025, 11, 30, 23))
    new = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 12, 1), D(2026, 2, 28, 23))
    result = run_audit([new, old], as_of=AS_OF)
    assert result.gaps() == []
    assert result.coverage.earliest.file == str(old)


def test_channel_facts_carry_values_and_sources(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2025, 11, 1), D(2026, 2, 28, 23))
    facts = {f.fact: f for f in channel_facts([log], as_of=AS_OF, gap="24h")}
    assert facts["logging.enabled"].value is True
    assert facts["logging.earliest_record"].value == dt.date(2025, 11, 1)
    assert facts["logging.retention_months"].value == 4.0
    assert "cannot tell" in facts["logging.retention_months"].note
    assert facts["logging.earliest_record"].source == f"{log}:1:21"
    assert "logging.real_name" not in facts  # no directory given: unknown, not false


def test_no_retention_parameter_before_the_law_was_in_force(tmp_path):
    log = hourly_openvpn_log(tmp_path / "openvpn.log", D(2016, 1, 1), D(2016, 3, 1))
    f = _findings(run_audit([log], as_of=dt.date(2016, 3, 2)))["logs_retention"]
    assert f.status is Status.not_applicable


def test_retention_months_come_from_the_parameter_not_from_code():
    law = load_law()
    used = law.used("csl.mlps.log_retention_min", AS_OF)
    assert used.value == 6 and used.unit == "months"
