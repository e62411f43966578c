"""Pre-shared keys that a gateway accepts from any peer: one key for everyone, or one per user?

strongSwan selects the pre-shared key by identity: the gateway's own and the one the peer claims
(``secrets.ike*`` sections of swanctl.conf with their ``id*`` settings; ``[selectors] : PSK`` lines
of ipsec.secrets). A connection saying ``remote { auth = psk }`` for ``%any`` therefore proves
nothing by itself; the secrets decide:

* a key bound to no identity, to a wildcard, or only to the gateway's own identities or addresses
  serves every peer: **shared** (nobody can be told apart);
* a key listed for several peer identities, or the same key stored for several identities, is
  shared by those people: **shared**;
* otherwise every peer identity has a key of its own: **per user** (the identity a session is
  established under is the person's, as with ``rw-psk-*`` of the strongSwan test suite);
* no key among the files given: **undecided** (the record stays ``psk_lookup``; the audit asks
  for the secrets instead of guessing).

Key values never leave the parsers: equality is judged on ``PskSecret.fingerprint``, a keyed hash
whose key is drawn at random for each run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os

from .facts import AuthUse, ConfigFacts, PskSecret

__all__ = ["resolve_psk", "fingerprint", "is_wildcard_id"]

_RUN_KEY = os.urandom(32)
_WILDCARDS = {"%any", "%any4", "%any6", "*", "", "0.0.0.0", "::", "0.0.0.0/0", "::/0"}


def fingerprint(value: str) -> str:
    """A run-local keyed hash of a key value, to compare two stored keys without keeping either."""
    return hmac.new(_RUN_KEY, value.strip().encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def is_wildcard_id(ident: str) -> bool:
    v = ident.strip().strip('"').lower()
    return v in _WILDCARDS or "*" in v or v.startswith("%")


def _peer_ids(secret: PskSecret, local: set[str]) -> list[str]:
    return [i for i in secret.ids if not is_wildcard_id(i) and i.strip().lower() not in local]


def _decide(use: AuthUse, secrets: list[PskSecret]) -> AuthUse:
    if not secrets:
        return dataclasses.replace(
            use, note="a pre-shared key accepted from any peer; whether each user has a key of their "
                      "own is decided by the secrets (swanctl.conf 'secrets', ipsec.secrets), which are "
                      "not among the files given")
    local = {i.strip().lower() for i in use.local_ids}
    for s in secrets:
        peers = _peer_ids(s, local)
        if not peers:
            whom = "no identity" if not s.ids else "only the gateway's own identity or a wildcard"
            return dataclasses.replace(
                use, shared=True, psk_lookup=False,
                note=f"one pre-shared key for any peer ({s.name} at {s.pos} is bound to {whom})")
        if len(peers) > 1:
            return dataclasses.replace(
                use, shared=True, psk_lookup=False,
                note=f"one pre-shared key for {len(peers)} peer identities ({s.name} at {s.pos})")
    seen: dict[str, PskSecret] = {}
    for s in secrets:
        if s.fingerprint and s.fingerprint in seen:
            return dataclasses.replace(
                use, shared=True, psk_lookup=False,
                note=f"the same pre-shared key is stored for several identities ({seen[s.fingerprint].pos}"
                     f" and {s.pos})")
        if s.fingerprint:
            seen[s.fingerprint] = s
    return dataclasses.replace(
        use, per_user=True, psk_lookup=False,
        note=f"a pre-shared key of its own for each peer identity ({len(secrets)} keys, e.g. {secrets[0].name} "
             f"at {secrets[0].pos}); the peer's IKE identity selects it")


def resolve_psk(configs: list[ConfigFacts]) -> None:
    """Settle every ``psk_lookup`` record of the channel from the PSKs stored in all its files."""
    secrets = [s for c in configs for s in c.psk_secrets]
    for c in configs:
        c.auth = [_decide(a, secrets) if a.psk_lookup else a for a in c.auth]
