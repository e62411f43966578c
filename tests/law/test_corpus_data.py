"""Facts from the checked legal reference (FACTS.md) that the bundled corpus must get right."""

from __future__ import annotations

import datetime as dt

import pytest

from kuajing.law.corpus import load_law
from kuajing.law.model import Range

D = dt.date


@pytest.fixture(scope="module")
def law():
    return load_law()


def value(law, pid, on):
    v = law.value(pid, on)
    assert v is not None, f"{pid} has no value on {on}"
    return v.value


def test_csl_renumbering_is_dated(law):
    assert law.resolve("csl:21", D(2025, 12, 31)).cited_as == "CSL Art. 21"
    assert law.resolve("csl:21", D(2026, 3, 1)).cited_as == "CSL Art. 23"
    assert law.resolve("csl:61", D(2026, 1, 1)).cited_as == "CSL Art. 64"
    assert law.in_force("csl:64", D(2025, 12, 31)) and not law.in_force("csl:64", D(2026, 1, 1))


def test_parameter_citation_follows_the_number_in_force(law):
    assert law.used("csl.penalty.operator_mlps.person_fine", D(2020, 1, 1)).cited_as == "CSL Art. 59¶1"
    assert law.used("csl.penalty.operator_mlps.person_fine", D(2026, 6, 1)).cited_as == "CSL Art. 61¶1"
    assert value(law, "csl.penalty.operator_mlps.person_fine", D(2020, 1, 1)) == Range(min=5000, max=50000)
    assert value(law, "csl.penalty.operator_mlps.person_fine", D(2026, 6, 1)) == Range(min=10000, max=100000)
    assert law.value("csl.penalty.operator_mlps.fine_initial", D(2025, 12, 31)) is None


def test_export_thresholds_change_on_2024_03_22(law):
    assert value(law, "xb.assessment.trigger.pi_exported", D(2023, 1, 1)) == 100000
    assert value(law, "xb.assessment.trigger.pi_exported", D(2024, 3, 21)) == 100000
    assert value(law, "xb.assessment.trigger.pi_exported", D(2024, 3, 22)) == 1000000
    assert law.value("xb.assessment.trigger.pi_exported", D(2024, 3, 22)).provision == "cbdf-2024:7"
    assert value(law, "xb.counting_period.years_back", D(2023, 1, 1)) == 1
    assert value(law, "xb.counting_period.years_back", D(2024, 3, 22)) == 0
    assert value(law, "xb.assessment.validity", D(2023, 1, 1)) == 2
    assert value(law, "xb.assessment.validity", D(2024, 3, 22)) == 3
    assert law.value("xb.assessment.trigger.pi_processed", D(2024, 3, 22)) is None
    assert law.value("xb.scc.conditions.pi_exported_max", D(2024, 3, 22)) is None
    assert value(law, "xb.scc_or_cert.band_sensitive", D(2025, 1, 1)) == Range(min=1, max=9999)


def test_international_networking_fines(law):
    assert value(law, "intl_networking.fine_max", D(1996, 2, 1)) == Range(max=15000)
    assert value(law, "intl_networking.individual_user_fine_max", D(2020, 1, 1)) == Range(max=5000)
    assert law.value("intl_networking.individual_user_fine_max", D(1998, 2, 12)) is None
    assert law.used("intl_networking.individual_user_fine_max", D(2020, 1, 1)).cited_as.endswith("Art. 22¶3")
    assert law.in_force("intl-networking:6", D(1996, 2, 1))


def test_articles_added_by_amendment(law):
    assert not law.in_force("criminal-law:287-2", D(2015, 10, 31))
    assert law.in_force("criminal-law:287-2", D(2015, 11, 1))
    assert law.in_force("criminal-law:286-1", D(2024, 3, 1))
    assert law.in_force("criminal-law:285", D(2000, 1, 1))
    assert not law.in_force("commercial-crypto-regs:38", D(2023, 6, 30))
    assert law.in_force("commercial-crypto-regs:38", D(2023, 7, 1))
    assert not law.in_force("pi-certification-2025:validity", D(2025, 12, 31))


def test_telecom_unlicensed_band(law):
    assert value(law, "telecom.unlicensed.fine_multiple", D(2020, 1, 1)) == Range(min=3, max=5)
    assert value(law, "telecom.unlicensed.fine_floor_threshold", D(2020, 1, 1)) == 50000
    assert value(law, "telecom.unlicensed.fine_fixed", D(2020, 1, 1)) == Range(min=100000, max=1000000)


def test_miit32_campaign_dates_are_dates(law):
    assert value(law, "miit32.campaign_end", D(2017, 6, 1)) == D(2018, 3, 31)
    assert value(law, "miit32.campaign_end_extended", D(2018, 6, 1)) == D(2019, 3, 31)


def test_every_parameter_is_dated_and_cited(law):
    assert len(law.parameters) > 100
    for pid, p in law.parameters.items():
        assert p.last_verified is not None, pid
        for v in p.values:
            assert law.has(v.provision), f"{pid} cites {v.provision}"
            # the cited article is in force on the first day of the value
            assert law.in_force(v.provision, v.valid_from), f"{pid}: {v.provision} not in force on {v.valid_from}"


def test_uncertain_facts_keep_their_marks(law):
    assert law.value("xb.cert.renewal_lead_time", D(2026, 6, 1)).confidence == "MEDIUM"
    assert law.value("csl.penalty.cii_duties.fine_initial", D(2026, 6, 1)).confidence == "MEDIUM"
    assert law.instruments["telecom-catalogue"].confidence == "MEDIUM"
