"""Mutation fuzzing: valid configurations, damaged a little, must give facts or an InputError.

``test_fuzz.py`` feeds arbitrary text and token soup; almost all of it is refused at the first
line, so it tests the error paths. Here every example starts from a valid file (our fixtures, and
the real configurations of ../shared/realdata) and is changed by a few edits: a line deleted,
duplicated or moved, a word replaced by another of the format, characters inserted or removed, the
file cut short. Many examples stay valid and travel through fact extraction, the PSK resolution,
the channel facts and the checks; the rest must be refused with a location.
``test_mutations_reach_the_fact_extraction`` measures that both happen, so the fuzzer cannot
silently degrade into an error-path test. ``KJ_FUZZ=3000`` raises the number of examples.
"""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuajing.errors import InputError
from kuajing.evidence.vpnconfig.channel import channel_summary
from kuajing.evidence.vpnconfig.checks import build_findings, run_checks
from kuajing.evidence.vpnconfig.facts import ConfigFacts
from kuajing.evidence.vpnconfig.psk import resolve_psk
from kuajing.law.corpus import load_law

from .paths import FIXTURES, realdata
from .test_fuzz import PARSERS, TOKENS

FUZZ = settings(max_examples=int(os.environ.get("KJ_FUZZ", 300)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
AS_OF = dt.date(2026, 3, 1)

#: Valid seeds per format: our fixtures, plus small documents for shapes the fixtures lack.
SEED_FILES = {
    "swanctl": ["sm-gateway/swanctl.conf", "sm-gateway/conf.d/branch.conf"],
    "strongswan.conf": ["sm-gateway/strongswan.conf", "logging-off/strongswan.conf"],
    "ipsec.conf": ["weak-psk/ipsec.conf"],
    "ipsec.secrets": ["weak-psk/ipsec.secrets"],
    "openvpn": ["openvpn/sm-client.ovpn", "openvpn/static-key.conf", "openvpn/duplicate-cn-server.conf",
                "openvpn/legacy-dh-server.conf", "openvpn/inline-dh-server.ovpn"],
    "wireguard": ["wireguard/wg0.conf"],
}
SEED_TEXTS = {
    "swanctl": ["connections {\n rw {\n  local_addrs = 192.0.2.1\n  proposals = aes256-sha256-modp3072\n"
                "  local {\n   auth = psk\n   id = gw.example.cn\n  }\n  remote {\n   auth = psk\n  }\n"
                "  children {\n   net {\n    esp_proposals = aes128gcm16,3des-md5\n   }\n  }\n }\n}\n"
                "secrets {\n ike-carol {\n  id = carol@example.org\n  secret = a1\n }\n"
                " ike-dave {\n  id = dave@example.org\n  secret = b2\n }\n}\n"],
    "ipsec.secrets": ['@gw carol@example.org : PSK "x1"\n@gw dave@example.org : PSK "y2"\n'
                      'carol : EAP "p"\n: RSA gw.key\n'],
    "ipsec.conf": ["config setup\n  charondebug=\"ike 2\"\nconn %default\n  ike=aes256-sha256-modp2048!\n"
                   "conn rw\n  left=192.0.2.1\n  leftid=@gw\n  right=%any\n  rightauth=eap-mschapv2\n"
                   "  esp=aes128gcm16\n  auto=add\n"],
}
#: Which real configurations seed the real-data mutations (a spread of each format).
REAL_SEEDS = {
    "swanctl": ["tests/ikev2/rw-psk-ppk/hosts/moon/etc/swanctl/swanctl.conf",
                "tests/ikev2/net2net-dscp/hosts/moon/etc/swanctl/swanctl.conf",
                "tests/ikev1-algs/alg-blowfish/hosts/moon/etc/swanctl/swanctl.conf",
                "tests/ikev1/xauth-id-psk-config/hosts/moon/etc/swanctl/swanctl.conf"],
    "strongswan.conf": ["defaults/strongswan.conf.testing",
                        "tests/ikev2/rw-cert/hosts/moon/etc/strongswan.conf"],
    "ipsec.conf": ["tests/ikev2-stroke/rw-eap-mschapv2-id-rsa/hosts/moon/etc/ipsec.conf",
                   "tests/ikev1-stroke/net2net-psk/hosts/moon/etc/ipsec.conf"],
    "ipsec.secrets": ["tests/ikev2-stroke/rw-eap-ttls-only/hosts/moon/etc/ipsec.secrets",
                      "tests/ikev1-stroke/net2net-psk/hosts/moon/etc/ipsec.secrets"],
    "openvpn": ["openvpn-upstream/sample/sample-config-files/server.conf",
                "openvpn-upstream/sample/sample-config-files/loopback-server",
                "providers-haugene/openvpn/fastestvpn/Hong.Kong-TCP.ovpn",
                "providers-haugene/openvpn/cryptostorm/cstorm_linux-southkorea_tcp.ovpn"],
    "wireguard": ["WireGuard-wireguard-tools/man-examples/wg.8.config-format-example.conf",
                  "WireGuard-wireguard-android/tunnel/src/test/resources/working.conf"],
}
_FOLDER = {"swanctl": "strongswan", "strongswan.conf": "strongswan", "ipsec.conf": "strongswan",
           "ipsec.secrets": "strongswan", "openvpn": "openvpn", "wireguard": "wireguard"}

_law = None


def _seeds(kind: str) -> list[str]:
    return [(FIXTURES / rel).read_text(encoding="utf-8") for rel in SEED_FILES[kind]] + SEED_TEXTS.get(kind, [])


def _real_seed(kind: str, index: int) -> str:
    names = REAL_SEEDS[kind]
    return (realdata(_FOLDER[kind]) / names[index % len(names)]).read_text(encoding="utf-8")


# -- the mutator: a pure function of the seed and a list of edit operations -------------------------

def mutate(text: str, ops: list[tuple], tokens: list[str]) -> str:
    """Apply edits: ("del", i), ("dup", i), ("swap", i, j), ("word", i, t), ("ins", i, s),
    ("cut", i); indexes are taken modulo the current size, so any list of ops applies."""
    lines = text.split("\n")
    for op in ops:
        if not lines:
            lines = [""]
        n = len(lines)
        kind = op[0]
        if kind == "del":
            del lines[op[1] % n]
        elif kind == "dup":
            i = op[1] % n
            lines.insert(i, lines[i])
        elif kind == "swap":
            i, j = op[1] % n, op[2] % n
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "word":
            i = op[1] % n
            words = lines[i].split(" ")
            words[op[2] % len(words)] = tokens[op[2] % len(tokens)]
            lines[i] = " ".join(words)
        elif kind == "ins":
            i = op[1] % n
            at = op[1] % (len(lines[i]) + 1)
            lines[i] = lines[i][:at] + op[2] + lines[i][at:]
        elif kind == "cut":
            joined = "\n".join(lines)
            lines = joined[:op[1] % (len(joined) + 1)].split("\n")
    return "\n".join(lines)


_index = st.integers(0, 10_000)
_op = st.one_of(
    st.tuples(st.just("del"), _index), st.tuples(st.just("dup"), _index),
    st.tuples(st.just("swap"), _index, _index), st.tuples(st.just("word"), _index, _index),
    st.tuples(st.just("ins"), _index, st.text(max_size=6)), st.tuples(st.just("cut"), _index),
)
_ops = st.lists(_op, min_size=1, max_size=4)


def _random_ops(rng: random.Random) -> list[tuple]:
    ops = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["del", "dup", "swap", "word", "ins", "cut"])
        i, j = rng.randrange(10_000), rng.randrange(10_000)
        ops.append((kind, i, j) if kind in ("swap", "word") else
                   (kind, i, rng.choice(["", "{", "}", "=", '"', "#", " x", "\t", ":", "\x00", "é"]))
                   if kind == "ins" else (kind, i))
    return ops


def _run(kind: str, text: str) -> ConfigFacts | None:
    """Parse, then everything downstream of the parser; None when the input was refused."""
    global _law
    try:
        facts = PARSERS[kind](text)
    except InputError as exc:
        assert exc.location is not None and exc.location.line is not None and exc.location.line >= 1
        assert exc.location.column is None or exc.location.column >= 1
        return None
    assert isinstance(facts, ConfigFacts)
    for use in facts.algorithms:
        assert use.pos.line >= 1 and use.pos.column >= 1
    resolve_psk([facts])
    channel_summary([facts])
    if _law is None:
        _law = load_law()
    build_findings(run_checks([facts]), AS_OF, _law)
    return facts


def _has_facts(facts: ConfigFacts | None) -> bool:
    return facts is not None and bool(facts.algorithms or facts.auth or facts.endpoints or facts.logging)


@FUZZ
@given(kind=st.sampled_from(sorted(PARSERS)), seed=_index, ops=_ops)
def test_mutated_fixtures(kind, seed, ops):
    seeds = _seeds(kind)
    _run(kind, mutate(seeds[seed % len(seeds)], ops, TOKENS[kind]))


@pytest.mark.realdata
@FUZZ
@given(kind=st.sampled_from(sorted(PARSERS)), seed=_index, ops=_ops)
def test_mutated_real_configurations(kind, seed, ops):
    _run(kind, mutate(_real_seed(kind, seed), ops, TOKENS[kind]))


@pytest.mark.parametrize("kind", sorted(PARSERS))
def test_mutations_reach_the_fact_extraction(kind):
    """Of 200 seeded mutations, at least a tenth must still yield facts and some must be refused:
    the fuzzer exercises both the extraction and the error paths of every parser."""
    rng = random.Random(f"kuajing-{kind}")
    seeds = _seeds(kind)
    outcomes = [_run(kind, mutate(rng.choice(seeds), _random_ops(rng), TOKENS[kind])) for _ in range(200)]
    with_facts = sum(_has_facts(f) for f in outcomes)
    refused = sum(f is None for f in outcomes)
    assert with_facts >= 20, f"{kind}: only {with_facts}/200 mutations reached fact extraction"
    assert refused >= 5, f"{kind}: only {refused}/200 mutations were refused"


def test_the_mutator_applies_each_edit():
    text = "a b\nc d\ne f"
    assert mutate(text, [("del", 1)], ["x"]) == "a b\ne f"
    assert mutate(text, [("dup", 0)], ["x"]) == "a b\na b\nc d\ne f"
    assert mutate(text, [("swap", 0, 2)], ["x"]) == "e f\nc d\na b"
    assert mutate(text, [("word", 1, 1)], ["x", "y"]) == "a b\nc y\ne f"
    assert mutate(text, [("ins", 0, "!")], ["x"]) == "!a b\nc d\ne f"
    assert mutate(text, [("cut", 5)], ["x"]) == "a b\nc"
