"""Bad profiles give one pointed error: file, line, column, field path, expected, found; no traceback."""

from __future__ import annotations

import pytest

from kuajing.errors import InputError
from kuajing.facts.load import load_profile


def write(tmp_path, text, name="p.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_unknown_key_is_refused_with_did_you_mean_and_position(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor:\n  kind: organisation\n  ciio: false\nchannels:\n"
                        "  - id: a\n    crosses_boarder: true\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.location.line == 7 and err.location.column == 5
    assert err.path == "channels[0].crosses_boarder"
    assert err.hint == "did you mean 'crosses_border'?"
    assert "crosses_border" in err.expected


def test_wrong_type_names_expected_and_found(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation, mlps_level: seven}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "actor.mlps_level"
    assert err.location.line == 2
    assert "seven" in err.found


def test_every_problem_is_reported_together(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation, ciio: maybe}\n"
                        "channels:\n  - {id: a, kind: wormhole}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    paths = {exc.value.path} | {e.path for e in exc.value.problems}
    assert {"actor.ciio", "channels[0].kind"} <= paths


def test_missing_format_version(tmp_path):
    p = write(tmp_path, "actor: {kind: individual}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert exc.value.path == "kuajing" and "kuajing: 1" in exc.value.expected


def test_wrong_format_version(tmp_path):
    p = write(tmp_path, "kuajing: 2\nactor: {kind: individual}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert exc.value.path == "kuajing" and exc.value.location.line == 1


def test_duplicate_key(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual}\nactor: {kind: organisation}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert "duplicate key 'actor'" in exc.value.message
    assert exc.value.location.line == 3 and "line 2" in exc.value.found


def test_yaml_syntax_error_points_at_line(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor:\n  kind: [organisation\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert exc.value.location.line is not None and exc.value.location.line >= 3


def test_json_profile_is_accepted(tmp_path):
    p = write(tmp_path, '{"kuajing": 1, "actor": {"kind": "individual", "nationality": "NO"}}',
              name="p.json")
    loaded = load_profile(p)
    # YAML 1.1 would read NO as false; we follow YAML 1.2 booleans.
    assert loaded.profile.actor.nationality == "NO"


def test_unknown_is_accepted_for_any_fact(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation, ciio: unknown, mlps_level: unknown}\n"
                        "channels:\n  - {id: a, kind: unknown, crosses_border: unknown}\n")
    loaded = load_profile(p)
    assert loaded.profile.actor.ciio == "unknown"


def test_negative_numbers_are_refused(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual}\nservices:\n"
                        "  - {id: s, income_rmb: -5}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert exc.value.path == "services[0].income_rmb"


def test_duplicate_channel_ids(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual}\nchannels:\n  - {id: a}\n  - {id: a}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert "share the id 'a'" in exc.value.message


def test_not_utf8(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_bytes("kuajing: 1\nactor: {kind: individual, name: 张三}\n".encode("gb18030"))
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert exc.value.location.line == 2 and "UTF-8" in exc.value.message


def test_missing_file():
    with pytest.raises(InputError) as exc:
        load_profile("/nonexistent/profile.yaml")
    assert exc.value.message == "file not found"


def test_control_characters_and_deep_nesting_are_input_errors(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual}\n\x00")
    with pytest.raises(InputError, match="character YAML does not allow") as exc:
        load_profile(p)
    assert exc.value.location.line == 3
    p = write(tmp_path, "[" * 50000)
    with pytest.raises(InputError, match="nested too deeply"):
        load_profile(p)


def test_a_wrong_value_gives_one_error_saying_unknown_is_also_allowed(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation}\nchannels:\n  - {id: a, kind: leased_lin}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "channels[0].kind" and not err.problems
    assert "'leased_line'" in err.expected and err.expected.endswith("or unknown")
    assert err.hint == "did you mean 'leased_line'?"


def test_unknown_key_of_an_individual_lists_the_individual_keys_only(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual, residense: mainland}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.hint == "did you mean 'residence'?"
    assert "residence" in err.expected and "ciio" not in err.expected


def test_unknown_actor_kind_points_at_the_kind_and_names_the_choices(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor:\n  kind: organization\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "actor.kind" and err.location.line == 3
    assert err.expected == "'individual' or 'organisation'" and err.found == "'organization'"
    assert err.hint == "did you mean 'organisation'?"


def test_a_number_above_its_bound_names_the_bound(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation, mlps_level: 7}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert exc.value.expected == "a number ≤ 5, or unknown" and not exc.value.problems


# --- Cross-field (model-level) errors: only the fields concerned, never the whole mapping


def test_dates_out_of_order_point_at_the_later_date_and_show_only_the_two_dates(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation, ciio: false}\ndata_flows:\n"
                        "  - id: crm\n    evidence:\n      standard_contract:\n"
                        "        signed: 2026-02-01\n        effective: 2026-02-01\n        filed: 2026-01-15\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "data_flows[0].evidence.standard_contract.filed"
    assert (err.location.file, err.location.line, err.location.column) == (str(p), 9, 9)
    assert err.found == "filed: 2026-01-15, signed: 2026-02-01"
    assert err.expected == "filed on or after signed"
    assert "datetime" not in str(err) and "effective" not in err.found and "Value error" not in str(err)


def test_an_assessment_renewal_filed_before_the_approval_is_refused(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation, ciio: false}\ndata_flows:\n"
                        "  - id: crm\n    evidence:\n      security_assessment:\n"
                        "        filed: 2025-01-02\n        approved: 2025-03-01\n"
                        "        renewal_filed: 2025-02-01\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "data_flows[0].evidence.security_assessment.renewal_filed"
    assert err.location.line == 9
    assert err.found == "renewal_filed: 2025-02-01, approved: 2025-03-01"
    assert "dates out of order" in err.message


def test_an_assessment_renewal_filed_on_or_after_the_approval_is_accepted(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation, ciio: false}\ndata_flows:\n"
                        "  - id: crm\n    evidence:\n      security_assessment:\n"
                        "        approved: 2025-03-01\n        renewal_filed: 2025-03-01\n")
    sa = load_profile(p).profile.data_flows[0].evidence.security_assessment
    assert sa.renewal_filed == sa.approved


def test_duplicate_ids_point_at_the_second_and_show_both_ids(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual}\nchannels:\n  - {id: a}\n  - {id: a}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "channels[1].id" and err.location.line == 5
    assert err.found == "channels[1].id: 'a', channels[0].id: 'a'"
    assert "kuajing" not in err.found and "actor" not in err.found


def test_a_flow_naming_an_unknown_channel_points_at_its_channel_key(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual}\nchannels:\n  - {id: vpn1}\n"
                        "data_flows:\n  - id: crm\n    channel: vpn\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "data_flows[0].channel" and err.location.line == 7
    assert err.found == "data_flows[0].channel: 'vpn'" and "vpn1" in err.expected


def test_more_sensitive_individuals_than_individuals_shows_the_two_counts(tmp_path):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: individual}\ndata_flows:\n"
                        "  - {id: crm, individuals: 5, sensitive_individuals: 6}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "data_flows[0].sensitive_individuals" and err.location.line == 4
    assert err.found == "sensitive_individuals: 6, individuals: 5"


def test_a_model_level_error_without_named_fields_shows_no_mapping():
    """Any other validator that rejects a whole mapping: position and path, but no dump of it."""
    import datetime as dt

    from pydantic import BaseModel, model_validator

    from kuajing.validation import validate_document
    from kuajing.yamlsource import parse_yaml

    class Period(BaseModel):
        start: dt.date
        end: dt.date

        @model_validator(mode="after")
        def _check(self):
            raise ValueError("this period is not allowed")

    class Doc(BaseModel):
        periods: list[Period]

    doc = parse_yaml("periods:\n  - start: 2026-01-01\n    end: 2026-02-01\n", "d.yaml")
    with pytest.raises(InputError) as exc:
        validate_document(Doc, doc)
    err = exc.value
    assert err.path == "periods[0]" and err.location.line == 2
    assert err.found is None and err.message == "invalid value: this period is not allowed"


# --- Recipient country: ISO 3166-1 alpha-2


@pytest.mark.parametrize("value,hint", [
    ("tw", "did you mean 'TW'?"),
    ("Hong Kong", None),
    ("DEU", None),
    ("'C1'", None),
], ids=["lower-case", "a-name", "alpha-3", "a-digit"])
def test_a_recipient_country_must_be_two_upper_case_letters(tmp_path, value, hint):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation}\ndata_flows:\n"
                        f"  - id: crm\n    recipient:\n      country: {value}\n")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    err = exc.value
    assert err.path == "data_flows[0].recipient.country" and err.location.line == 6 and not err.problems
    assert "ISO 3166-1 alpha-2" in err.expected and err.expected.endswith("or unknown")
    assert err.found == repr(value.strip("'"))
    assert err.hint == hint


@pytest.mark.parametrize("value", ["CN", "HK", "MO", "TW", "DE", "unknown"])
def test_alpha2_codes_and_unknown_are_accepted_as_recipient_country(tmp_path, value):
    p = write(tmp_path, "kuajing: 1\nactor: {kind: organisation}\ndata_flows:\n"
                        f"  - {{id: crm, recipient: {{country: {value}}}}}\n")
    assert load_profile(p).profile.data_flows[0].recipient.country == value
