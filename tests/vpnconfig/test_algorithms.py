"""Table tests of algorithm normalisation: keyword as written → canonical record.

Rows are grouped by reason and each has an id. The keywords are those of strongSwan's proposal
table, its SM fork (leonardodalinky/strongswan-sm), OpenSSL/OpenVPN names and TLS suite names.
"""

from __future__ import annotations

import pytest

from kuajing.evidence.vpnconfig.algorithms import (
    Role, UnknownKeyword, openssl_cipher, openssl_digest, strongswan_proposal, strongswan_token,
    tls_group, tls_suite,
)

# (keyword, canonical name, role, key bits, sm, weak?)
STRONGSWAN = [
    # modern suites
    pytest.param("aes256gcm16", "AES-256-GCM", Role.cipher, 256, False, False, id="aes256gcm16"),
    pytest.param("aes128gcm8", "AES-128-GCM64", Role.cipher, 128, False, False, id="aes128gcm8-short-icv"),
    pytest.param("aes256", "AES-256-CBC", Role.cipher, 256, False, False, id="aes256-cbc"),
    pytest.param("aes", "AES-128-CBC", Role.cipher, 128, False, False, id="aes-default-128"),
    pytest.param("aes192ctr", "AES-192-CTR", Role.cipher, 192, False, False, id="aes192ctr"),
    pytest.param("chacha20poly1305", "CHACHA20-POLY1305", Role.cipher, 256, False, False, id="chacha"),
    pytest.param("camellia256ccm12", "CAMELLIA-256-CCM96", Role.cipher, 256, False, False, id="camellia-ccm"),
    pytest.param("sha256", "HMAC-SHA256-128", Role.integrity, None, False, False, id="sha256"),
    pytest.param("prfsha384", "PRF-HMAC-SHA384", Role.prf, None, False, False, id="prfsha384"),
    pytest.param("ecp384", "ECP-384", Role.key_exchange, 384, False, False, id="ecp384"),
    pytest.param("x25519", "X25519", Role.key_exchange, 256, False, False, id="x25519"),
    pytest.param("curve25519", "X25519", Role.key_exchange, 256, False, False, id="curve25519-alias"),
    pytest.param("modp2048", "MODP-2048", Role.key_exchange, 2048, False, False, id="modp2048-ok"),
    pytest.param("ke1_mlkem768", "ML-KEM-768", Role.key_exchange, 768, False, False, id="additional-ke"),
    # obsolete or weak
    pytest.param("3des", "3DES-CBC", Role.cipher, 168, False, True, id="3des"),
    pytest.param("des", "DES-CBC", Role.cipher, 56, False, True, id="des"),
    pytest.param("blowfish256", "BLOWFISH-256-CBC", Role.cipher, 256, False, True, id="blowfish"),
    pytest.param("cast128", "CAST5-CBC", Role.cipher, 128, False, True, id="cast128"),
    pytest.param("null", "NULL", Role.cipher, 0, False, True, id="null-cipher"),
    pytest.param("aes128gmac", "AES-128-GMAC", Role.cipher, 128, False, True, id="gmac-no-encryption"),
    pytest.param("md5", "HMAC-MD5-96", Role.integrity, None, False, True, id="md5"),
    pytest.param("sha1", "HMAC-SHA1-96", Role.integrity, None, False, True, id="sha1"),
    pytest.param("prfmd5", "PRF-HMAC-MD5", Role.prf, None, False, True, id="prfmd5"),
    pytest.param("modp1024", "MODP-1024", Role.key_exchange, 1024, False, True, id="modp1024"),
    pytest.param("modp1536", "MODP-1536", Role.key_exchange, 1536, False, True, id="modp1536"),
    pytest.param("modp768", "MODP-768", Role.key_exchange, 768, False, True, id="modp768"),
    pytest.param("ecp192", "ECP-192", Role.key_exchange, 192, False, True, id="ecp192"),
    # SM series, as the SM fork spells them, and variants
    pytest.param("sm4", "SM4-CBC", Role.cipher, 128, True, False, id="sm4"),
    pytest.param("sm4cbc", "SM4-CBC", Role.cipher, 128, True, False, id="sm4cbc"),
    pytest.param("sm4gcm16", "SM4-GCM", Role.cipher, 128, True, False, id="sm4gcm16"),
    pytest.param("SM4", "SM4-CBC", Role.cipher, 128, True, False, id="sm4-upper"),
    pytest.param("sm3", "HMAC-SM3", Role.integrity, None, True, False, id="sm3"),
    pytest.param("prfsm3", "PRF-HMAC-SM3", Role.prf, None, True, False, id="prfsm3"),
    pytest.param("sm2_256", "SM2", Role.key_exchange, 256, True, False, id="sm2_256"),
    pytest.param("sm2", "SM2", Role.key_exchange, 256, True, False, id="sm2"),
    pytest.param("sm1", "SM1-CBC", Role.cipher, 128, True, False, id="sm1"),
]


@pytest.mark.parametrize("token,name,role,bits,sm,weak", STRONGSWAN)
def test_strongswan_keyword(token, name, role, bits, sm, weak):
    alg = strongswan_token(token)
    assert (alg.name, alg.role, alg.key_bits, alg.sm, bool(alg.weak)) == (name, role, bits, sm, weak)


@pytest.mark.parametrize("token", ["esn", "noesn", "none", "modpnone", "default"])
def test_strongswan_keywords_without_an_algorithm(token):
    assert strongswan_token(token) is None


@pytest.mark.parametrize("token", ["aes512", "sm4256", "aes256cbc16", "rot13", "sha3"])
def test_strongswan_unknown_keyword_is_refused(token):
    with pytest.raises(UnknownKeyword):
        strongswan_token(token)


