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
