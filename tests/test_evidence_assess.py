"""Evidence becomes facts: `kuajing assess` uses what the configuration proves, says where, and
says when the declaration disagrees."""

from __future__ import annotations

from pathlib import Path

from kuajing.assess import assess

ROOT = Path(__file__).resolve().parents[1]


def finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def test_config_evidence_overrides_the_declaration_and_cites_its_position():
    result = assess(ROOT / "examples/self-built-ipsec-evidence.yaml")
    f = finding(result, "rec_key_length")
    fact = next(x for x in f.facts_used if x.path.endswith("min_symmetric_key_bits"))
    assert fact.value == 128 and fact.source.endswith("swanctl.conf:7:19")
    assert "declares 256 but the evidence shows 128" in f.explanation
    assert f.status.value == "at_risk"


def test_crossing_the_border_is_proved_by_the_site_map():
    result = assess(ROOT / "examples/self-built-ipsec-evidence.yaml")
    f = finding(result, "intl_channel_authorised")
    fact = next(x for x in f.facts_used if x.path.endswith("crosses_border"))
    assert fact.value is True and "swanctl.conf" in fact.source
    assert f.status.value == "at_risk"


def test_logging_enabled_comes_from_strongswan_conf():
    result = assess(ROOT / "examples/self-built-ipsec-evidence.yaml")
    f = finding(result, "log_retention")
    fact = next(x for x in f.facts_used if x.path.endswith("logging.enabled"))
    assert fact.value is True and "strongswan.conf" in fact.source
