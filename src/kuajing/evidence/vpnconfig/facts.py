"""The typed facts a configuration parser proves, each with the spot it was read from.

A parser returns one ``ConfigFacts`` per file: the algorithms it configures, the endpoints and
peers, the authentication methods, the logging destinations, and notes (things it could not
check, such as an ``include`` whose files are absent). Nothing here reads files.

Secrets are never kept: an authentication record says *that* a pre-shared key exists and whom it
is for, not its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .algorithms import Algorithm

__all__ = ["Pos", "Kind", "AlgorithmUse", "Endpoint", "AuthUse", "PskSecret", "LogSink", "ConfigFacts"]


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in a file."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Kind(str, Enum):
    """The configuration formats the audit reads."""

    swanctl = "swanctl"              # strongSwan swanctl.conf (and its includes)
    ipsec_conf = "ipsec.conf"        # strongSwan legacy starter config
    ipsec_secrets = "ipsec.secrets"  # strongSwan legacy secrets
    strongswan_conf = "strongswan.conf"  # strongSwan daemon options (logging)
    openvpn = "openvpn"              # OpenVPN config or .ovpn profile
    wireguard = "wireguard"          # wg-quick / wg config


@dataclass(frozen=True)
class AlgorithmUse:
    """An algorithm configured at ``pos`` (``context`` says where: ``ike proposal of conn rw``)."""

    algorithm: Algorithm
    token: str
    context: str
    pos: Pos


@dataclass(frozen=True)
class Endpoint:
    """A remote (or local) address of the tunnel, as written: a host name or an IP address."""

    host: str
    role: str  # "remote" | "local"
    context: str
    pos: Pos
    port: int | None = None
    country: str | None = None
    country_source: str | None = None
    shown: str | None = None  # how reports show the host when it may be a person's (masked)

    @property
    def display(self) -> str:
        return self.shown or self.host

    @property
    def wildcard(self) -> bool:
        return self.host.lower() in ("%any", "%any4", "%any6", "0.0.0.0", "::", "*", "any")


@dataclass(frozen=True)
class AuthUse:
    """One way peers or users authenticate.

    ``method``: ``psk``, ``pubkey`` (certificates or raw keys), ``eap-*``, ``xauth``,
    ``static-key`` (OpenVPN pre-shared static key), ``user-pass``, ``peer-key`` (WireGuard).
    ``per_user`` is True when the method identifies each user or device on its own; ``shared`` when
    one secret stands for everyone who may connect (no per-user identity follows).

    ``psk_lookup`` marks a pre-shared key that a gateway accepts from any peer: strongSwan picks
    the key by the identity the peer claims, so whether it is one key for everyone or one per user
    is decided by the secrets (``secrets`` of swanctl.conf, ``ipsec.secrets``), not by the
    connection. ``local_ids`` are the gateway's own identities and addresses (a secret bound only
    to them serves any peer). ``vpnconfig.psk.resolve_psk`` settles such records from the secrets
    of all files of the channel; one still marked ``psk_lookup`` after it is undecided.
    ``stored_secret`` marks a PSK entry of ipsec.secrets: a stored key, not an authentication round.
    """

    method: str
    context: str
    pos: Pos
    identity: str | None = None  # masked (``_privacy.shown_identity``): records never hold it raw
    per_user: bool = False
    shared: bool = False
    note: str | None = None
    psk_lookup: bool = False
    local_ids: tuple[str, ...] = ()
    stored_secret: bool = False


@dataclass(frozen=True)
class PskSecret:
    """A pre-shared key as stored (swanctl ``secrets.ike*``, an ipsec.secrets ``PSK`` line).

    ``ids`` are the identities (or addresses) it is for, as written; none means any peer.
    ``fingerprint`` only tells whether two entries hold the same key: a keyed hash with a key drawn
    at random for each run, never output and never kept beyond the run.
    """

    ids: tuple[str, ...]
    pos: Pos
    name: str
    fingerprint: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class LogSink:
    """A logging destination and its level; ``enabled`` is False when it records nothing."""

    destination: str
    level: str
    enabled: bool
    pos: Pos
    default: bool = False  # True when no logger is configured and the implementation default applies
    kind: str = "log"  # "log" | "status" (a snapshot of connected clients, not a log)


@dataclass
class ConfigFacts:
    """Everything one file proves."""

    file: str
    kind: Kind
    algorithms: list[AlgorithmUse] = field(default_factory=list)
    defaults_apply: list[tuple[str, Pos]] = field(default_factory=list)  # (what, where) not configured
    endpoints: list[Endpoint] = field(default_factory=list)
    auth: list[AuthUse] = field(default_factory=list)
    psk_secrets: list[PskSecret] = field(default_factory=list)
    logging: list[LogSink] | None = None  # None: this file says nothing about logging
    notes: list[tuple[str, Pos]] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)  # files read through include
    roles: set[str] = field(default_factory=set)  # server | client | site | peer

    def note(self, text: str, pos: Pos) -> None:
        self.notes.append((text, pos))
