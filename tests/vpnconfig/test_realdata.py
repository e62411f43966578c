"""Every file of the public real data (../shared/realdata/{strongswan,openvpn,wireguard}).

Configuration files must parse; the deliberately invalid WireGuard fixtures of wireguard-android
must give an InputError at the right line; files that are not configurations (descriptions,
shell scripts, READMEs, keyword tables) must be refused with an InputError, never a crash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kuajing.errors import InputError
from kuajing.evidence.vpnconfig import Kind, parse_channel, parse_config
from kuajing.evidence.vpnconfig.algorithms import strongswan_token
from kuajing.evidence.vpnconfig.channel import channel_summary

from .paths import REALDATA, realdata

pytestmark = pytest.mark.realdata

FORMATS = ("strongswan", "openvpn", "wireguard")

#: Not configurations: refused by format detection.
NOT_CONFIG = re.compile(r"(SOURCES\.md|description\.txt|evaltest\.dat|README|\.rc(-sample)?|testing\.conf|"
                        r"charon-logging\.opt|proposal_keywords_static\.txt)$")

#: wireguard-android's invalid fixtures: (line of the error, words of the message).
INVALID_WG = {
    "broken.conf": (2, "PrivateKey is not a WireGuard key"),
    "invalid-key.conf": (9, "PublicKey is not a WireGuard key"),
    "invalid-number.conf": (8, "PersistentKeepalive is not a valid number"),
    "invalid-value.conf": (3, "DNS entry"),
    "missing-attribute.conf": (5, "[Peer] without a PublicKey"),
    "missing-section.conf": (1, "no [Interface] section"),
    "syntax-error.conf": (7, "Endpoint has no value"),
    "unknown-attribute.conf": (8, "unknown key 'DontLetTheFeelingFade'"),
    "unknown-section.conf": (5, "unknown section [Peers]"),
}


def _files() -> list[Path]:
    out = []
    for fmt in FORMATS:
        folder = REALDATA / fmt
        out += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [folder]
    return out


def _id(p: Path) -> str:
    try:
        return str(p.relative_to(REALDATA))
    except ValueError:
        return str(p)


@pytest.mark.parametrize("path", _files(), ids=_id)
def test_every_realdata_file_parses_or_is_refused_cleanly(path):
    for fmt in FORMATS:
        realdata(fmt)
    if path.name in INVALID_WG and "wireguard-android" in str(path):
        line, words = INVALID_WG[path.name]
        with pytest.raises(InputError) as exc:
            parse_config(path)
        assert exc.value.location.file == str(path)
        assert exc.value.location.line == line
        assert exc.value.location.column is not None
        assert words in exc.value.message
    elif NOT_CONFIG.search(path.name):
        with pytest.raises(InputError) as exc:
            parse_config(path)
        assert "cannot tell which VPN configuration format" in exc.value.message
    else:
        facts = parse_config(path)
        assert facts.file == str(path)
        for use in facts.algorithms:
            assert use.pos.line >= 1 and use.pos.column >= 1


def test_realdata_counts():
    """How the real data fares, so a change in coverage is seen."""
    for fmt in FORMATS:
        realdata(fmt)
    kinds: dict[str, int] = {}
    for path in _files():
        if NOT_CONFIG.search(path.name) or path.name in INVALID_WG:
            continue
        kind = parse_config(path).kind.value
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {"strongswan.conf": 152, "swanctl": 126, "ipsec.conf": 26, "ipsec.secrets": 13,
                     "openvpn": 33, "wireguard": 7}


def test_sm_fork_keyword_table_is_fully_known():
    """Every keyword of the strongSwan SM fork's proposal table normalises, with its key size."""
    table = realdata("strongswan") / "sm-algorithms/leonardodalinky-strongswan-sm/proposal_keywords_static.txt"
    body = table.read_text().split("%%")[1]
    seen_sm = set()
    count = 0
    for line in body.strip().splitlines():
        name, ttype, _alg, size = [x.strip() for x in line.split(",")]
        alg = strongswan_token(name)
        count += 1
        if ttype == "EXTENDED_SEQUENCE_NUMBERS" or name in ("none", "modpnone"):
            assert alg is None, name
            continue
        assert alg is not None, name
        if ttype == "ENCRYPTION_ALGORITHM" and int(size):
            assert alg.key_bits == int(size), name
        if alg.sm:
            seen_sm.add(name)
    assert count > 150
    assert seen_sm == {"sm4", "sm3", "prfsm3", "sm2_256"}


def _summary(*rel: str) -> dict:
    base = realdata("strongswan").parent
    configs = parse_channel([base / r for r in rel])
    return {f.fact: f for f in channel_summary(configs)}


def test_blowfish_test_case_is_weak():
    s = _summary("strongswan/tests/ikev1-algs/alg-blowfish/hosts/moon/etc/swanctl/swanctl.conf")
    assert "BLOWFISH-256-CBC" in s["cryptography.weak_algorithms"].value
    assert "MODP-1536" in s["cryptography.weak_algorithms"].value
    assert s["cryptography.sm_algorithms"].value is False
    where = s["cryptography.weak_algorithms"].pos
    assert (where.line, where.column) == (21, 19)


