"""Bad data-flow input is refused with a pointed error."""

import pytest

from kuajing.errors import InputError
from kuajing.facts.load import load_profile

HEAD = "kuajing: 1\nactor: {kind: organisation, ciio: false}\n"


def load(tmp_path, text):
    p = tmp_path / "p.yaml"
    p.write_text(HEAD + text, encoding="utf-8")
    return load_profile(p)


def test_negative_count(tmp_path):
    with pytest.raises(InputError) as exc:
        load(tmp_path, "data_flows:\n  - {id: crm, individuals: -1}\n")
    assert exc.value.path == "data_flows[0].individuals" and exc.value.location.line == 4


def test_sensitive_above_total(tmp_path):
    with pytest.raises(InputError, match="cannot exceed"):
        load(tmp_path, "data_flows:\n  - {id: crm, individuals: 5, sensitive_individuals: 6}\n")


def test_dates_out_of_order(tmp_path):
    with pytest.raises(InputError, match="dates out of order") as exc:
        load(tmp_path, "data_flows:\n  - id: crm\n    evidence:\n      standard_contract:\n"
                       "        signed: 2026-02-01\n        effective: 2026-02-01\n        filed: 2026-01-15\n")
    assert exc.value.path.startswith("data_flows[0].evidence.standard_contract")


def test_unknown_sensitive_category(tmp_path):
    with pytest.raises(InputError) as exc:
        load(tmp_path, "data_flows:\n  - id: crm\n    categories: {personal_information: true, "
                       "sensitive: [horoscope]}\n")
    assert exc.value.path == "data_flows[0].categories.sensitive[0]"
    assert "medical_health" in exc.value.expected


def test_unknown_exemption_ground_with_did_you_mean(tmp_path):
    with pytest.raises(InputError) as exc:
        load(tmp_path, "data_flows:\n  - {id: crm, grounds: [contract_necesity]}\n")
    assert exc.value.path == "data_flows[0].grounds[0]"


def test_flow_naming_a_missing_channel(tmp_path):
    with pytest.raises(InputError, match="names channel 'vpn'"):
        load(tmp_path, "data_flows:\n  - {id: crm, channel: vpn}\n")


def test_other_sensitive_information_is_a_category(tmp_path):
    """PIPL Art. 28's list is open: sensitive information of another kind is declared as 'other'."""
    from kuajing.facts.profile import SENSITIVE_CATEGORIES

    loaded = load(tmp_path, "data_flows:\n  - id: crm\n    categories: {personal_information: true, "
                            "sensitive: [other]}\n")
    assert loaded.profile.data_flows[0].categories.sensitive == ["other"]
    assert "other" in SENSITIVE_CATEGORIES


def test_turnover_is_described_as_the_previous_years():
    from kuajing.facts.profile import Organisation

    assert "previous year" in Organisation.model_fields["turnover_rmb"].description
