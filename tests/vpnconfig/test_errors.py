"""Malformed configurations: an InputError at the right file, line and column, never a crash."""

from __future__ import annotations

import pytest

from kuajing.errors import InputError
from kuajing.evidence.vpnconfig import Kind, parse_config, parse_text

CASES = [
    # swanctl.conf / strongswan.conf syntax
    pytest.param(Kind.swanctl, "connections {\n  rw {\n    proposals = aes256\n", 2, 3, "is not closed",
                 id="swanctl-unclosed-section"),
    pytest.param(Kind.swanctl, "connections {\n}\n}\n", 3, 1, "unexpected '}'", id="swanctl-extra-brace"),
    pytest.param(Kind.swanctl, "connections {\n  rw\n  x = 1\n}\n", 2, 3, "neither a setting nor a section",
                 id="swanctl-bare-name"),
    pytest.param(Kind.swanctl, 'connections {\n  "rw" {\n}\n', 2, 3, "unexpected quoted string",
                 id="swanctl-quoted-name"),
    pytest.param(Kind.swanctl, 'secrets {\n  ike {\n    secret = "abc\n', 3, 14, "unterminated quoted string",
                 id="swanctl-unterminated-string"),
    pytest.param(Kind.swanctl, "connections {\n  rw {\n    proposals = aes256-sha256-modp9999\n  }\n}\n", 3, 31,
                 "unknown algorithm keyword 'modp9999'", id="swanctl-unknown-keyword"),
    pytest.param(Kind.swanctl, "connections {\n  rw {\n    children {\n      c {\n        esp_proposals = "
                 "aes128-shaa256\n}}}}\n", 5, 32, "unknown algorithm keyword 'shaa256'", id="swanctl-esp-typo"),
    pytest.param(Kind.swanctl, "connections {\n  b : connections.nope {\n  }\n}\n", 2, 7, "unknown section",
                 id="swanctl-bad-reference"),
    pytest.param(Kind.strongswan_conf, "charon {\n  filelog {\n", 2, 3, "is not closed",
                 id="strongswan-conf-unclosed"),
    pytest.param(Kind.strongswan_conf, "= 1\n", 1, 1, "unexpected '='", id="strongswan-conf-lone-equals"),
    # ipsec.conf
    pytest.param(Kind.ipsec_conf, "  left=1.2.3.4\n", 1, 3, "outside any section", id="ipsec-indented-first"),
    pytest.param(Kind.ipsec_conf, "conn a\n  left 1.2.3.4\n", 2, 3, "expected key=value", id="ipsec-no-equals"),
    pytest.param(Kind.ipsec_conf, "conn a\nleft=1.2.3.4\n", 2, 1, "unexpected line", id="ipsec-unindented"),
    pytest.param(Kind.ipsec_conf, 'conn a\n  rightid="C=CH, O=x\n', 2, 11, "unterminated quoted value",
                 id="ipsec-unterminated-quote"),
    pytest.param(Kind.ipsec_conf, "conn a\n  also=b\n  right=%any\n", 2, 8, "also=b names no conn",
                 id="ipsec-also-unknown"),
    pytest.param(Kind.ipsec_conf, "conn a\n  also=b\nconn b\n  also=a\n", 4, 8, "also= loop", id="ipsec-also-loop"),
    pytest.param(Kind.ipsec_conf, "conn a\n  ike=aes256-sha257\n", 2, 14, "unknown algorithm keyword",
                 id="ipsec-unknown-keyword"),
    # ipsec.secrets
    pytest.param(Kind.ipsec_secrets, "@moon PSK secret\n", 1, 1, "needs ': TYPE secret'", id="secrets-no-colon"),
    pytest.param(Kind.ipsec_secrets, "@moon : PKS \"x\"\n", 1, 9, "unknown secret type 'PKS'",
                 id="secrets-unknown-type"),
    # OpenVPN
    pytest.param(Kind.openvpn, 'client\nremote "vpn.example.com 1194\n', 2, 8, "no closing quotation",
                 id="openvpn-unclosed-quote"),
    pytest.param(Kind.openvpn, "client\n<ca>\n-----BEGIN\n", 2, 1, "inline block <ca> is not closed",
                 id="openvpn-unclosed-inline"),
    pytest.param(Kind.openvpn, "client\n</ca>\n", 2, 1, "without an opening", id="openvpn-stray-close"),
    pytest.param(Kind.openvpn, "client\nfoo=bar\n", 2, 1, "is not an OpenVPN option name",
                 id="openvpn-not-an-option"),
    pytest.param(Kind.openvpn, "client\nverb loud\n", 2, 6, "verb needs a number", id="openvpn-verb"),
    pytest.param(Kind.openvpn, "<connection>\n<connection>\nremote a\n</connection>\n</connection>\n", 2, 1,
                 "<connection> inside <connection>", id="openvpn-nested-connection"),
    # WireGuard
    pytest.param(Kind.wireguard, "PrivateKey = x\n", 1, 1, "setting before any section", id="wg-no-section"),
    pytest.param(Kind.wireguard, "[Interface]\nAddress 10.0.0.1/24\n", 2, 1, "expected Key = Value",
                 id="wg-no-equals"),
    pytest.param(Kind.wireguard, "[Interface]\nAddress = 10.0.0.1/24, 300.1.1.1\n", 2, 24, "not an IP address",
                 id="wg-bad-address"),
    pytest.param(Kind.wireguard, "[Interface]\n[Interface]\n", 2, 1, "a second [Interface]", id="wg-two-interfaces"),
    pytest.param(Kind.wireguard, "[Interface]\n[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n"
                 "Endpoint = example.com\n", 4, 12, "Endpoint is not host:port", id="wg-endpoint-no-port"),
    pytest.param(Kind.wireguard, "[Interface]\nListenPort = 70000\n", 2, 14, "not a valid number",
                 id="wg-port-range"),
]


