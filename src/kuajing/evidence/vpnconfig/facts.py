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

__all__ = ["Pos", "Kind", "AlgorithmUse", "Endpoint", "AuthUse", "LogSink", "ConfigFacts"]


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
    """

    method: str
    context: str
    pos: Pos
    identity: str | None = None
    per_user: bool = False
    shared: bool = False
    note: str | None = None


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
    logging: list[LogSink] | None = None  # None: this file says nothing about logging
    notes: list[tuple[str, Pos]] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)  # files read through include
    roles: set[str] = field(default_factory=set)  # server | client | site | peer

    def note(self, text: str, pos: Pos) -> None:
        self.notes.append((text, pos))
