"""From the facts of several files to the facts of one channel (the profile's fact paths).

All files given together are taken to describe one channel (for example a gateway's
``swanctl.conf`` and ``strongswan.conf``). Each channel fact carries the spot that decided it.

    cryptography.algorithms              sorted canonical names of every configured algorithm
    cryptography.min_symmetric_key_bits  shortest encryption key among configured ciphers
    cryptography.weak_algorithms         sorted names of the weak ones
    cryptography.sm_algorithms           an SM-series algorithm (SM1/SM2/SM3/SM4) is configured
    authentication.shared_secret         one secret stands for everyone (no per-user identity)
    authentication.per_user_identity     users or devices authenticate individually
                                         (a PSK accepted from any peer is judged by the stored
                                         secrets; without them neither fact is proved by it)
    logging.enabled                      the VPN's own log records connection events
    crosses_border                       an endpoint is in another country than home

A fact the files do not prove is left out (unknown), never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .algorithms import Role
from .facts import ConfigFacts, Endpoint, Pos

__all__ = ["ChannelFact", "channel_summary", "authentication_rounds", "USER_METHODS_EXCLUDED",
           "decide_border"]

#: Methods that authenticate users or peers (tls-auth/tls-crypt only protect the control channel).
USER_METHODS_EXCLUDED = {"tls-auth", "tls-crypt", "tls-crypt-v2"}


@dataclass(frozen=True)
class ChannelFact:
    fact: str
    value: object
    pos: Pos
    note: str | None = None


def channel_summary(configs: list[ConfigFacts], endpoints: list[Endpoint] | None = None,
                    home: str | None = None, home_where: str | None = None) -> list[ChannelFact]:
    out: list[ChannelFact] = []
    uses = [u for c in configs for u in c.algorithms]
    defaults = [d for c in configs for d in c.defaults_apply]
    default_note = ("implementation defaults also apply to: " + "; ".join(w for w, _ in defaults[:5])
                    + (" …" if len(defaults) > 5 else "")) if defaults else None
    if uses:
        first = uses[0].pos
        names = sorted({u.algorithm.name for u in uses})
        out.append(ChannelFact("cryptography.algorithms", names, first, default_note))
        ciphers = [u for u in uses if u.algorithm.role is Role.cipher and u.algorithm.key_bits is not None
                   and u.algorithm.known and "GMAC" not in u.algorithm.name]
        if ciphers:
            shortest = min(ciphers, key=lambda u: u.algorithm.key_bits)
            out.append(ChannelFact("cryptography.min_symmetric_key_bits", shortest.algorithm.key_bits,
                                   shortest.pos, default_note))
        weak = [u for u in uses if u.algorithm.weak]
        out.append(ChannelFact("cryptography.weak_algorithms", sorted({u.algorithm.name for u in weak}),
                               weak[0].pos if weak else first, default_note))
        sm = [u for u in uses if u.algorithm.sm]
        out.append(ChannelFact("cryptography.sm_algorithms", bool(sm), sm[0].pos if sm else first))
    auth = authentication_rounds(configs)
    if auth:
        shared = [a for a in auth if a.shared]
        personal = [a for a in auth if a.per_user]
        # a PSK accepted from any peer whose secrets were not given: neither fact is proved by it
        pending = [a for a in auth if a.psk_lookup and not a.shared and not a.per_user]
        if shared or not pending:
            out.append(ChannelFact("authentication.shared_secret", bool(shared),
                                   (shared or auth)[0].pos, shared[0].note if shared else None))
        if personal or not pending:
            out.append(ChannelFact("authentication.per_user_identity", bool(personal),
                                   (personal or auth)[0].pos, personal[0].note if personal else None))
    sinks = [s for c in configs if c.logging is not None for s in c.logging if s.kind == "log"]
    if sinks:
        on = [s for s in sinks if s.enabled]
        chosen = (on or sinks)[0]
        note = f"{chosen.destination}, {chosen.level}" + (" (implementation default)" if chosen.default else "")
        out.append(ChannelFact("logging.enabled", bool(on), chosen.pos, note))
    if endpoints is not None:
        border = decide_border(endpoints, home, home_where)
        if border is not None:
            out.append(border)
    return out


def authentication_rounds(configs: list[ConfigFacts]) -> list:
    """The records that say how peers or users authenticate: not the control-channel keys of
    OpenVPN (tls-auth, tls-crypt) and not the PSK entries of ipsec.secrets (stored keys, which
    ``psk.resolve_psk`` has already applied to the connections using them)."""
    return [a for c in configs for a in c.auth
            if a.method not in USER_METHODS_EXCLUDED and not (a.stored_secret and a.method == "psk")]


def decide_border(endpoints: list[Endpoint], home: str | None, home_where: str | None) -> ChannelFact | None:
    """True when a remote endpoint is in another country than home; False when every remote
    endpoint is known to be at home; None (unknown) otherwise."""
    if home is None:
        local = {e.country for e in endpoints if e.role == "local" and e.country}
        if len(local) == 1:
            home = local.pop()
            home_where = "the local endpoints"
    remote = [e for e in endpoints if e.role == "remote" and not e.wildcard]
    if home is None or not remote:
        return None
    abroad = [e for e in remote if e.country and e.country != home]
    if abroad:
        e = abroad[0]
        return ChannelFact("crosses_border", True, e.pos,
                           f"{e.display} is in {e.country} ({e.country_source}); home is {home} ({home_where})")
    if all(e.country for e in remote):
        e = remote[0]
        return ChannelFact("crosses_border", False, e.pos,
                           f"every remote endpoint is in {home} ({e.country_source}; home from {home_where})")
    return None
