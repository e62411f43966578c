"""Audit real VPN configuration files: strongSwan, OpenVPN and WireGuard.

    from kuajing.evidence.vpnconfig import audit, channel_facts
    result = audit([Path("swanctl.conf"), Path("strongswan.conf")], as_of=date(2026, 3, 1))
    result.findings        # Finding objects (same model as 'kuajing assess')
    channel_facts([Path("client.ovpn")], sites=Path("sites.yaml"))   # EvidenceFact list

Modules: ``strongswan`` (swanctl.conf, strongswan.conf), ``strongswan_legacy`` (ipsec.conf,
ipsec.secrets), ``openvpn``, ``wireguard`` (the parsers: the only code that reads the files),
``algorithms`` (the keyword table), ``facts`` (typed facts with positions), ``psk`` (one
pre-shared key for everyone, or one per user, from the secrets), ``channel`` (facts of the channel), ``sites`` (site map and GeoIP), ``checks`` (the findings), ``report`` (text, JSON).
Every malformed input raises ``kuajing.errors.InputError`` with file, line and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...findings import Finding, Status, binding
from .. import EvidenceFact
from ._source import read_text
from .channel import ChannelFact, channel_summary
from .detect import detect_kind
from .facts import ConfigFacts, Endpoint, Kind

__all__ = ["AuditResult", "audit", "channel_facts", "parse_channel", "parse_config", "parse_text", "Kind"]


def _parsers() -> dict[Kind, Callable[[str, str], ConfigFacts]]:
    from . import _settings, openvpn, strongswan, strongswan_legacy, wireguard

    def swanctl(text: str, file: str) -> ConfigFacts:
        r = _settings.parse_settings_text(text, file, follow_includes=True)
        return strongswan.swanctl_facts(r.root, file, r.notes, r.files)

    def ssconf(text: str, file: str) -> ConfigFacts:
        r = _settings.parse_settings_text(text, file, follow_includes=True)
        return strongswan.strongswan_conf_facts(r.root, file, r.notes, r.files)

    return {
        Kind.swanctl: swanctl,
        Kind.strongswan_conf: ssconf,
        Kind.ipsec_conf: lambda t, f: strongswan_legacy.parse_ipsec_conf_text(t, f, follow_includes=True),
        Kind.ipsec_secrets: lambda t, f: strongswan_legacy.parse_ipsec_secrets_text(t, f, follow_includes=True),
        Kind.openvpn: lambda t, f: openvpn.parse_openvpn_text(t, f, follow_files=True),
        Kind.wireguard: wireguard.parse_wireguard_text,
    }


def parse_text(text: str, kind: Kind, file: str = "<string>") -> ConfigFacts:
    """Parse configuration text of a known kind (includes resolve relative to ``file``)."""
    return _parsers()[kind](text, file)


def parse_config(path: Path, kind: Kind | None = None) -> ConfigFacts:
    """Parse one file, detecting its format from its name and content unless ``kind`` is given."""
    text = read_text(path)
    return parse_text(text, kind or detect_kind(path, text), str(path))


def parse_channel(paths: list[Path], kind: Kind | None = None) -> list[ConfigFacts]:
    """Parse the files of one channel and settle what only their combination shows: whether a
    pre-shared key accepted from any peer is one key for everyone or one per user (``psk``)."""
    from .psk import resolve_psk

    configs = [parse_config(Path(p), kind) for p in paths]
    resolve_psk(configs)
    return configs


@dataclass
class AuditResult:
    as_of: dt.date
    configs: list[ConfigFacts]
    endpoints: list[Endpoint]
    facts: list[ChannelFact]
    findings: list[Finding]
    home: str | None = None
    sites_file: str | None = None
    geoip_file: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 if a binding finding is a violation or at risk, else 0 (input errors raise instead)."""
        bad = {Status.violation, Status.at_risk}
        return 1 if any(binding(f) and f.status in bad for f in self.findings) else 0


def _located(configs: list[ConfigFacts], sites: Path | None, geoip: Path | None):
    from .sites import load_sites, locate, open_geoip

    smap = load_sites(Path(sites)) if sites else None
    reader = open_geoip(Path(geoip)) if geoip else None
    endpoints = locate([e for c in configs for e in c.endpoints], smap, reader)
    return endpoints, smap, reader


def audit(paths: list[Path], *, as_of: dt.date | None = None, sites: Path | None = None,
          geoip: Path | None = None, kind: Kind | None = None, law=None) -> AuditResult:
    """Parse every file, derive the channel facts and run the checks."""
    from .checks import build_findings, run_checks

    if not paths:
        from ...errors import InputError

        raise InputError("no configuration file given", hint="kuajing audit config PATH...")
    as_of = as_of or dt.date.today()
    configs = parse_channel(paths, kind)
    endpoints, smap, reader = _located(configs, sites, geoip)
    facts = channel_summary(configs, endpoints, smap.home if smap else None, smap.home_where if smap else None)
    findings = build_findings(run_checks(configs), as_of, law)
    return AuditResult(as_of, configs, endpoints, facts, findings, home=smap.home if smap else None,
                       sites_file=str(sites) if sites else None, geoip_file=str(geoip) if geoip else None)


def channel_facts(paths: list[Path], *, sites: Path | None = None, geoip: Path | None = None) -> list[EvidenceFact]:
    """The channel facts the configuration files prove, for ``kuajing assess``.

    Fact paths: cryptography.algorithms, cryptography.min_symmetric_key_bits,
    cryptography.weak_algorithms, cryptography.sm_algorithms, authentication.shared_secret,
    authentication.per_user_identity, logging.enabled, crosses_border (only when the site map or
    GeoIP database decides it). ``source`` is ``file:line:column``. Facts the files do not prove
    are absent.
    """
    configs = parse_channel(paths)
    endpoints, smap, _ = _located(configs, sites, geoip)
    summary = channel_summary(configs, endpoints, smap.home if smap else None,
                              smap.home_where if smap else None)
    return [EvidenceFact(f.fact, f.value, str(f.pos), f.note) for f in summary]
