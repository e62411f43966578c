"""Gather evidence facts for every channel whose profile points at configs or logs.

The config and log parsers live in ``evidence.vpnconfig`` and ``evidence.sessionlogs``;
this module only maps a channel's ``evidence`` block onto them.
"""

from __future__ import annotations

import datetime as dt

from ..facts.load import LoadedProfile
from . import EvidenceFact

__all__ = ["collect_evidence"]


def collect_evidence(loaded: LoadedProfile, as_of: dt.date) -> dict[str, dict[str, EvidenceFact]]:
    """channel id -> fact path -> EvidenceFact (the last source wins for a fact)."""
    out: dict[str, dict[str, EvidenceFact]] = {}
    for channel in loaded.profile.channels:
        ev = channel.evidence
        facts: list[EvidenceFact] = []
        if ev.configs:
            from .vpnconfig import channel_facts as config_facts

            sites = loaded.base_dir / ev.sites if ev.sites else None
            facts += config_facts([loaded.base_dir / p for p in ev.configs], sites=sites)
        if ev.logs:
            from .sessionlogs import channel_facts as log_facts

            directory = loaded.base_dir / ev.directory if ev.directory else None
            facts += log_facts([loaded.base_dir / p for p in ev.logs], as_of=as_of,
                               directory=directory, since=ev.log_since)
        if facts:
            out[channel.id] = {f.fact: f for f in facts}
    return out
