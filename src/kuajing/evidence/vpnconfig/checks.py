"""The config-audit checks: one small function per check beside its metadata record.

Each check reads the parsed facts of the files and returns outcomes per file (subject
``config:<file>``). ``build_findings`` turns them into the one ``Finding`` model, resolving the
cited provisions for the as-of date.

What is law and what is not: logging (CSL Art. 21, Art. 23 from 2026) and real-name attribution
(CSL Art. 24, Art. 26 from 2026) bind network operators and access providers, so those checks are
``conditional``; whether the operator is one is for ``kuajing assess``. Algorithm strength, key
length and SM algorithms are good practice here (``recommended``): commercial cryptography is
mandatory only for critical information infrastructure (Cryptography Law Art. 27, Commercial
Cryptography Regulations Art. 38) and by protection level (Regulations Art. 41), which a
configuration file cannot show. A recommendation is never a violation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ...findings import FactUsed, Finding, Severity, Status, Strength
from .algorithms import WEAK_SOURCES, Role
from .channel import USER_METHODS_EXCLUDED
from .facts import ConfigFacts, Kind, Pos

__all__ = ["CheckMeta", "Outcome", "CHECKS", "run_checks", "build_findings"]


@dataclass(frozen=True)
class CheckMeta:
    """Metadata of one check. ``title`` states the compliant condition."""

    id: str
    title: str
    strength: Strength
    severity: Severity
    provisions: tuple[str, ...]
    remediation: str
    recommendation: str | None = None  # for recommended checks: the good practice it comes from
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    status: Status
    subject: str
    explanation: str
    location: Pos | None = None
    reason: str | None = None
    facts_used: tuple[FactUsed, ...] = ()
    missing: tuple[str, ...] = ()


def _subject(c: ConfigFacts) -> str:
    return f"config:{c.file}"


def _fu(path: str, value, pos: Pos | None) -> FactUsed:
    return FactUsed(path=path, value=value, known=True, source=str(pos) if pos else None)


def _no_algorithms(c: ConfigFacts, fact: str) -> Outcome | None:
    if c.algorithms or not c.defaults_apply:
        return None
    what, pos = c.defaults_apply[0]
    return Outcome(Status.needs_evidence, _subject(c),
                   f"No algorithms are configured ({what} and {len(c.defaults_apply) - 1} more use the "
                   "implementation's defaults, which depend on its version).", pos, missing=(fact,))


# -- checks ------------------------------------------------------------------------------------

WEAK = CheckMeta(
    id="config_no_weak_algorithms",
    title="The configuration offers no obsolete or weak algorithms (DES, 3DES, Blowfish, MD5, SHA-1, "
          "DH below 2048 bits)",
    strength=Strength.recommended, severity=Severity.medium, provisions=("csl:21",),
    recommendation=WEAK_SOURCES + ". CSL Art. 21 (technical security measures) is cited as context; "
                   "it names no algorithm.",
    remediation="Remove the weak proposals or ciphers and re-key; keep AES-GCM, ChaCha20-Poly1305 or SM4, "
                "SHA-2 or SM3, and DH groups of 2048 bits or more, ECP-256+, X25519 or SM2.",
    facts=("cryptography.weak_algorithms",),
)


def check_weak(configs: list[ConfigFacts]) -> list[Outcome]:
    out = []
    for c in configs:
        missing = _no_algorithms(c, "cryptography.algorithms")
        if missing or not c.algorithms:
            out += [missing] if missing else []
            continue
        weak = [u for u in c.algorithms if u.algorithm.weak]
        if not weak:
            out.append(Outcome(Status.compliant, _subject(c),
                               f"None of the {len({u.algorithm.name for u in c.algorithms})} configured "
                               "algorithms is weak.", c.algorithms[0].pos,
                               facts_used=(_fu("cryptography.weak_algorithms", [], c.algorithms[0].pos),)))
            continue
        detail = "; ".join(f"{u.algorithm.name} at {u.pos} ({u.algorithm.weak})" for u in weak[:6])
        out.append(Outcome(Status.at_risk, _subject(c), f"Weak algorithms are offered: {detail}.",
                           weak[0].pos, reason="Recommended good practice, not a specific legal requirement.",
                           facts_used=tuple(_fu("cryptography.weak_algorithms", u.algorithm.name, u.pos)
                                            for u in weak)))
    return out


KEYS = CheckMeta(
    id="config_key_length",
    title="Symmetric encryption keys are at least 256 bits long (SM4's standard 128 bits excepted)",
    strength=Strength.recommended, severity=Severity.low, provisions=("commercial-crypto-regs:41",),
    recommendation="Source article seed 000 recommends keys of 256 bits or more; not a legal requirement. "
                   "SM4 (GB/T 32907) has 128-bit keys by standard and is not counted.",
    remediation="Use AES-256 (or SM4) for traffic encryption and retire 128-bit or shorter ciphers.",
    facts=("cryptography.min_symmetric_key_bits",),
)
MIN_KEY_BITS = 256  # from the source articles (seed 000), a recommendation


def check_keys(configs: list[ConfigFacts]) -> list[Outcome]:
    out = []
    for c in configs:
        missing = _no_algorithms(c, "cryptography.min_symmetric_key_bits")
        if missing:
            out.append(missing)
            continue
        ciphers = [u for u in c.algorithms if u.algorithm.role is Role.cipher and u.algorithm.known
                   and u.algorithm.key_bits is not None and "GMAC" not in u.algorithm.name]
        if not ciphers:
            continue
        counted = [u for u in ciphers if not u.algorithm.sm]
        if not counted:
            out.append(Outcome(Status.compliant, _subject(c), "Only SM-series ciphers are configured (SM4 "
                               "keys are 128 bits by standard).", ciphers[0].pos))
            continue
        short = min(counted, key=lambda u: u.algorithm.key_bits)
        bits = short.algorithm.key_bits
        fu = (_fu("cryptography.min_symmetric_key_bits", bits, short.pos),)
        if bits >= MIN_KEY_BITS:
            out.append(Outcome(Status.compliant, _subject(c), f"The shortest key is {bits} bits "
                               f"({short.algorithm.name}).", short.pos, facts_used=fu))
        else:
            out.append(Outcome(Status.at_risk, _subject(c), f"The shortest key is {bits} bits "
                               f"({short.algorithm.name} at {short.pos}), below the recommended "
                               f"{MIN_KEY_BITS}.", short.pos,
                               reason="Recommended good practice from the source articles, not a legal "
                               "requirement.", facts_used=fu))
    return out


SM = CheckMeta(
    id="config_sm_algorithms",
    title="The configuration offers the national SM-series algorithms (SM2, SM3, SM4)",
    strength=Strength.recommended, severity=Severity.low,
    provisions=("commercial-crypto-regs:41", "crypto-law:27"),
    recommendation="SM2/SM3/SM4 (GB/T 32918, GB/T 32905, GB/T 32907; IPsec VPN per GM/T 0022-2023, SSL VPN "
                   "per GM/T 0024) as the source articles recommend. Commercial cryptography is mandatory "
                   "only for critical information infrastructure (Cryptography Law Art. 27) and by "
                   "protection level (Regulations Art. 41): 'kuajing assess' decides that part.",
    remediation="Where the equipment supports it, offer SM suites (e.g. sm4-sm3-prfsm3-sm2_256 in an "
                "SM-capable strongSwan build, SM4-GCM with SM3 in OpenVPN on an SM-capable OpenSSL).",
    facts=("cryptography.sm_algorithms",),
)


def check_sm(configs: list[ConfigFacts]) -> list[Outcome]:
    out = []
    for c in configs:
        missing = _no_algorithms(c, "cryptography.sm_algorithms")
        if missing or not c.algorithms:
            out += [missing] if missing else []
            continue
        sm = [u for u in c.algorithms if u.algorithm.sm]
        if sm:
            names = ", ".join(sorted({u.algorithm.name for u in sm}))
            out.append(Outcome(Status.compliant, _subject(c), f"SM-series algorithms are offered: {names}.",
                               sm[0].pos, facts_used=(_fu("cryptography.sm_algorithms", True, sm[0].pos),)))
            continue
        extra = " WireGuard's suite is fixed, so SM algorithms cannot be configured." \
            if c.kind is Kind.wireguard else ""
        out.append(Outcome(Status.at_risk, _subject(c), "No SM-series algorithm is offered." + extra,
                           c.algorithms[0].pos,
                           reason="Recommended good practice (SM-series algorithms); mandatory only for "
                           "critical information infrastructure or by protection level, which this file "
                           "cannot show.",
                           facts_used=(_fu("cryptography.sm_algorithms", False, c.algorithms[0].pos),)))
    return out


SHARED = CheckMeta(
    id="config_no_shared_secret",
    title="Users authenticate with personal credentials, not with one secret shared by everyone",
    strength=Strength.conditional, severity=Severity.medium, provisions=("csl:24",),
    remediation="Give every user a personal credential (certificate, EAP or XAuth account, username and "
                "password) tied to a verified identity; drop group pre-shared keys, static keys and "
                "duplicate-cn.",
    facts=("authentication.shared_secret", "authentication.per_user_identity"),
)


def check_shared(configs: list[ConfigFacts]) -> list[Outcome]:
    out = []
    with_conf = any(c.kind is Kind.ipsec_conf for c in configs)
    for c in configs:
        auth = [a for a in c.auth if a.method not in USER_METHODS_EXCLUDED]
        if not auth:
            continue
        shared = [a for a in auth if a.shared]
        personal = [a for a in auth if a.per_user]
        pending = [a for a in auth if a.psk_lookup and not a.shared and not a.per_user]
        if shared:
            a = shared[0]
            out.append(Outcome(Status.at_risk, _subject(c),
                               f"{a.context} at {a.pos} uses one secret for everyone ({a.note}); no session "
                               "can be tied to a registered person.", a.pos,
                               reason="Binding where the channel gives network access to users outside the "
                               "organisation (CSL Art. 24, Art. 26 from 2026-01-01); the file cannot show "
                               "who the users are.",
                               facts_used=(_fu("authentication.shared_secret", True, a.pos),)))
        elif pending:
            a = pending[0]
            out.append(Outcome(Status.needs_evidence, _subject(c),
                               f"{a.context} at {a.pos} accepts a pre-shared key from any peer. strongSwan "
                               "picks the key by the identity the peer claims, so whether everyone shares "
                               "one key or each user has their own is in the secrets (the 'secrets' section "
                               "of swanctl.conf or its includes, or ipsec.secrets), which are not among the "
                               "files given.", a.pos, missing=("authentication.shared_secret",)))
        elif personal:
            a = personal[0]
            methods = ", ".join(sorted({p.method for p in personal}))
            out.append(Outcome(Status.compliant, _subject(c), f"Users authenticate individually ({methods}).",
                               a.pos, facts_used=(_fu("authentication.per_user_identity", True, a.pos),)))
        elif c.kind is Kind.ipsec_secrets or all(a.stored_secret for a in auth):
            if with_conf:
                continue  # ipsec.conf, given too, says which connections use these keys
            out.append(Outcome(Status.needs_evidence, _subject(c),
                               "The file holds pre-shared keys; which connections use them is in ipsec.conf.",
                               auth[0].pos, missing=("authentication.shared_secret",)))
        else:
            out.append(Outcome(Status.not_applicable, _subject(c),
                               "The configured credentials authenticate gateways to each other (such as a "
                               "pre-shared key between two fixed peers), not users.", auth[0].pos))
    return out


LOGGING = CheckMeta(
    id="config_logging_enabled",
    title="The VPN's own logging is switched on",
    strength=Strength.conditional, severity=Severity.medium, provisions=("csl:21",),
    remediation="Switch connection logging on (strongSwan: a filelog/syslog logger with default 1 or more; "
                "OpenVPN: verb 3 with log-append or syslog) and keep the logs at least six months.",
    facts=("logging.enabled",),
)


def check_logging(configs: list[ConfigFacts]) -> list[Outcome]:
    out = []
    for c in configs:
        if c.logging is None:
            continue
        sinks = [s for s in c.logging if s.kind == "log"]
        on = [s for s in sinks if s.enabled]
        if on:
            s = on[0]
            out.append(Outcome(Status.compliant, _subject(c), f"Logging is on: {s.destination} ({s.level})"
                               + (", the implementation default" if s.default else "") + ". Retention is not "
                               "in the configuration; check it with 'kuajing audit logs'.", s.pos,
                               facts_used=(_fu("logging.enabled", True, s.pos),)))
        elif sinks:
            s = sinks[0]
            where = "; ".join(f"{x.destination} ({x.level}) at {x.pos}" for x in sinks[:4])
            out.append(Outcome(Status.at_risk, _subject(c), f"Logging is switched off: {where}.", s.pos,
                               reason="Network operators must record network operation and keep logs at "
                               "least six months (CSL Art. 21, Art. 23 from 2026-01-01); this is a violation "
                               "unless the connections are logged elsewhere (e.g. RADIUS accounting).",
                               facts_used=(_fu("logging.enabled", False, s.pos),)))
    if configs and not any(c.logging is not None for c in configs):
        c = configs[0]
        kinds = ", ".join(sorted({x.kind.value for x in configs}))
        out.append(Outcome(Status.needs_evidence, _subject(c),
                           f"None of the files ({kinds}) says how the VPN logs: give strongswan.conf for "
                           "strongSwan, or prove logging from the logs themselves ('kuajing audit logs'); "
                           "WireGuard has no logging of its own.", Pos(c.file, 1, 1),
                           missing=("logging.enabled",)))
    return out


CHECKS: list[tuple[CheckMeta, Callable[[list[ConfigFacts]], list[Outcome]]]] = [
    (WEAK, check_weak), (KEYS, check_keys), (SM, check_sm), (SHARED, check_shared), (LOGGING, check_logging),
]


def run_checks(configs: list[ConfigFacts]) -> list[tuple[CheckMeta, Outcome]]:
    return [(meta, o) for meta, fn in CHECKS for o in fn(configs)]


def build_findings(results: list[tuple[CheckMeta, Outcome]], as_of: dt.date, law=None) -> list[Finding]:
    """Outcomes → Findings, with the cited provisions resolved for ``as_of``."""
    if law is None:
        from ...law.corpus import load_law

        law = load_law()
    findings = []
    for meta, o in results:
        cites = [c for c in meta.provisions if law.in_force(c, as_of)]
        status, reason = o.status, o.reason
        if not cites and meta.strength is not Strength.recommended:
            status, reason = Status.not_applicable, None
        resolved = [law.resolve(cite, as_of) for cite in cites]
        explanation = o.explanation
        if not cites:
            explanation += (" None of the provisions this check rests on ("
                            + ", ".join(meta.provisions) + f") was in force on {as_of}.")
        if meta.recommendation:
            explanation += f" Recommendation: {meta.recommendation}"
        findings.append(Finding(
            rule_id=meta.id, title=meta.title, status=status, strength=meta.strength,
            severity=meta.severity, subject=o.subject, provisions=cites,
            provisions_resolved=resolved, explanation=explanation, reason=reason,
            missing_facts=list(o.missing), facts_used=list(o.facts_used), remediation=meta.remediation,
            location=str(o.location) if o.location else None,
        ))
    return findings
