"""Session logs as evidence: what VPN logs prove about retention, continuity and real names.

Formats (one parser module each, all streaming line by line):

* ``openvpn`` — OpenVPN server logs (syslog or OpenVPN's own log file), and
  ``openvpn-status`` — OpenVPN status files, versions 1, 2 and 3 (``openvpn.py``);
* ``charon`` — strongSwan charon logs through syslog or charon's filelog (``charon.py``);
* ``radius`` — FreeRADIUS accounting ``detail`` files (``radius.py``);
* ``csv`` / ``jsonl`` — any export, through a declared column mapping (``tabular.py``).

``run_audit`` reads the files once into coverage (``coverage.py``), attribution
(``attribution.py``) and clock anomalies (``anomalies.py``); ``run_checks`` (``checks.py``)
turns the result into findings; ``report.py`` renders them. ``channel_facts`` is the contract
with ``kuajing assess``: the facts below, each with the ``file:line:column`` that proves it.

=============================  ==========================================================
fact                           value
=============================  ==========================================================
``logging.enabled``            True when the logs hold timed records (absent otherwise)
``logging.retention_months``   calendar months from the earliest record to the as-of date; 0 when
                               no record falls within the retention period
``logging.earliest_record``    the date of the earliest usable record
``logging.gaps``               gaps longer than the threshold within the retention period
``logging.real_name``          every session resolves to a person (directory given)
``logging.real_name_share``    the share of sessions that do, 0..1 (directory given)
``users.third_party_accounts`` third-party accounts seen (directory with a kind column)
=============================  ==========================================================
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from ...errors import InputError, Location
from .. import EvidenceFact
from .audit import AuditOptions, AuditResult, LocatedFact, run_audit
from .checks import CHECKS, run_checks
from .coverage import parse_duration
from .detect import KINDS
from .model import EventKind, Record, SourceStats
from .tabular import Mapping, parse_mapping

__all__ = [
    "channel_facts",
    "run_audit",
    "run_checks",
    "options_from",
    "AuditOptions",
    "AuditResult",
    "LocatedFact",
    "CHECKS",
    "KINDS",
    "EventKind",
    "Record",
    "SourceStats",
    "Mapping",
    "parse_mapping",
]


def options_from(*, kind: str = "auto", gap: str | dt.timedelta = "24h",
                 since: dt.date | None = None, mapping: str | Mapping | None = None,
                 time_format: str | None = None,
                 tolerance: str | dt.timedelta = "5m") -> AuditOptions:
    """AuditOptions from user-facing values (``gap="24h"``, ``mapping="time=ts,user=login"``)."""

    def duration(value: str | dt.timedelta, option: str) -> dt.timedelta:
        if isinstance(value, dt.timedelta):
            return value
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise InputError(f"{option} is not a duration: {exc}", location=Location(option),
                             expected="a number with a unit: 90m, 24h, 2d, 1w", found=value) \
                from None

    if isinstance(mapping, str):
        mapping = parse_mapping(mapping)
    return AuditOptions(kind=kind, gap=duration(gap, "--gap"), since=since, mapping=mapping,
                        time_format=time_format, tolerance=duration(tolerance, "--tolerance"))


def channel_facts(paths: Sequence[str | Path], *, as_of: dt.date,
                  directory: str | Path | None = None, **opts: Any) -> list[EvidenceFact]:
    """The channel facts the session logs prove, each with the ``file:line:column`` proving it.

    ``opts`` are those of ``options_from``: ``kind``, ``gap``, ``since``, ``mapping``,
    ``time_format``, ``tolerance``; and ``key`` (bytes) for keyed hashes. Raises InputError for
    a file that cannot be read.
    """
    key = opts.pop("key", None)
    result = run_audit(paths, as_of=as_of, options=options_from(**opts), directory=directory,
                       key=key)
    return [f.evidence for f in result.facts()]