def test_site_to_site_psk_is_not_a_shared_user_secret():
    s = _summary("strongswan/tests/ikev1-stroke/net2net-psk/hosts/moon/etc/ipsec.conf",
                 "strongswan/tests/ikev1-stroke/net2net-psk/hosts/moon/etc/ipsec.secrets")
    assert s["authentication.shared_secret"].value is False
    assert s["authentication.per_user_identity"].value is False


def test_group_psk_followed_by_xauth_identifies_users():
    s = _summary("strongswan/tests/ikev1/xauth-id-psk-config/hosts/moon/etc/swanctl/swanctl.conf")
    assert s["authentication.shared_secret"].value is False
    assert s["authentication.per_user_identity"].value is True


@pytest.mark.parametrize("case", ["ikev2/rw-psk-ppk", "ikev2/rw-psk-rsa-split", "ikev1/rw-psk-aggressive"])
def test_road_warrior_psk_with_a_key_per_identity_is_per_user(case):
    """moon accepts 'auth = psk' from any peer, but its secrets hold one key for carol and one for
    dave: each user is identified by a key of their own, so nothing is shared."""
    s = _summary(f"strongswan/tests/{case}/hosts/moon/etc/swanctl/swanctl.conf")
    assert s["authentication.shared_secret"].value is False
    assert s["authentication.per_user_identity"].value is True
    assert "a pre-shared key of its own for each peer identity" in s["authentication.per_user_identity"].note


def test_psk_bound_to_no_identity_is_shared():
    """trap-any: 'secrets { ike { secret = ... } }' is one key for any host that connects."""
    s = _summary("strongswan/tests/ikev2/trap-any/hosts/moon/etc/swanctl/swanctl.conf")
    assert s["authentication.shared_secret"].value is True
    assert "bound to no identity" in s["authentication.shared_secret"].note


def test_eap_accounts_in_ipsec_secrets_are_per_user():
    s = _summary("strongswan/tests/ikev2-stroke/rw-eap-mschapv2-id-rsa/hosts/moon/etc/ipsec.secrets")
    assert s["authentication.per_user_identity"].value is True


def test_strongswan_conf_with_loggers_and_silent_journal():
    s = _summary("strongswan/defaults/strongswan.conf.testing")
    assert s["logging.enabled"].value is True


def test_section_references_are_followed():
    path = realdata("strongswan") / "tests/ikev2/net2net-dscp/hosts/moon/etc/swanctl/swanctl.conf"
    facts = parse_config(path)
    contexts = {u.context for u in facts.algorithms}
    assert "ESP proposals of dscp/net-ef" in contexts  # inherited from net-be


def test_provider_profiles():
    base = realdata("openvpn") / "providers-haugene/openvpn"
    getflix = parse_config(base / "getflix/Kyrgyzstan-Bishkek_TCP1194_SMART.ovpn")
    assert getflix.kind is Kind.openvpn
    assert [u.algorithm.name for u in getflix.algorithms if u.algorithm.weak] == ["BLOWFISH-CBC-128"]
    assert any(a.method == "user-pass" and a.per_user for a in getflix.auth)
    zoog = parse_config(base / "zoogvpn/hk1.tcp.obfusc.zoogvpn.ovpn")
    assert any("scramble" in n for n, _ in zoog.notes)  # patched option: a note, not an error
    proton = parse_config(base / "protonvpn/hk-01.protonvpn.com.tcp.ovpn")
    assert {e.host for e in proton.endpoints} == {"209.58.185.231"}


def test_wireguard_manual_example():
    path = realdata("wireguard") / "WireGuard-wireguard-tools/man-examples/wg.8.config-format-example.conf"
    facts = parse_config(path)
    assert [(e.host, e.port) for e in facts.endpoints] == [
        ("192.95.5.67", 1234), ("2607:5300:60:6b0::c05f:543", 2468), ("test.wireguard.com", 18981)]
    assert facts.logging is None


@pytest.mark.parametrize("files", [
    ["tests/ikev2-stroke/rw-eap-ttls-only/hosts/moon/etc/ipsec.secrets",
     "tests/ikev2-stroke/rw-eap-ttls-only/hosts/moon/etc/ipsec.conf"],
    ["tests/ikev2/rw-psk-ppk/hosts/moon/etc/swanctl/swanctl.conf"],
    ["tests/ikev2/rw-psk-ppk/hosts/carol/etc/swanctl/swanctl.conf"],
], ids=["eap-accounts", "psk-per-identity", "client-identity"])
def test_user_identities_are_masked_in_the_report(files, capsys):
    """carol@strongswan.org and dave@strongswan.org are people's accounts: neither view shows them."""
    from kuajing.cli import main

    paths = [str(realdata("strongswan") / f) for f in files]
    for fmt in ("json", "text"):
        main(["audit", "config", *paths, "--format", fmt, "--as-of", "2026-03-01"])
        out = capsys.readouterr().out
        assert "carol@" not in out and "dave@" not in out and "ike-carol" not in out
    main(["audit", "config", *paths, "--format", "json", "--as-of", "2026-03-01"])
    import json

    doc = json.loads(capsys.readouterr().out)
    shown = {a["identity"] for a in doc["authentication"] if a["identity"]}
    assert shown and all("***" in i or i.startswith("%") for i in shown)