def test_proposal_lists_keep_offsets():
    got = [(off, tok, alg.name if alg else None)
           for off, tok, alg in strongswan_proposal("aes256gcm16-prfsha384-ecp384,3des-md5-modp1024!")]
    assert got == [(0, "aes256gcm16", "AES-256-GCM"), (12, "prfsha384", "PRF-HMAC-SHA384"),
                   (22, "ecp384", "ECP-384"), (29, "3des", "3DES-CBC"), (34, "md5", "HMAC-MD5-96"),
                   (38, "modp1024", "MODP-1024")]


OPENSSL = [
    pytest.param("AES-256-GCM", "AES-256-GCM", 256, False, False, id="aes-256-gcm"),
    pytest.param("aes-128-cbc", "AES-128-CBC", 128, False, False, id="lower-case"),
    pytest.param("CHACHA20-POLY1305", "CHACHA20-POLY1305", 256, False, False, id="chacha"),
    pytest.param("?CHACHA20-POLY1305", "CHACHA20-POLY1305", 256, False, False, id="optional-marker"),
    pytest.param("BF-CBC", "BLOWFISH-CBC-128", 128, False, True, id="bf-cbc"),
    pytest.param("DES-EDE3-CBC", "3DES-CBC", 168, False, True, id="3des"),
    pytest.param("DES-CBC", "DES-CBC", 56, False, True, id="des"),
    pytest.param("none", "NULL", 0, False, True, id="none"),
    pytest.param("SM4-GCM", "SM4-GCM", 128, True, False, id="sm4-gcm"),
    pytest.param("SM4-CBC", "SM4-CBC", 128, True, False, id="sm4-cbc"),
    pytest.param("sm4-ctr", "SM4-CTR", 128, True, False, id="sm4-ctr-lower"),
    pytest.param("SM4", "SM4-CBC", 128, True, False, id="sm4-bare-is-cbc-as-in-openssl"),
    pytest.param("SMS4-CBC", "SM4-CBC", 128, True, False, id="gmssl2-sms4-cbc"),
    pytest.param("sms4", "SM4-CBC", 128, True, False, id="gmssl2-sms4-bare"),
    pytest.param("SMS4-GCM", "SM4-GCM", 128, True, False, id="gmssl2-sms4-gcm"),
]


@pytest.mark.parametrize("name,canon,bits,sm,weak", OPENSSL)
def test_openssl_cipher(name, canon, bits, sm, weak):
    alg = openssl_cipher(name)
    assert (alg.name, alg.key_bits, alg.sm, bool(alg.weak), alg.known) == (canon, bits, sm, weak, True)


def test_openssl_unknown_cipher_is_kept_but_not_judged():
    alg = openssl_cipher("GOST89")
    assert not alg.known and alg.weak is None


@pytest.mark.parametrize("name,canon,sm,weak", [
    pytest.param("SHA256", "HMAC-SHA256", False, False, id="sha256"),
    pytest.param("SHA1", "HMAC-SHA1", False, True, id="sha1"),
    pytest.param("MD5", "HMAC-MD5", False, True, id="md5"),
    pytest.param("SM3", "HMAC-SM3", True, False, id="sm3"),
    pytest.param("none", "NO-HMAC", False, True, id="none"),
])
def test_openssl_digest(name, canon, sm, weak):
    alg = openssl_digest(name)
    assert (alg.name, alg.sm, bool(alg.weak)) == (canon, sm, weak)


@pytest.mark.parametrize("suite,sm,weak", [
    pytest.param("TLS-DHE-RSA-WITH-AES-256-GCM-SHA384", False, False, id="openvpn-style-gcm"),
    pytest.param("TLS-DHE-RSA-WITH-AES-256-CBC-SHA", False, True, id="sha1-mac"),
    pytest.param("ECDHE-RSA-AES256-GCM-SHA384", False, False, id="openssl-style"),
    pytest.param("DES-CBC3-SHA", False, True, id="3des-suite"),
    pytest.param("RC4-MD5", False, True, id="rc4"),
    pytest.param("ECC-SM2-SM4-CBC-SM3", True, False, id="tlcp-ecc"),
    pytest.param("ECDHE-SM2-WITH-SM4-SM3", True, False, id="gmssl-ecdhe"),
    pytest.param("TLS_SM4_GCM_SM3", True, False, id="rfc8998"),
    pytest.param("TLS_SM4_CCM_SM3", True, False, id="rfc8998-ccm"),
    pytest.param("ECC-SM2-WITH-SM4-SM3", True, False, id="tongsuo-ecc-with"),
    pytest.param("ECDHE-SM2-WITH-SMS4-SM3", True, False, id="gmssl2-sms4-suite"),
    pytest.param("SM2-WITH-SMS4-SM3", True, False, id="gmssl2-sm2-sms4"),
])
def test_tls_suite(suite, sm, weak):
    alg = tls_suite(suite)
    assert (alg.sm, bool(alg.weak)) == (sm, weak)
    if sm:
        assert alg.key_bits == 128 and alg.family == "SM"


@pytest.mark.parametrize("group,canon,sm,weak", [
    pytest.param("X25519", "X25519", False, False, id="x25519"),
    pytest.param("secp384r1", "ECP-384", False, False, id="secp384r1"),
    pytest.param("prime256v1", "ECP-256", False, False, id="prime256v1"),
    pytest.param("SM2", "SM2", True, False, id="sm2"),
    pytest.param("curveSM2", "SM2", True, False, id="curvesm2"),
    pytest.param("secp160r1", "ECP-160", False, True, id="short-curve"),
])
def test_tls_group(group, canon, sm, weak):
    alg = tls_group(group)
    assert (alg.name, alg.sm, bool(alg.weak)) == (canon, sm, weak)
