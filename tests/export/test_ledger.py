"""The export ledger keeps exact distinct counts across batches and flows, and no raw identifiers."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from kuajing.errors import InputError
from kuajing.export.ledger import Ledger

D = dt.date


@pytest.fixture
def ledger(tmp_path):
    return Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}", tmp_path / "home" / "secret.key")


def ids(*values):
    return [("person_id", v) for v in values]


def test_key_and_database_are_owner_only(tmp_path):
    Ledger.open(f"sqlite:///{tmp_path / 'l.db'}", tmp_path / "home" / "secret.key")
    assert stat.S_IMODE(os.stat(tmp_path / "home" / "secret.key").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "home").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "l.db").st_mode) == 0o600


def test_a_world_readable_key_is_refused(tmp_path):
    key = tmp_path / "home" / "secret.key"
    Ledger.open(f"sqlite:///{tmp_path / 'l.db'}", key)
    os.chmod(key, 0o644)
    with pytest.raises(InputError, match="readable by other users"):
        Ledger.open(f"sqlite:///{tmp_path / 'l.db'}", key)


def test_dedup_across_batches_and_flows(ledger):
    ledger.add_batch(exporter="acme", flow="crm", category="personal_information", sent_on=D(2026, 1, 5),
                     identifiers=ids("A", "B", "C"))
    ledger.add_batch(exporter="acme", flow="crm", category="personal_information", sent_on=D(2026, 2, 5),
                     identifiers=ids("B", "C", "D"))
    ledger.add_batch(exporter="acme", flow="hr", category="sensitive", sent_on=D(2026, 2, 6),
                     identifiers=ids("D", "E"))
    assert ledger.distinct("acme", D(2026, 1, 1), D(2026, 12, 31)) == 5
    assert ledger.distinct("acme", D(2026, 1, 1), D(2026, 12, 31), category="sensitive") == 2
    assert ledger.distinct("acme", D(2026, 1, 1), D(2026, 12, 31), flows=["crm"]) == 4
    assert ledger.distinct("acme", D(2026, 2, 1), D(2026, 12, 31)) == 4
    assert ledger.distinct("other", D(2026, 1, 1), D(2026, 12, 31)) == 0


def test_counting_period_boundaries_are_inclusive(ledger):
    ledger.add_batch(exporter="x", flow="f", category="personal_information", sent_on=D(2025, 12, 31),
                     identifiers=ids("old"))
    ledger.add_batch(exporter="x", flow="f", category="personal_information", sent_on=D(2026, 1, 1),
                     identifiers=ids("new"))
    assert ledger.distinct("x", D(2026, 1, 1), D(2026, 1, 1)) == 1
    assert ledger.distinct("x", D(2025, 1, 1), D(2026, 1, 1)) == 2


def test_no_raw_identifier_is_stored(ledger, tmp_path):
    secret = "110101199003074477"
    ledger.add_batch(exporter="x", flow="f", category="personal_information", sent_on=D(2026, 1, 1),
                     identifiers=ids(secret))
    with ledger.engine.connect() as conn:
        dump = [tuple(r) for t in ("kuajing_ledger_batches", "kuajing_ledger_subjects")
                for r in conn.execute(text(f"select * from {t}"))]
    assert secret not in repr(dump)
    assert secret.encode() not in (tmp_path / "ledger.db").read_bytes()


def test_same_identifier_hashes_differently_under_another_key(tmp_path):
    a = Ledger.open(f"sqlite:///{tmp_path / 'a.db'}", tmp_path / "ka" / "secret.key")
    b = Ledger.open(f"sqlite:///{tmp_path / 'b.db'}", tmp_path / "kb" / "secret.key")
    for book in (a, b):
        book.add_batch(exporter="x", flow="f", category="personal_information", sent_on=D(2026, 1, 1),
                       identifiers=ids("A"))
    with a.engine.connect() as ca, b.engine.connect() as cb:
        ha = ca.execute(text("select subject_hash from kuajing_ledger_subjects")).scalar_one()
        hb = cb.execute(text("select subject_hash from kuajing_ledger_subjects")).scalar_one()
    assert ha != hb


def test_unknown_category_is_an_input_error(ledger):
    with pytest.raises(InputError, match="unknown category"):
        ledger.add_batch(exporter="x", flow="f", category="gossip", sent_on=D(2026, 1, 1))


def test_bad_url_is_an_input_error_without_password(tmp_path):
    with pytest.raises(InputError) as exc:
        Ledger.open("nosuchdb://user:hunter2@host/db", tmp_path / "k" / "secret.key")
    assert "hunter2" not in str(exc.value)


@settings(max_examples=60, deadline=None)
@given(people=st.lists(st.text(alphabet="ABCDEFGH0123456789", min_size=1, max_size=6), max_size=60),
       cuts=st.lists(st.integers(0, 60), max_size=6), flows=st.lists(st.sampled_from(["a", "b", "c"]),
                                                                      min_size=7, max_size=7))
def test_count_equals_distinct_inputs_whatever_the_batching(tmp_path_factory, people, cuts, flows):
    home = tmp_path_factory.mktemp("ledger")
    book = Ledger.open(f"sqlite:///{home / 'l.db'}", home / "k" / "secret.key")
    bounds = sorted({0, len(people), *[min(c, len(people)) for c in cuts]})
    for i, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        book.add_batch(exporter="x", flow=flows[i], category="personal_information",
                       sent_on=D(2026, 1, 1 + i), identifiers=ids(*people[lo:hi]))
    assert book.distinct("x", D(2026, 1, 1), D(2026, 12, 31)) == len(set(people))


def test_flows_recorded_includes_empty_batches(ledger):
    ledger.add_batch(exporter="x", flow="crm", category="personal_information", sent_on=D(2025, 3, 1))
    ledger.add_batch(exporter="x", flow="hr", category="sensitive", sent_on=D(2026, 1, 2),
                     identifiers=ids("A"))
    assert ledger.flows_recorded("x") == {"crm", "hr"}
    assert ledger.flows_recorded("y") == set()


@pytest.mark.parametrize("bad", ["110101199003074477", "ABCDEF0123456789ABCDEF0123456789", "", 42],
                         ids=["raw-resident-id", "upper-case", "empty", "not-a-string"])
def test_only_subject_hashes_are_accepted_as_hashes(ledger, tmp_path, bad):
    with pytest.raises(InputError) as exc:
        ledger.add_batch(exporter="x", flow="f", category="personal_information", sent_on=D(2026, 1, 1),
                         hashes=[bad])
    assert str(bad) not in str(exc.value) or bad == ""
    assert ledger.batches() == []
    if isinstance(bad, str) and bad:
        assert bad.encode() not in (tmp_path / "ledger.db").read_bytes()


@settings(max_examples=40, deadline=None)
@given(people=st.lists(st.text(alphabet="ABCDEF0123", min_size=1, max_size=5), max_size=40),
       assign=st.lists(st.tuples(st.sampled_from(["crm", "hr", "web"]),
                                 st.sampled_from(["personal_information", "sensitive"]),
                                 st.integers(1, 28)), min_size=40, max_size=40))
def test_distinct_count_per_flow_subset_and_category(tmp_path_factory, people, assign):
    """Whatever flows, categories and dates the subjects are spread over, the count for any subset
    of flows and category equals the number of distinct inputs sent there in the period."""
    home = tmp_path_factory.mktemp("ledger")
    book = Ledger.open(f"sqlite:///{home / 'l.db'}", home / "k" / "secret.key")
    sent: dict = {}
    for person, (flow, cat, day) in zip(people, assign):
        book.add_batch(exporter="x", flow=flow, category=cat, sent_on=D(2026, 2, day),
                       identifiers=ids(person))
        sent.setdefault((flow, cat), set()).add((person, day))
    for flows in (["crm"], ["crm", "hr"], ["crm", "hr", "web"]):
        for cat in (None, "sensitive"):
            want = {p for (f, c), s in sent.items() if f in flows and cat in (None, c)
                    for p, d in s if d >= 10}
            assert book.distinct("x", D(2026, 2, 10), D(2026, 12, 31), flows=flows, category=cat) == len(want)


@pytest.mark.parametrize("value", [
    "0123456789abcdef0123456789abcdef\n",
    "0123456789ABCDEF0123456789ABCDEF",
    "0123456789abcdef0123456789abcde",
    "110101199003074477",
], ids=["trailing-newline", "upper-case", "31-characters", "raw-identifier"])
def test_only_32_lower_case_hex_characters_are_taken_as_a_subject_hash(tmp_path, value):
    from kuajing.errors import InputError
    from kuajing.export.ledger import HASH_RE

    assert not HASH_RE.match(value)
    ledger = Ledger.open(f"sqlite:///{tmp_path / 'l.db'}", tmp_path / "home" / "secret.key")
    with pytest.raises(InputError) as exc:
        ledger.add_batch(exporter="e", flow="f", category="personal_information",
                         sent_on=dt.date(2026, 2, 1), hashes=[value])
    assert value.strip() not in str(exc.value)
