"""Our own fixtures for what the real data lacks: SM algorithms, weak DH, shared PSK, logging off,
static keys, duplicate-cn, site maps and a GeoIP database built in the test."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kuajing import DISCLAIMER_EN, __version__
from kuajing.cli import main
from kuajing.errors import InputError
from kuajing.evidence import EvidenceFact
from kuajing.evidence.vpnconfig import audit, channel_facts
from kuajing.findings import Finding, Status, Strength

from .mmdb import write_mmdb
from .paths import FIXTURES

AS_OF = dt.date(2026, 3, 1)


def _facts(*rel, **kw) -> dict[str, EvidenceFact]:
    return {f.fact: f for f in channel_facts([FIXTURES / r for r in rel], **kw)}


def _findings(*rel, **kw) -> dict[tuple[str, str], Finding]:
    result = audit([FIXTURES / r for r in rel], as_of=AS_OF, **kw)
    return {(f.rule_id, f.subject.rsplit("/", 1)[-1]): f for f in result.findings}


def test_sm_gateway_facts():
    f = _facts("sm-gateway/swanctl.conf", "sm-gateway/strongswan.conf")
    assert f["cryptography.sm_algorithms"].value is True
    assert {"SM4-CBC", "SM4-GCM", "HMAC-SM3", "PRF-HMAC-SM3", "SM2"} <= set(f["cryptography.algorithms"].value)
    assert f["cryptography.algorithms"].value == sorted(f["cryptography.algorithms"].value)
    assert f["cryptography.weak_algorithms"].value == []
    assert f["cryptography.min_symmetric_key_bits"].value == 128  # SM4
    assert f["cryptography.sm_algorithms"].source.endswith("sm-gateway/swanctl.conf:5:19")
    assert f["logging.enabled"].value is True
    assert f["authentication.shared_secret"].value is True  # remote psk for any peer, no id
    assert f["authentication.shared_secret"].source.endswith("swanctl.conf:11:10")


def test_sm_gateway_include_is_read_relative_to_the_file():
    result = audit([FIXTURES / "sm-gateway/swanctl.conf"], as_of=AS_OF)
    cfg = result.configs[0]
    assert [p.rsplit("/", 2)[-2:] for p in cfg.includes] == [["conf.d", "branch.conf"]]
    assert any(u.pos.file.endswith("conf.d/branch.conf") and u.algorithm.name == "AES-256-GCM"
               for u in cfg.algorithms)


def test_sm_findings_are_recommendations_citing_the_crypto_law():
    found = _findings("sm-gateway/swanctl.conf")
    sm = found[("config_sm_algorithms", "swanctl.conf")]
    assert sm.status is Status.compliant and sm.strength is Strength.recommended
    assert sm.provisions == ["commercial-crypto-regs:41", "crypto-law:27"]
    assert [p.id for p in sm.provisions_resolved] == sm.provisions
    shared = found[("config_no_shared_secret", "swanctl.conf")]
    assert shared.status is Status.at_risk and shared.strength is Strength.conditional
    assert shared.provisions == ["csl:24"]
    assert shared.provisions_resolved[0].cited_as == "CSL Art. 26"  # renumbered from 2026-01-01
    assert shared.location.endswith("swanctl.conf:11:10")


def test_weak_legacy_gateway():
    f = _facts("weak-psk/ipsec.conf", "weak-psk/ipsec.secrets", "logging-off/strongswan.conf")
    assert f["cryptography.weak_algorithms"].value == ["3DES-CBC", "DES-CBC", "HMAC-MD5-96", "HMAC-SHA1-96",
                                                       "MODP-1024"]
    assert f["cryptography.min_symmetric_key_bits"].value == 56
    assert f["cryptography.sm_algorithms"].value is False
    assert f["authentication.shared_secret"].value is True
    assert f["authentication.per_user_identity"].value is False
    assert f["logging.enabled"].value is False
    assert f["logging.enabled"].source.endswith("logging-off/strongswan.conf:5:10")
    # ike= comes through also=base; its position is in conn base
    assert f["cryptography.weak_algorithms"].source.endswith("weak-psk/ipsec.conf:10:6")


def test_weak_legacy_gateway_findings():
    found = _findings("weak-psk/ipsec.conf", "weak-psk/ipsec.secrets", "logging-off/strongswan.conf")
    weak = found[("config_no_weak_algorithms", "ipsec.conf")]
    assert weak.status is Status.at_risk and weak.strength is Strength.recommended
    assert {fu.value for fu in weak.facts_used} == {"3DES-CBC", "DES-CBC", "HMAC-MD5-96", "HMAC-SHA1-96",
                                                     "MODP-1024"}
    assert all(fu.source and fu.source.count(":") >= 2 for fu in weak.facts_used)
    log = found[("config_logging_enabled", "strongswan.conf")]
    assert log.status is Status.at_risk and log.strength is Strength.conditional
    assert log.provisions == ["csl:21"] and log.provisions_resolved[0].cited_as == "CSL Art. 23"
    assert ("config_no_shared_secret", "ipsec.secrets") not in found  # ipsec.conf decides


def test_openvpn_sm_client():
    f = _facts("openvpn/sm-client.ovpn")
    assert f["cryptography.sm_algorithms"].value is True
    assert {"SM4-GCM", "SM4-CBC", "HMAC-SM3", "TLS_SM4_GCM_SM3", "ECDHE-SM2-SM4-CBC-SM3", "SM2"} <= set(
        f["cryptography.algorithms"].value)
    assert f["cryptography.weak_algorithms"].value == []
    assert f["authentication.per_user_identity"].value is True
    assert f["authentication.shared_secret"].value is False


def test_openvpn_static_key_and_logging_off():
    f = _facts("openvpn/static-key.conf")
    assert f["authentication.shared_secret"].value is True
    assert f["logging.enabled"].value is False
    assert set(f["cryptography.weak_algorithms"].value) == {"BLOWFISH-CBC-128", "HMAC-MD5", "TLS-1.0"}


def test_openvpn_duplicate_cn_server():
    f = _facts("openvpn/duplicate-cn-server.conf")
    assert f["authentication.shared_secret"].value is True
    assert f["authentication.shared_secret"].source.endswith("duplicate-cn-server.conf:9:1")
    assert set(f["cryptography.weak_algorithms"].value) == {"DES-CBC3-SHA", "SECLEVEL-0"}
    assert f["logging.enabled"].value is True


def test_openvpn_dh_file_below_2048_bits_is_weak():
    """dh dh1024.pem is opened beside the config: its prime is 1024 bits, a recommendation finding."""
    f = _facts("openvpn/legacy-dh-server.conf")
    assert f["cryptography.weak_algorithms"].value == ["MODP-1024"]
    assert f["cryptography.weak_algorithms"].source.endswith("legacy-dh-server.conf:8:4")
    weak = _findings("openvpn/legacy-dh-server.conf")[("config_no_weak_algorithms", "legacy-dh-server.conf")]
    assert weak.status is Status.at_risk and weak.strength is Strength.recommended
    assert "below 2048" in weak.explanation


def test_openvpn_inline_dh_block_is_measured():
    f = _facts("openvpn/inline-dh-server.ovpn")
    assert "MODP-2048" in f["cryptography.algorithms"].value
    assert f["cryptography.weak_algorithms"].value == []


def test_openvpn_dh_file_not_given_is_a_note_not_a_verdict(tmp_path):
    conf = tmp_path / "server.conf"
    conf.write_text("server 10.8.0.0 255.255.255.0\nca ca.crt\ndh dh1024.pem\ncipher AES-256-GCM\n")
    from kuajing.evidence.vpnconfig import parse_config

    facts = parse_config(conf)
    assert not any(u.algorithm.family == "MODP" for u in facts.algorithms)  # a file name is no proof
    assert any("dh1024.pem" in n and "not judged" in n for n, _ in facts.notes)


def test_openvpn_broken_inline_dh_points_at_the_block(tmp_path):
    conf = tmp_path / "server.ovpn"
    conf.write_text("mode server\ntls-server\n<dh>\n-----BEGIN DH PARAMETERS-----\nnot base64!\n"
                    "-----END DH PARAMETERS-----\n</dh>\n")
    from kuajing.evidence.vpnconfig import parse_config

    with pytest.raises(InputError) as exc:
        parse_config(conf)
    assert (exc.value.location.line, exc.value.location.column) == (3, 1)
    assert "<dh>" in exc.value.message


def test_wireguard_has_no_logging_fact_and_needs_evidence():
    f = _facts("wireguard/wg0.conf")
    assert "logging.enabled" not in f
    assert f["authentication.per_user_identity"].value is True
    found = _findings("wireguard/wg0.conf")
    log = found[("config_logging_enabled", "wg0.conf")]
    assert log.status is Status.needs_evidence and log.missing_facts == ["logging.enabled"]


# -- where the endpoints are -------------------------------------------------------------------

@pytest.mark.parametrize("sites", ["sites/sites.yaml", "sites/sites.csv"])
def test_site_map_decides_crossing(sites):
    f = _facts("wireguard/wg0.conf", sites=FIXTURES / sites)
    assert f["crosses_border"].value is True
    assert f["crosses_border"].source.endswith("wg0.conf:10:12")  # 192.95.5.67 is in CA
    assert "CA" in f["crosses_border"].note


def test_wireguard_server_peer_addresses_are_masked(capsys):
    """wg0.conf is a server with two peers: their endpoints are users' devices, shown masked;
    the host is still located (the crossing decision above uses it)."""
    assert main(["audit", "config", str(FIXTURES / "wireguard/wg0.conf"), "--format", "json",
                 "--sites", str(FIXTURES / "sites/sites.yaml")]) in (0, 1)
    out = capsys.readouterr().out
    assert "192.95.5.67" not in out and "10.20.30.40" not in out
    doc = json.loads(out)
    assert [e["host"] for e in doc["endpoints"]] == ["19***", "10***"]
    assert next(f for f in doc["facts"] if f["fact"] == "crosses_border")["value"] is True


def test_site_map_domestic_and_unknown():
    f = _facts("openvpn/sm-client.ovpn", sites=FIXTURES / "sites/sites.yaml")
    assert f["crosses_border"].value is False
    f = _facts("openvpn/static-key.conf", sites=FIXTURES / "sites/sites.yaml")
    assert "crosses_border" not in f  # 198.51.100.7 is in no site: unknown, not guessed


def test_site_map_errors_point_at_the_entry():
    with pytest.raises(InputError) as exc:
        _facts("wireguard/wg0.conf", sites=FIXTURES / "sites/bad-country.yaml")
    assert exc.value.location.line == 4
    assert "country code" in exc.value.message


def test_geoip_database_decides_crossing(tmp_path):
    db = tmp_path / "country.mmdb"
    write_mmdb(db, {"192.95.5.0/24": {"country": {"iso_code": "CA"}},
                    "10.0.0.0/8": {"country": {"iso_code": "CN"}}})
    sites = tmp_path / "home.yaml"
    sites.write_text("home: CN\n")
    f = _facts("wireguard/wg0.conf", sites=sites, geoip=db)
    assert f["crosses_border"].value is True
    assert "GeoIP country.mmdb" in f["crosses_border"].note
    result = audit([FIXTURES / "wireguard/wg0.conf"], as_of=AS_OF, sites=sites, geoip=db)
    assert [(e.host, e.country) for e in result.endpoints] == [("192.95.5.67", "CA"), ("10.20.30.40", "CN")]


def test_geoip_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "bad.mmdb"
    bad.write_bytes(b"not a maxmind database")
    with pytest.raises(InputError) as exc:
        audit([FIXTURES / "wireguard/wg0.conf"], geoip=bad)
    assert exc.value.location.file == str(bad)
    with pytest.raises(InputError):
        audit([FIXTURES / "wireguard/wg0.conf"], geoip=tmp_path / "missing.mmdb")


# -- command line ------------------------------------------------------------------------------

def test_cli_json_document(capsys):
    code = main(["audit", "config", str(FIXTURES / "weak-psk/ipsec.conf"),
                 str(FIXTURES / "logging-off/strongswan.conf"), "--format", "json", "--as-of", "2026-03-01"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert doc["kuajing"] == __version__ and doc["format"] == "kuajing.audit-config/1"
    assert doc["disclaimer"] == DISCLAIMER_EN and doc["as_of"] == "2026-03-01"
    assert doc["exit_code"] == 1 and doc["verdict"] == "at_risk"
    fact = next(f for f in doc["facts"] if f["fact"] == "logging.enabled")
    assert fact["value"] is False and fact["line"] == 5 and fact["column"] == 10
    assert fact["file"].endswith("logging-off/strongswan.conf")
    for finding in doc["findings"]:
        Finding.model_validate(finding)  # the same model as 'kuajing assess'
    assert all({"file", "line", "column"} <= set(a) for a in doc["algorithms"])


def test_cli_text_prints_the_disclaimer_once(capsys):
    code = main(["audit", "config", str(FIXTURES / "openvpn/sm-client.ovpn")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count(DISCLAIMER_EN) == 1
    assert "config_sm_algorithms" in out


def test_cli_input_error_exit_2(capsys, tmp_path):
    bad = tmp_path / "wg0.conf"
    bad.write_text("[Interface]\nListenPort = many\n")
    assert main(["audit", "config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2:14" in err and "ListenPort" in err


def test_cli_report_that_cannot_be_written_exits_2(capsys, tmp_path):
    target = tmp_path / "no-such-folder" / "report.json"
    assert main(["audit", "config", str(FIXTURES / "wireguard/wg0.conf"), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "Traceback" not in err


def test_cli_kind_option_overrides_detection(capsys, tmp_path):
    odd = tmp_path / "gateway.txt"
    odd.write_text("connections {\n  a {\n    remote_addrs = 192.0.2.1\n    proposals = aes256-sha256-modp3072\n"
                   "  }\n}\n")
    assert main(["audit", "config", str(odd), "--kind", "swanctl", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["files"][0]["kind"] == "swanctl"
    assert main(["audit", "config", str(odd), "--kind", "wireguard"]) == 2


_RW_PSK = "connections {\n rw {\n  local { auth = psk\n id = gw.example.cn }\n  remote { auth = psk }\n }\n}\n"
_LEGACY_RW_PSK = "conn rw\n  left=198.51.100.1\n  leftid=@gw.example.cn\n  right=%any\n  authby=secret\n"


@pytest.mark.parametrize("docs,shared,personal", [
    pytest.param([("swanctl", "connections {\n rw {\n  remote { auth = psk }\n  remote-2 { auth = eap-mschapv2 }\n"
                   " }\n}\n")], False, True, id="group-psk-then-eap"),
    pytest.param([("swanctl", "connections {\n rw {\n  remote { auth = psk\n id = carol@example.org }\n }\n}\n")],
                 False, True, id="psk-bound-to-identity"),
    pytest.param([("swanctl", "connections {\n rw {\n  remote { auth = null }\n }\n}\n")], True, False,
                 id="null-authentication"),
    pytest.param([("swanctl", "connections {\n gw {\n  remote_addrs = 192.0.2.9\n  remote { auth = psk }\n }\n}\n")],
                 False, False, id="site-to-site-psk"),
    pytest.param([("ipsec.conf", "conn rw\n  right=%any\n  authby=xauthpsk\n")], False, True, id="ipsec-xauthpsk"),
    pytest.param([("openvpn", "server 10.8.0.0 255.255.255.0\nca ca.crt\nverify-client-cert none\n"
                   "plugin openvpn-plugin-auth-pam.so login\nduplicate-cn\n")], False, True, id="openvpn-pam"),
    # a PSK accepted from any peer: strongSwan picks the key by the claimed identity, so the secrets decide
    pytest.param([("swanctl", _RW_PSK)], None, None, id="any-peer-psk-secrets-not-given"),
    pytest.param([("ipsec.conf", "conn rw\n  right=%any\n  rightauth=psk\n  rightid=%any\n")], None, None,
                 id="ipsec-wildcard-psk-secrets-not-given"),
    pytest.param([("swanctl", _RW_PSK + "secrets {\n ike-carol {\n  id = carol@example.org\n  secret = a1\n }\n"
                   " ike-dave {\n  id = dave@example.org\n  secret = b2\n }\n}\n")], False, True,
                 id="a-key-per-identity-in-swanctl-secrets"),
    pytest.param([("swanctl", _RW_PSK + "secrets {\n ike {\n  secret = a1\n }\n}\n")], True, False,
                 id="swanctl-key-bound-to-no-identity"),
    pytest.param([("swanctl", _RW_PSK + "secrets {\n ike-gw {\n  id = gw.example.cn\n  secret = a1\n }\n}\n")],
                 True, False, id="swanctl-key-bound-only-to-the-gateway"),
    pytest.param([("swanctl", _RW_PSK + "secrets {\n ike-team {\n  id-1 = carol@example.org\n"
                   "  id-2 = dave@example.org\n  secret = a1\n }\n}\n")], True, False,
                 id="swanctl-one-key-for-two-identities"),
    pytest.param([("swanctl", _RW_PSK + "secrets {\n ike-carol {\n  id = carol@example.org\n  secret = a1\n }\n"
                   " ike-dave {\n  id = dave@example.org\n  secret = a1\n }\n}\n")], True, False,
                 id="swanctl-same-key-stored-twice"),
    pytest.param([("ipsec.conf", _LEGACY_RW_PSK), ("ipsec.secrets", ': PSK "x1"\n')], True, False,
                 id="ipsec-secrets-key-for-any-peer"),
    pytest.param([("ipsec.conf", _LEGACY_RW_PSK),
                  ("ipsec.secrets", '@gw.example.cn carol@example.org : PSK "x1"\n'
                                    '@gw.example.cn dave@example.org : PSK "y2"\n')], False, True,
                 id="ipsec-secrets-key-per-identity"),
    pytest.param([("ipsec.conf", _LEGACY_RW_PSK), ("ipsec.secrets", '198.51.100.1 %any : PSK "x1"\n')],
                 True, False, id="ipsec-secrets-key-for-the-gateway-address-only"),
    pytest.param([("ipsec.secrets", '@gw carol@example.org : PSK "x1"\n')], None, None,
                 id="stored-keys-alone-say-nothing-of-their-use"),
])
def test_who_authenticates(docs, shared, personal):
    """None: the files do not prove the fact (it is left out, never guessed)."""
    from kuajing.evidence.vpnconfig import Kind, parse_text
    from kuajing.evidence.vpnconfig.channel import channel_summary
    from kuajing.evidence.vpnconfig.psk import resolve_psk

    configs = [parse_text(text, Kind(kind), f"cfg{i}") for i, (kind, text) in enumerate(docs)]
    resolve_psk(configs)
    facts = {f.fact: f.value for f in channel_summary(configs)}
    assert (facts.get("authentication.shared_secret"), facts.get("authentication.per_user_identity")) == (
        shared, personal)


def test_psk_for_any_peer_without_its_secrets_needs_evidence():
    from kuajing.evidence.vpnconfig import Kind, parse_text
    from kuajing.evidence.vpnconfig.checks import build_findings, run_checks

    findings = build_findings(run_checks([parse_text(_RW_PSK, Kind.swanctl, "swanctl.conf")]), AS_OF)
    f = next(x for x in findings if x.rule_id == "config_no_shared_secret")
    assert f.status is Status.needs_evidence and f.missing_facts == ["authentication.shared_secret"]
    assert f.location == "swanctl.conf:5:12"


def test_key_values_never_reach_the_output(capsys, tmp_path):
    conf = tmp_path / "swanctl.conf"
    conf.write_text(_RW_PSK + "secrets {\n ike-carol {\n  id = carol@example.org\n  secret = Sup3rSecretValue\n"
                    " }\n ike-dave {\n  id = dave@example.org\n  secret = Sup3rSecretValue\n }\n}\n")
    assert main(["audit", "config", str(conf), "--format", "json"]) == 1  # the same key twice: shared
    out = capsys.readouterr().out
    assert "Sup3rSecretValue" not in out
    doc = json.loads(out)
    shared = next(f for f in doc["findings"] if f["rule_id"] == "config_no_shared_secret")
    assert shared["status"] == "at_risk" and "same pre-shared key" in shared["explanation"]


def test_provisions_not_yet_in_force_are_not_cited():
    """On 2016-01-01 neither the CSL nor the Cryptography Regulations' Art. 41 was in force."""
    import datetime as dt

    from kuajing.evidence.vpnconfig import audit
    from kuajing.findings import Status, Strength

    result = audit([FIXTURES / "weak-psk" / "ipsec.conf", FIXTURES / "weak-psk" / "ipsec.secrets"],
                   as_of=dt.date(2016, 1, 1))
    for f in result.findings:
        assert f.provisions == [], f.rule_id
        if f.strength is not Strength.recommended:
            assert f.status is Status.not_applicable, f.rule_id
