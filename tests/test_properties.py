"""Property tests: any schema-valid profile evaluates; any malformed file is an input error."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import redirect_stderr, redirect_stdout

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuajing.cli import main
from kuajing.facts.load import profile_from_data
from kuajing.facts.profile import CHANNEL_KINDS
from kuajing.findings import Status, Strength
from kuajing.rules.engine import evaluate

U = st.just("unknown")
maybe = lambda s: st.one_of(s, U, st.none())  # noqa: E731
dates = st.dates(dt.date(1994, 1, 1), dt.date(2028, 12, 31))
licence = st.fixed_dictionaries({"code": st.sampled_from(["B13", "B14", "A14-4", "B11"])},
                                optional={"valid_until": dates, "valid_from": dates})


def drop_none(d):
    return {k: v for k, v in d.items() if v is not None}


channel = st.builds(
    lambda i, kind, cb, basic, seg, lic, who, resold, purposes, sm, bits, weak, enabled, months, rn,
    shared, audit, cc, assess: drop_none({
        "id": f"c{i}", "kind": kind, "crosses_border": cb,
        "provider": drop_none({"basic_operator": basic, "cross_border_segment": seg, "licences": lic,
                               "approved_interconnect": basic}),
        "users": drop_none({"who": who}), "resold": resold, "purposes": purposes,
        "cryptography": drop_none({"sm_algorithms": sm, "min_symmetric_key_bits": bits,
                                   "weak_algorithms": weak, "commercial_crypto": cc,
                                   "last_assessment": assess}),
        "authentication": drop_none({"shared_secret": shared}),
        "logging": drop_none({"enabled": enabled, "retention_months": months, "real_name": rn}),
        "usage_audit": drop_none({"last": audit}),
    }),
    st.integers(0, 10**6), maybe(st.sampled_from(CHANNEL_KINDS)), maybe(st.booleans()),
    maybe(st.booleans()), maybe(st.sampled_from(["basic_operator_line", "own_infrastructure",
                                                 "public_internet"])),
    maybe(st.lists(licence, max_size=3)), maybe(st.sampled_from(["employees_only", "contractors",
                                                                 "third_parties", "public"])),
    maybe(st.booleans()), maybe(st.lists(st.sampled_from(["internal_office", "cross_border_business",
                                                          "telecom_business", "customer_access"]),
                                         max_size=3)),
    maybe(st.booleans()), maybe(st.integers(0, 512)), maybe(st.lists(st.sampled_from(["md5", "3des"]))),
    maybe(st.booleans()), maybe(st.floats(0, 60)), maybe(st.booleans()), maybe(st.booleans()),
    maybe(dates), maybe(st.booleans()), maybe(dates),
)

service = st.builds(
    lambda i, kind, cb, paid, income, rn, logs: drop_none({
        "id": f"s{i}", "kind": kind, "crosses_border": cb, "paid": paid, "income_rmb": income,
        "real_name": rn, "log_retention_months": logs}),
    st.integers(0, 10**6), maybe(st.sampled_from(["vpn", "proxy", "access"])), maybe(st.booleans()),
    maybe(st.booleans()), maybe(st.floats(0, 1e8)), maybe(st.booleans()), maybe(st.floats(0, 36)),
)

actor = st.one_of(
    st.builds(lambda: {"kind": "individual"}),
    st.builds(lambda ciio, level, lic, basic: drop_none({"kind": "organisation", "ciio": ciio,
                                                          "mlps_level": level, "licences": lic,
                                                          "basic_telecom_operator": basic}),
              maybe(st.booleans()), maybe(st.integers(1, 5)), maybe(st.lists(licence, max_size=3)),
              maybe(st.booleans())),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actor=actor, channels=st.lists(channel, max_size=3, unique_by=lambda c: c["id"]),
       services=st.lists(service, max_size=2, unique_by=lambda s: s["id"]), on=dates)
def test_any_valid_profile_evaluates_without_exception(actor, channels, services, on):
    loaded = profile_from_data({"kuajing": 1, "actor": actor, "channels": channels,
                                "services": services})
    findings = evaluate(loaded, on)
    for f in findings:
        assert isinstance(f.status, Status)
        if f.strength is Strength.recommended:
            assert f.status is not Status.violation
        if f.status is Status.needs_evidence:
            assert f.missing_facts, f
        if f.status is Status.at_risk:
            assert f.reason, f  # unclear law or fact is always said
        if f.status is Status.compliant:
            assert all(fact.known for fact in f.facts_used if fact.path in
                       {m for m in f.missing_facts}), f


def _run(path):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["assess", str(path), "--format", "json"])
    return code, err.getvalue()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_an_input_error_not_a_traceback(tmp_path_factory, blob):
    p = tmp_path_factory.mktemp("fuzz") / "p.yaml"
    p.write_bytes(blob)
    code, err = _run(p)
    assert code in (0, 1, 2)
    if code == 2:
        assert err.startswith("error: ")


VALID = yaml.safe_load(open(__file__.replace("test_properties.py", "../examples/fie-mpls.yaml"),
                            encoding="utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_profiles_give_input_errors_or_findings(tmp_path_factory, data):
    text = yaml.safe_dump(VALID, sort_keys=False)
    pos = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 20))
    junk = data.draw(st.text(max_size=12))
    mutated = text[:pos] + junk + text[pos + cut:]
    p = tmp_path_factory.mktemp("mut") / "p.yaml"
    p.write_text(mutated, encoding="utf-8")
    code, err = _run(p)
    assert code in (0, 1, 2)
    if code == 2:
        assert err.startswith("error: ") and "Traceback" not in err
