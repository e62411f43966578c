"""The exporter-level decision with counts from the ledger: exact, and never zero by default."""

from __future__ import annotations

import datetime as dt

import pytest

from kuajing.export.decision import EXEMPT, SCC, decide
from kuajing.export.ledger import Ledger
from kuajing.facts.load import profile_from_data
from kuajing.law.corpus import load_law

D = dt.date
PI = {"personal_information": True, "sensitive": [], "important_data": "none"}


@pytest.fixture
def ledger(tmp_path):
    return Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}", tmp_path / "home" / "secret.key")


def profile(*flows):
    return profile_from_data({"kuajing": 1, "actor": {"kind": "organisation", "name": "acme", "ciio": False},
                              "data_flows": list(flows)}, file="test").profile


def people(prefix, n):
    return [("person_id", f"{prefix}{i}") for i in range(n)]


def test_an_undecided_flow_is_counted_in_the_ledger_as_the_worst_case(ledger):
    law = load_law()
    p = profile({"id": "crm", "recipient": {"country": "DE"}, "categories": PI, "grounds": []},
                {"id": "web", "recipient": {"country": "US"}, "categories": PI})  # grounds unknown
    ledger.add_batch(exporter="acme", flow="crm", category="personal_information", sent_on=D(2026, 2, 1),
                     identifiers=people("C", 60))
    # the undecided flow has never been recorded: its count is unknown, so nothing is decided
    dec = decide(p, D(2026, 6, 30), law, ledger=ledger)
    assert dec.mechanism is None and dec.flows["crm"].mechanism is None
    assert dec.undecided_flows == ["web"]
    # recorded, and even counted in full it stays under the small-volume line: crm is exempt
    ledger.add_batch(exporter="acme", flow="web", category="personal_information", sent_on=D(2026, 3, 1),
                     identifiers=people("C", 30) + people("W", 10))
    dec = decide(p, D(2026, 6, 30), law, ledger=ledger)
    assert dec.flows["crm"].mechanism == EXEMPT and dec.individuals == 60
    assert dec.flows["web"].mechanism is None and "data_flows[1].grounds" in dec.flows["web"].missing


def test_an_undecided_flow_that_could_raise_the_band_blocks_it(ledger):
    law = load_law()
    small = law.value("xb.exempt.small_volume_max", D(2026, 6, 30)).value
    p = profile({"id": "crm", "recipient": {"country": "DE"}, "categories": PI, "grounds": []},
                {"id": "web", "recipient": {"country": "US"}, "categories": PI})
    ledger.add_batch(exporter="acme", flow="crm", category="personal_information", sent_on=D(2026, 2, 1),
                     identifiers=people("C", 3))
    ledger.add_batch(exporter="acme", flow="web", category="sensitive", sent_on=D(2026, 3, 1),
                     identifiers=people("W", 1))
    dec = decide(p, D(2026, 6, 30), law, ledger=ledger)
    # one person's sensitive information in the undecided flow would need the standard contract
    assert small > 4 and dec.flows["crm"].mechanism is None
    assert "could raise it to " + SCC in dec.flows["crm"].why
