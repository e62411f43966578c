"""Fuzzing: every parser, on arbitrary text or bytes, returns facts or raises InputError.

Two generators per parser: any text (including control characters and NUL) and text built from
the format's own tokens, which reaches deeper into the grammar. Includes are not followed here,
so the fuzzer never reads other files.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuajing.errors import InputError
from kuajing.evidence.vpnconfig import _settings, openvpn, strongswan, strongswan_legacy, wireguard
from kuajing.evidence.vpnconfig._source import decode
from kuajing.evidence.vpnconfig.channel import channel_summary
from kuajing.evidence.vpnconfig.checks import build_findings, run_checks
from kuajing.evidence.vpnconfig.facts import ConfigFacts

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _swanctl(text: str) -> ConfigFacts:
    r = _settings.parse_settings_text(text, "f.conf")
    return strongswan.swanctl_facts(r.root, "f.conf", r.notes, r.files)


def _strongswan_conf(text: str) -> ConfigFacts:
    r = _settings.parse_settings_text(text, "f.conf")
    return strongswan.strongswan_conf_facts(r.root, "f.conf", r.notes, r.files)


PARSERS = {
    "swanctl": _swanctl,
    "strongswan.conf": _strongswan_conf,
    "ipsec.conf": lambda t: strongswan_legacy.parse_ipsec_conf_text(t, "f.conf"),
    "ipsec.secrets": lambda t: strongswan_legacy.parse_ipsec_secrets_text(t, "f.secrets"),
    "openvpn": lambda t: openvpn.parse_openvpn_text(t, "f.ovpn"),
    "wireguard": lambda t: wireguard.parse_wireguard_text(t, "f.conf"),
}

TOKENS = {
    "swanctl": ["connections", "secrets", "rw", "local", "remote", "children", "net", "{", "}", "=", " ",
                "\n", "#", '"', "\\", "include", "x.conf", "proposals", "esp_proposals", "auth", "psk",
                "aes256-sha256-modp2048", "sm4-sm3-sm2_256", "remote_addrs", "%any", "id", ":", ",", "a.b"],
    "strongswan.conf": ["charon", "charon-systemd", "filelog", "syslog", "journal", "daemon", "path",
                        "default", "-1", "2", "abc", "{", "}", "=", " ", "\n", "#", '"', "include"],
    "ipsec.conf": ["config setup", "conn ", "%default", "rw", "\n", "\t", "  ", "=", "also", "ike", "esp",
                   "3des-md5-modp1024!", "right", "%any", "authby", "secret", "xauthpsk", "rightauth",
                   "eap-mschapv2", '"', "#", "include", "ca x", "auto=ignore", "left", "1.2.3.4"],
    "ipsec.secrets": [":", " ", "PSK", "RSA", "EAP", "XAUTH", "BAD", '"', "'", "@moon", "%any", "\n", "\t",
                      "#", "include"],
    "openvpn": ["client", "server 10.8.0.0 255.255.255.0", "remote", "host", "1194", "cipher", "BF-CBC",
                "data-ciphers", "SM4-GCM:AES-256-GCM", "auth", "SM3", "tls-cipher", "DES-CBC3-SHA:!aNULL",
                "verb", "0", "x", "<ca>", "</ca>", "<connection>", "</connection>", "secret", "duplicate-cn",
                "\n", " ", '"', "'", "\\", "#", ";", "--", "status", "log", "/dev/null", "tls-version-min"],
    "wireguard": ["[Interface]", "[Peer]", "[peer]", "PrivateKey", "PublicKey", "PresharedKey", "Endpoint",
                  "AllowedIPs", "Address", "DNS", "ListenPort", "PersistentKeepalive", "FwMark", "MTU", "=",
                  " ", "\n", "#", ",", ":", "[", "]", "10.0.0.1/24", "fd00::1/64", "example.com:51820",
                  "[::1]:51820", "off", "0x10", "65536", "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="],
}


def _run(kind: str, text: str) -> None:
    try:
        facts = PARSERS[kind](text)
    except InputError as exc:
        assert exc.location is not None and exc.location.line is not None
        return
    assert isinstance(facts, ConfigFacts)
    channel_summary([facts])
    run_checks([facts])


def _tokens(kind: str):
    return st.lists(st.sampled_from(TOKENS[kind]), max_size=60).map("".join)


@FUZZ
@given(kind=st.sampled_from(sorted(PARSERS)), text=st.text(max_size=400))
def test_any_text(kind, text):
    _run(kind, text)


@FUZZ
@given(kind=st.sampled_from(sorted(PARSERS)), data=st.data())
def test_grammar_tokens(kind, data):
    _run(kind, data.draw(_tokens(kind)))


@FUZZ
@given(kind=st.sampled_from(sorted(PARSERS)), raw=st.binary(max_size=300))
def test_any_bytes(kind, raw):
    try:
        text = decode(raw, "f.conf")
    except InputError as exc:
        assert exc.location.line is not None and exc.location.column is not None
        return
    _run(kind, text)


def test_findings_build_from_fuzzed_facts():
    """A smoke check that findings build (provisions resolve) for a parsed config."""
    facts = PARSERS["openvpn"]("client\nremote 192.0.2.1\ncipher BF-CBC\nverb 0\n")
    import datetime as dt

    findings = build_findings(run_checks([facts]), dt.date(2026, 3, 1))
    assert {f.rule_id for f in findings} >= {"config_no_weak_algorithms", "config_logging_enabled"}


@FUZZ
@given(name=st.sampled_from(["x.conf", "x", "x.ovpn", "swanctl.conf", "ipsec.secrets"]), text=st.text(max_size=200))
def test_format_detection(name, text):
    from pathlib import Path

    from kuajing.evidence.vpnconfig.detect import detect_kind

    try:
        detect_kind(Path(name), text)
    except InputError as exc:
        assert exc.location.line == 1


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200), suffix=st.sampled_from([".csv", ".yaml"]))
def test_site_map_loader(tmp_path_factory, text, suffix):
    from kuajing.evidence.vpnconfig.sites import load_sites

    path = tmp_path_factory.mktemp("sites") / f"sites{suffix}"
    path.write_bytes(text.encode("utf-8", "replace"))
    try:
        load_sites(path)
    except InputError as exc:
        assert exc.location is not None
