"""A declarative table of cryptographic algorithms, and the normalisers that map keywords onto it.

Every implementation spells algorithms its own way: strongSwan proposal keywords
(``aes256gcm16-prfsha384-ecp384``, ``3des-md5-modp1024``, the SM fork's ``sm4``, ``sm3``,
``prfsm3``, ``sm2_256``), OpenSSL/OpenVPN names (``AES-256-GCM``, ``BF-CBC``, ``SM4-GCM``,
``SHA256``; GmSSL 2.x's ``SMS4-CBC``) and TLS suite names (``TLS-DHE-RSA-WITH-AES-256-GCM-SHA384``,
``ECC-SM2-SM4-CBC-SM3``, ``ECDHE-SM2-WITH-SMS4-SM3``, ``TLS_SM4_GCM_SM3``). They all become ``Algorithm`` records: a canonical name, a role, a family,
the key (or group) size in bits, whether it is an SM-series (national commercial) algorithm, and
a weakness verdict with its reason.

The weakness verdicts are good practice, not law. Their sources are named in ``WEAK_SOURCES``:
RFC 8247 (IKEv2 algorithm requirements), RFC 8221 (ESP/AH algorithm requirements), NIST SP
800-131A Rev. 2 (transitions) and the Sweet32 attack on 64-bit block ciphers (CVE-2016-2183).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "Role", "Algorithm", "WEAK_SOURCES", "UnknownKeyword",
    "strongswan_token", "strongswan_proposal", "openssl_cipher", "openssl_digest",
    "tls_suite", "tls_group", "wireguard_suite", "weak_reason_for_dh_bits",
]

#: Where the weakness verdicts come from (named recommendations, not law).
WEAK_SOURCES = (
    "RFC 8247 (IKEv2 algorithm requirements, 2017); RFC 8221 (ESP and AH algorithm requirements, "
    "2017); NIST SP 800-131A Rev. 2 (2019); Sweet32, CVE-2016-2183 (64-bit block ciphers); "
    "RFC 8996 (TLS 1.0 and 1.1 deprecated)"
)

MIN_DH_BITS = 2048  # finite-field groups below this are weak (RFC 8247: groups 1, 2, 5)
MIN_EC_BITS = 224   # curves below this give under 112-bit security (NIST SP 800-131A Rev. 2)


class Role(str, Enum):
    cipher = "cipher"            # encryption of traffic (ESP, IKE, OpenVPN data channel)
    integrity = "integrity"      # MAC / HMAC
    prf = "prf"                  # IKE pseudo-random function
    key_exchange = "key_exchange"
    tls_suite = "tls_suite"      # a TLS cipher suite (OpenVPN control channel)
    protocol = "protocol"        # a protocol version (TLS minimum)
    hash = "hash"


@dataclass(frozen=True)
class Algorithm:
    """One algorithm as configured; ``key_bits`` is the symmetric key size for ciphers and the
    group size for key exchange."""

    name: str
    role: Role
    family: str
    key_bits: int | None = None
    sm: bool = False
    weak: str | None = None
    known: bool = True


class UnknownKeyword(ValueError):
    """A keyword the table does not know (the caller turns it into an InputError or a note)."""


# -- weakness reasons --------------------------------------------------------------------------

_NO_ENC = "no encryption (NULL cipher)"
_DES = "DES: 56-bit key, broken by exhaustive search (RFC 8221: MUST NOT)"
_3DES = "3DES: 64-bit block, Sweet32 (CVE-2016-2183); NIST SP 800-131A Rev. 2 disallows it for encryption after 2023"
_BLOCK64 = "{}: 64-bit block cipher, Sweet32 (CVE-2016-2183)"
_MD5 = "MD5: collisions are practical; RFC 8247 and RFC 8221: MUST NOT"
_SHA1 = "SHA-1: collisions are practical (SHAttered, 2017); RFC 8247/8221 downgrade HMAC-SHA1 and NIST deprecates SHA-1"
_GMAC = "AES-GMAC: integrity only, the traffic is not encrypted"


def weak_reason_for_dh_bits(kind: str, bits: int) -> str | None:
    if kind == "MODP" and bits < MIN_DH_BITS:
        return f"Diffie-Hellman group of {bits} bits, below {MIN_DH_BITS} (RFC 8247: MUST NOT / SHOULD NOT)"
    if kind == "ECP" and bits < MIN_EC_BITS:
        return f"elliptic curve of {bits} bits, under 112-bit security (NIST SP 800-131A Rev. 2)"
    return None


# -- strongSwan proposal keywords --------------------------------------------------------------

_ICV = {"8": 8, "64": 8, "12": 12, "96": 12, "16": 16, "128": 16, "": 16}
_CIPHER_RX = re.compile(
    r"^(?P<fam>aes|camellia|serpent|twofish|blowfish|sm4|sm1)(?P<bits>128|192|256)?"
    r"(?P<mode>cbc|ctr|ccm|gcm|gmac)?(?P<icv>8|12|16|64|96|128)?$"
)
_FAMILY_NAME = {"aes": "AES", "camellia": "CAMELLIA", "serpent": "SERPENT", "twofish": "TWOFISH",
                "blowfish": "BLOWFISH", "sm4": "SM4", "sm1": "SM1"}

_INTEGRITY = {
    "sha": ("HMAC-SHA1-96", "SHA1", _SHA1), "sha1": ("HMAC-SHA1-96", "SHA1", _SHA1),
    "sha1_160": ("HMAC-SHA1-160", "SHA1", _SHA1),
    "sha256": ("HMAC-SHA256-128", "SHA2", None), "sha2_256": ("HMAC-SHA256-128", "SHA2", None),
    "sha256_96": ("HMAC-SHA256-96", "SHA2", None), "sha2_256_96": ("HMAC-SHA256-96", "SHA2", None),
    "sha384": ("HMAC-SHA384-192", "SHA2", None), "sha2_384": ("HMAC-SHA384-192", "SHA2", None),
    "sha512": ("HMAC-SHA512-256", "SHA2", None), "sha2_512": ("HMAC-SHA512-256", "SHA2", None),
    "md5": ("HMAC-MD5-96", "MD5", _MD5), "md5_128": ("HMAC-MD5-128", "MD5", _MD5),
    "aesxcbc": ("AES-XCBC-96", "AES", None), "aescmac": ("AES-CMAC-96", "AES", None),
    "camelliaxcbc": ("CAMELLIA-XCBC-96", "CAMELLIA", None),
    "sm3": ("HMAC-SM3", "SM3", None), "hmacsm3": ("HMAC-SM3", "SM3", None),
}
_PRF = {
    "prfsha1": ("PRF-HMAC-SHA1", "SHA1", _SHA1), "prfsha256": ("PRF-HMAC-SHA256", "SHA2", None),
    "prfsha384": ("PRF-HMAC-SHA384", "SHA2", None), "prfsha512": ("PRF-HMAC-SHA512", "SHA2", None),
    "prfmd5": ("PRF-HMAC-MD5", "MD5", _MD5), "prfaesxcbc": ("PRF-AES128-XCBC", "AES", None),
    "prfaescmac": ("PRF-AES128-CMAC", "AES", None),
    "prfcamelliaxcbc": ("PRF-CAMELLIA128-XCBC", "CAMELLIA", None),
    "prfsm3": ("PRF-HMAC-SM3", "SM3", None),
}
# key exchange: keyword -> (canonical, family, bits, sm)
_KE: dict[str, tuple[str, str, int, bool]] = {
    **{f"modp{b}": (f"MODP-{b}", "MODP", b, False) for b in (768, 1024, 1536, 2048, 3072, 4096, 6144, 8192)},
    "modp1024s160": ("MODP-1024S160", "MODP", 1024, False),
    "modp2048s224": ("MODP-2048S224", "MODP", 2048, False),
    "modp2048s256": ("MODP-2048S256", "MODP", 2048, False),
    **{f"ecp{b}": (f"ECP-{b}", "ECP", b, False) for b in (192, 224, 256, 384, 521)},
    **{f"ecp{b}bp": (f"ECP-{b}BP", "ECP", b, False) for b in (224, 256, 384, 512)},
    "curve25519": ("X25519", "CURVE25519", 256, False), "x25519": ("X25519", "CURVE25519", 256, False),
    "curve448": ("X448", "CURVE448", 448, False), "x448": ("X448", "CURVE448", 448, False),
    "sm2": ("SM2", "SM2", 256, True), "sm2_256": ("SM2", "SM2", 256, True),
    "curvesm2": ("SM2", "SM2", 256, True),
    **{f"mlkem{b}": (f"ML-KEM-{b}", "ML-KEM", b, False) for b in (512, 768, 1024)},
    **{f"ntru{b}": (f"NTRU-{b}", "NTRU", b, False) for b in (112, 128, 192, 256)},
    "newhope128": ("NEWHOPE-128", "NEWHOPE", 128, False),
}
_IGNORED = {"esn", "noesn", "none", "modpnone", "default"}


def _cipher(fam: str, bits: int, mode: str, icv: int | None = None) -> Algorithm:
    family = _FAMILY_NAME.get(fam, fam.upper())
    name = f"{family}-{bits}-{mode.upper()}" if family not in ("SM4", "SM1") else f"{family}-{mode.upper()}"
    if icv and icv != 16:
        name += str(icv * 8)
    weak = None
    if family == "BLOWFISH":
        weak = _BLOCK64.format("Blowfish")
    elif mode == "gmac":
        weak = _GMAC
    return Algorithm(name, Role.cipher, family, bits, sm=family in ("SM4", "SM1"), weak=weak)


def strongswan_token(token: str) -> Algorithm | None:
    """One strongSwan proposal keyword → Algorithm; None for keywords without an algorithm
    (``esn``, ``none``, ``default``); raises UnknownKeyword otherwise."""
    t = token.strip().lower()
    t = re.sub(r"^ke[1-7]_", "", t)  # additional key exchanges (strongSwan 6)
    if t in _IGNORED:
        return None
    if t == "null":
        return Algorithm("NULL", Role.cipher, "NULL", 0, weak=_NO_ENC)
    if t == "des":
        return Algorithm("DES-CBC", Role.cipher, "DES", 56, weak=_DES)
    if t == "3des":
        return Algorithm("3DES-CBC", Role.cipher, "3DES", 168, weak=_3DES)
    if t == "cast128":
        return Algorithm("CAST5-CBC", Role.cipher, "CAST5", 128, weak=_BLOCK64.format("CAST-128"))
    if t in ("chacha20poly1305", "chacha20poly1305compat"):
        return Algorithm("CHACHA20-POLY1305", Role.cipher, "CHACHA20", 256)
    if t in _INTEGRITY:
        name, family, weak = _INTEGRITY[t]
        return Algorithm(name, Role.integrity, family, sm=family == "SM3", weak=weak)
    if t in _PRF:
        name, family, weak = _PRF[t]
        return Algorithm(name, Role.prf, family, sm=family == "SM3", weak=weak)
    if t in _KE:
        name, family, bits, sm = _KE[t]
        kind = "MODP" if family == "MODP" else "ECP" if family == "ECP" else family
        weak = weak_reason_for_dh_bits(kind, bits)
        if family in ("NTRU", "NEWHOPE"):
            weak = f"{family}: experimental post-quantum method, withdrawn from strongSwan 6"
        return Algorithm(name, Role.key_exchange, family, bits, sm=sm, weak=weak)
    if t == "modpnull":
        return Algorithm("MODP-NULL", Role.key_exchange, "MODP", 0, weak="test-only null key exchange")
    m = _CIPHER_RX.match(t)
    if m:
        fam = m["fam"]
        if fam in ("sm4", "sm1"):
            bits = 128
            if m["bits"] and m["bits"] != "128":
                raise UnknownKeyword(token)
        else:
            bits = int(m["bits"] or 128)
        mode = m["mode"] or "cbc"
        icv = m["icv"]
        if icv is not None and mode not in ("ccm", "gcm"):
            raise UnknownKeyword(token)
        if mode in ("ccm", "gcm"):
            return _cipher(fam, bits, mode, _ICV[icv or ""])
        return _cipher(fam, bits, mode)
    raise UnknownKeyword(token)


def strongswan_proposal(text: str) -> list[tuple[int, str, Algorithm | None]]:
    """A strongSwan proposal list (``aes256-sha256-modp2048,3des-md5!``) → (offset, token,
    algorithm) for every keyword; raises UnknownKeyword with the offending token."""
    out: list[tuple[int, str, Algorithm | None]] = []
    for m in re.finditer(r"[^,\-\s!]+", text):
        out.append((m.start(), m.group(), strongswan_token(m.group())))
    return out


# -- OpenSSL / OpenVPN names -------------------------------------------------------------------

_OSSL_RX = re.compile(r"^(?P<fam>AES|CAMELLIA|ARIA|SM4|SM1)-?(?P<bits>128|192|256)?-(?P<mode>[A-Z0-9]+)$")
_OSSL_FIXED = {
    "BF-CBC": ("BLOWFISH-CBC-128", "BLOWFISH", 128, _BLOCK64.format("Blowfish")),
    "BF-CFB": ("BLOWFISH-CFB-128", "BLOWFISH", 128, _BLOCK64.format("Blowfish")),
    "BF-OFB": ("BLOWFISH-OFB-128", "BLOWFISH", 128, _BLOCK64.format("Blowfish")),
    "DES-CBC": ("DES-CBC", "DES", 56, _DES), "DES-CFB": ("DES-CFB", "DES", 56, _DES),
    "DES-EDE3-CBC": ("3DES-CBC", "3DES", 168, _3DES), "DES-EDE-CBC": ("2DES-CBC", "3DES", 112, _3DES),
    "DES-EDE3-CFB": ("3DES-CFB", "3DES", 168, _3DES), "DES-EDE3-OFB": ("3DES-OFB", "3DES", 168, _3DES),
    "DESX-CBC": ("DESX-CBC", "DES", 120, _BLOCK64.format("DESX")),
    "CAST5-CBC": ("CAST5-CBC", "CAST5", 128, _BLOCK64.format("CAST5")),
    "IDEA-CBC": ("IDEA-CBC", "IDEA", 128, _BLOCK64.format("IDEA")),
    "RC2-CBC": ("RC2-CBC", "RC2", 128, _BLOCK64.format("RC2")),
    "RC2-40-CBC": ("RC2-40-CBC", "RC2", 40, _BLOCK64.format("RC2")),
    "RC2-64-CBC": ("RC2-64-CBC", "RC2", 64, _BLOCK64.format("RC2")),
    "RC4": ("RC4", "RC4", 128, "RC4: biased keystream, prohibited in TLS (RFC 7465)"),
    "SEED-CBC": ("SEED-CBC", "SEED", 128, None),
    "CHACHA20-POLY1305": ("CHACHA20-POLY1305", "CHACHA20", 256, None),
    "NONE": ("NULL", "NULL", 0, _NO_ENC),
}


def _sm4_spelling(n: str) -> str:
    """GmSSL 2.x spells SM4 ``SMS4`` (``SMS4-CBC``, ``ECDHE-SM2-WITH-SMS4-SM3``); OpenSSL and
    Tongsuo take a bare ``SM4`` as SM4-CBC. Both become the OpenSSL spelling."""
    n = re.sub(r"SMS4", "SM4", n)
    return "SM4-CBC" if n == "SM4" else n


def openssl_cipher(name: str) -> Algorithm:
    """An OpenSSL cipher name as OpenVPN's ``cipher``/``data-ciphers`` take it. Names the table
    does not know come back with ``known=False`` (never an error: OpenSSL has many more)."""
    n = _sm4_spelling(name.strip().upper().lstrip("?"))
    if n in _OSSL_FIXED:
        canon, family, bits, weak = _OSSL_FIXED[n]
        return Algorithm(canon, Role.cipher, family, bits, weak=weak)
    m = _OSSL_RX.match(n)
    if m:
        family = m["fam"]
        sm = family in ("SM4", "SM1")
        bits = 128 if sm else int(m["bits"] or 0) or None
        if bits is None:
            return Algorithm(n, Role.cipher, family, None, sm=sm, known=False)
        mode = m["mode"]
        canon = f"{family}-{mode}" if sm else f"{family}-{bits}-{mode}"
        return Algorithm(canon, Role.cipher, family, bits, sm=sm)
    return Algorithm(n, Role.cipher, "unknown", None, known=False)


_DIGESTS = {
    "MD5": ("HMAC-MD5", "MD5", _MD5), "SHA1": ("HMAC-SHA1", "SHA1", _SHA1),
    "SHA": ("HMAC-SHA1", "SHA1", _SHA1), "RSA-SHA1": ("HMAC-SHA1", "SHA1", _SHA1),
    "SHA224": ("HMAC-SHA224", "SHA2", None), "SHA256": ("HMAC-SHA256", "SHA2", None),
    "SHA384": ("HMAC-SHA384", "SHA2", None), "SHA512": ("HMAC-SHA512", "SHA2", None),
    "SHA2-256": ("HMAC-SHA256", "SHA2", None), "SHA2-384": ("HMAC-SHA384", "SHA2", None),
    "SHA2-512": ("HMAC-SHA512", "SHA2", None), "SHA3-256": ("HMAC-SHA3-256", "SHA3", None),
    "SHA3-512": ("HMAC-SHA3-512", "SHA3", None), "BLAKE2S256": ("HMAC-BLAKE2S", "BLAKE2", None),
    "BLAKE2B512": ("HMAC-BLAKE2B", "BLAKE2", None), "RIPEMD160": ("HMAC-RIPEMD160", "RIPEMD", None),
    "SM3": ("HMAC-SM3", "SM3", None),
    "NONE": ("NO-HMAC", "NULL", "no packet authentication (auth none)"),
}


def openssl_digest(name: str) -> Algorithm:
    """An OpenVPN ``auth`` digest (HMAC of the data and tls-auth packets)."""
    n = name.strip().upper()
    if n in _DIGESTS:
        canon, family, weak = _DIGESTS[n]
        return Algorithm(canon, Role.integrity, family, sm=family == "SM3", weak=weak)
    return Algorithm(n, Role.integrity, "unknown", known=False)


# -- TLS suites and groups ---------------------------------------------------------------------

_SUITE_WEAK = [
    (re.compile(r"(^|[-_])(NULL|ENULL|ANULL)([-_]|$)"), "a NULL (unencrypted or unauthenticated) suite"),
    (re.compile(r"(^|[-_])(EXP|EXPORT\d*)([-_]|$)"), "an export-grade suite"),
    (re.compile(r"(^|[-_])(ADH|AECDH|ANON)([-_]|$)"), "anonymous key exchange (no authentication)"),
    (re.compile(r"RC4"), "RC4 (RFC 7465 prohibits it in TLS)"),
    (re.compile(r"(3DES|DES-CBC3|DES_EDE3|DES-EDE3)"), _3DES),
    (re.compile(r"(^|[-_])DES([-_]CBC)?([-_]|$)"), _DES),
    (re.compile(r"(^|[-_])(IDEA|RC2|SEED)([-_]|$)"), "a legacy 64-bit or obsolete block cipher"),
    (re.compile(r"MD5"), _MD5),
    (re.compile(r"[-_]SHA$"), _SHA1 + " (SHA-1 MAC of a TLS 1.2-or-older suite)"),
]
_SUITE_BITS = re.compile(r"(AES|CAMELLIA|ARIA)[-_]?(128|192|256)")


def tls_suite(name: str) -> Algorithm:
    """A TLS cipher suite (OpenSSL, OpenVPN ``TLS-...`` or IANA ``TLS_...`` spelling)."""
    n = name.strip().upper()
    sm = bool(re.search(r"SMS?[234]", n))
    if "SMS4" in n:  # GmSSL 2.x spelling of SM4
        n = n.replace("SMS4", "SM4")
    weak = next((why for rx, why in _SUITE_WEAK if rx.search(n)), None)
    m = _SUITE_BITS.search(n)
    bits = int(m.group(2)) if m else (128 if "SM4" in n else 256 if "CHACHA20" in n else None)
    family = "SM" if sm else (m.group(1) if m else "CHACHA20" if "CHACHA20" in n else "unknown")
    return Algorithm(n, Role.tls_suite, family, bits, sm=sm, weak=weak)


_GROUPS = {
    "X25519": ("X25519", "CURVE25519", 256, False), "X448": ("X448", "CURVE448", 448, False),
    "SECP256R1": ("ECP-256", "ECP", 256, False), "PRIME256V1": ("ECP-256", "ECP", 256, False),
    "P-256": ("ECP-256", "ECP", 256, False), "SECP384R1": ("ECP-384", "ECP", 384, False),
    "P-384": ("ECP-384", "ECP", 384, False), "SECP521R1": ("ECP-521", "ECP", 521, False),
    "P-521": ("ECP-521", "ECP", 521, False), "SECP224R1": ("ECP-224", "ECP", 224, False),
    "SECP192R1": ("ECP-192", "ECP", 192, False), "PRIME192V1": ("ECP-192", "ECP", 192, False),
    "SECP160R1": ("ECP-160", "ECP", 160, False),
    "BRAINPOOLP256R1": ("ECP-256BP", "ECP", 256, False), "BRAINPOOLP384R1": ("ECP-384BP", "ECP", 384, False),
    "BRAINPOOLP512R1": ("ECP-512BP", "ECP", 512, False),
    "FFDHE2048": ("MODP-2048", "MODP", 2048, False), "FFDHE3072": ("MODP-3072", "MODP", 3072, False),
    "FFDHE4096": ("MODP-4096", "MODP", 4096, False), "FFDHE6144": ("MODP-6144", "MODP", 6144, False),
    "FFDHE8192": ("MODP-8192", "MODP", 8192, False),
    "SM2": ("SM2", "SM2", 256, True), "CURVESM2": ("SM2", "SM2", 256, True),
    "SM2P256V1": ("SM2", "SM2", 256, True),
}


def tls_group(name: str) -> Algorithm:
    """A TLS key-exchange group or ECDH curve (``tls-groups``, ``ecdh-curve``)."""
    n = name.strip().upper()
    if n in _GROUPS:
        canon, family, bits, sm = _GROUPS[n]
        weak = weak_reason_for_dh_bits("MODP" if family == "MODP" else "ECP", bits) \
            if family in ("MODP", "ECP") else None
        return Algorithm(canon, Role.key_exchange, family, bits, sm=sm, weak=weak)
    return Algorithm(n, Role.key_exchange, "unknown", known=False)


def wireguard_suite(preshared: bool) -> list[Algorithm]:
    """WireGuard's fixed suite (Noise_IKpsk2): no negotiation, nothing to configure."""
    algs = [
        Algorithm("X25519", Role.key_exchange, "CURVE25519", 256),
        Algorithm("CHACHA20-POLY1305", Role.cipher, "CHACHA20", 256),
        Algorithm("BLAKE2S", Role.hash, "BLAKE2"),
    ]
    if preshared:
        algs.append(Algorithm("PSK-256", Role.key_exchange, "PSK", 256))
    return algs
