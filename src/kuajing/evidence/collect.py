"""Gather evidence facts for every channel whose profile points at configs or logs.

The config and log parsers live in ``evidence.vpnconfig`` and ``evidence.sessionlogs``;
this module only maps a channel's ``evidence`` block onto them. An evidence file that cannot be
read is an InputError at the spot in that file, with a hint naming the profile field (and its
line) that pointed at it.
"""

from __future__ import annotations

import datetime as dt

from ..errors import InputError
from ..facts.load import LoadedProfile
from . import EvidenceFact

__all__ = ["collect_evidence"]


def _pointed_from(exc: InputError, loaded: LoadedProfile, index: int, channel_id: str,
                  field: str) -> InputError:
    """The same error, saying which profile field named the file."""
    where = loaded.source(("channels", index, "evidence", field))
    named = f"named by channels[{channel_id}].evidence.{field} ({where})"
    hint = f"{exc.hint}; {named}" if exc.hint else named
    return InputError(exc.message, location=exc.location, path=exc.path, expected=exc.expected,
                      found=exc.found, hint=hint, problems=exc.problems)


def collect_evidence(loaded: LoadedProfile, as_of: dt.date) -> dict[str, dict[str, EvidenceFact]]:
    """channel id -> fact path -> EvidenceFact (the last source wins for a fact: the session logs,
    read after the configurations, decide ``logging.enabled`` when both speak of it)."""
    out: dict[str, dict[str, EvidenceFact]] = {}
    for index, channel in enumerate(loaded.profile.channels):
        ev = channel.evidence
        facts: list[EvidenceFact] = []
        if ev.configs:
            from .vpnconfig import channel_facts as config_facts

            sites = loaded.base_dir / ev.sites if ev.sites else None
            geoip = loaded.base_dir / ev.geoip if ev.geoip else None
            try:
                facts += config_facts([loaded.base_dir / p for p in ev.configs], sites=sites,
                                      geoip=geoip)
            except InputError as exc:
                where = exc.location.file if exc.location is not None else None
                field = ("sites" if sites is not None and where == str(sites)
                         else "geoip" if geoip is not None and where == str(geoip) else "configs")
                raise _pointed_from(exc, loaded, index, channel.id, field) from None
        if ev.logs:
            from .sessionlogs import channel_facts as log_facts

            directory = loaded.base_dir / ev.directory if ev.directory else None
            try:
                facts += log_facts([loaded.base_dir / p for p in ev.logs], as_of=as_of,
                                   directory=directory, since=ev.log_since, kind=ev.log_kind,
                                   mapping=ev.log_map, time_format=ev.log_time_format)
            except InputError as exc:
                field = "directory" if directory is not None and exc.location is not None \
                    and exc.location.file == str(directory) else "logs"
                raise _pointed_from(exc, loaded, index, channel.id, field) from None
        if facts:
            out[channel.id] = {f.fact: f for f in facts}
    return out