@pytest.mark.parametrize("kind,text,line,column,words", CASES)
def test_malformed_input_points_at_the_spot(kind, text, line, column, words):
    with pytest.raises(InputError) as exc:
        parse_text(text, kind, "cfg")
    loc = exc.value.location
    assert (loc.file, loc.line, loc.column) == ("cfg", line, column), exc.value.render()
    assert words in exc.value.message


def test_non_utf8_bytes_point_at_the_byte(tmp_path):
    path = tmp_path / "client.ovpn"
    path.write_bytes(b"client\nremote caf\xe9.example\n")
    with pytest.raises(InputError) as exc:
        parse_config(path)
    assert (exc.value.location.line, exc.value.location.column) == (2, 11)


def test_nul_byte_is_refused(tmp_path):
    path = tmp_path / "wg0.conf"
    path.write_bytes(b"[Interface]\n\x00\n")
    with pytest.raises(InputError) as exc:
        parse_config(path)
    assert (exc.value.location.line, exc.value.location.column) == (2, 1)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        parse_config(tmp_path / "nope.conf")
    with pytest.raises(InputError, match="is a directory"):
        parse_config(tmp_path)


def test_unknown_format_asks_for_kind(tmp_path):
    path = tmp_path / "notes.conf"
    path.write_text("hello world\n")
    with pytest.raises(InputError) as exc:
        parse_config(path)
    assert "--kind" in exc.value.hint


def test_include_loop_is_an_error(tmp_path):
    (tmp_path / "swanctl.conf").write_text("include other.conf\n")
    (tmp_path / "other.conf").write_text("include swanctl.conf\n")
    with pytest.raises(InputError, match="include loop"):
        parse_config(tmp_path / "swanctl.conf")


def test_missing_include_is_a_note_not_an_error(tmp_path):
    (tmp_path / "swanctl.conf").write_text("connections {\n  include absent.conf\n}\n")
    facts = parse_config(tmp_path / "swanctl.conf")
    assert facts.notes and "matched no file" in facts.notes[0][0]
    assert (facts.notes[0][1].line, facts.notes[0][1].column) == (2, 3)


def test_deep_nesting_is_an_error_not_a_recursion_crash():
    with pytest.raises(InputError, match="nested too deeply"):
        parse_text("a {\n" * 500, Kind.swanctl, "cfg")
