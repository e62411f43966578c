"""Run the session-log audit: parse every file once, streaming, into coverage, attribution and
clock anomalies; then derive the channel facts. Pure apart from reading the files it is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ...errors import InputError, Location
from ...findings import ParameterUsed
from ...law.corpus import Law, load_law
from .. import EvidenceFact
from ._context import ParseContext
from .anomalies import Clock
from .attribution import CONCURRENCY_WINDOW, Attribution, Directory, load_directory
from .charon import parse_charon
from .coverage import Coverage, Gap, minus_months, months_between
from .detect import KINDS, detect_kind
from .model import Record, SourceStats
from .openvpn import parse_openvpn_log, parse_openvpn_status
from .radius import parse_radius
from .tabular import Mapping, parse_csv, parse_jsonl

__all__ = ["AuditOptions", "AuditResult", "LocatedFact", "run_audit", "PARSERS",
           "RETENTION_PARAMETER"]

RETENTION_PARAMETER = "csl.mlps.log_retention_min"

Parser = Callable[[Path, SourceStats, ParseContext], Iterator[Record]]

PARSERS: dict[str, Parser] = {
    "openvpn": parse_openvpn_log,
    "openvpn-status": parse_openvpn_status,
    "charon": parse_charon,
    "radius": parse_radius,
    "csv": parse_csv,
    "jsonl": parse_jsonl,
}


@dataclass(frozen=True)
class AuditOptions:
    """How to read the logs and what counts as a gap or an anomaly."""

    kind: str = "auto"
    gap: dt.timedelta = dt.timedelta(hours=24)
    since: dt.date | None = None
    mapping: Mapping | None = None
    time_format: str | None = None
    tolerance: dt.timedelta = dt.timedelta(minutes=5)
    window: dt.timedelta = CONCURRENCY_WINDOW


@dataclass(frozen=True)
class LocatedFact:
    """An EvidenceFact and the location it was proved at (for the JSON document)."""

    evidence: EvidenceFact
    location: Location | None


@dataclass
class AuditResult:
    as_of: dt.date
    options: AuditOptions
    sources: list[SourceStats]
    coverage: Coverage
    clock: Clock
    attribution: Attribution
    directory: Directory | None
    retention: ParameterUsed | None
    law: Law
    key: bytes | None = None
    _gaps: list[Gap] | None = field(default=None, repr=False)

    # -- derived values ---------------------------------------------------------------------------
    @property
    def retention_months(self) -> int | None:
        return int(self.retention.value) if self.retention is not None else None

    @property
    def cutoff(self) -> dt.date | None:
        n = self.retention_months
        return minus_months(self.as_of, n) if n is not None else None

    @property
    def as_of_start(self) -> dt.datetime:
        return dt.datetime.combine(self.as_of, dt.time())

    def gaps(self) -> list[Gap]:
        if self._gaps is None:
            self._gaps = [g for g in self.coverage.gaps() if g.length > self.options.gap]
        return self._gaps

    def gaps_in_window(self) -> list[Gap]:
        cutoff = self.cutoff
        if cutoff is None:
            return self.gaps()
        start = dt.datetime.combine(cutoff, dt.time())
        return [g for g in self.gaps() if g.end.time > start]

    def trailing_gap(self) -> dt.timedelta | None:
        """How long before the as-of date the logs stop, if longer than the gap threshold."""
        latest = self.coverage.latest
        if latest is None:
            return None
        silence = self.as_of_start - latest.time
        return silence if silence > self.options.gap else None

    def months_proved(self) -> float | None:
        earliest = self.coverage.earliest
        if earliest is None:
            return None
        return months_between(earliest.time.date(), self.as_of)

    def attribution_summary(self) -> dict:
        return self.attribution.summary(self.directory, self.key)

    # -- facts --------------------------------------------------------------------------------------
    def facts(self) -> list[LocatedFact]:
        """The channel facts the logs prove (see ``kuajing.evidence.sessionlogs``)."""
        out: list[LocatedFact] = []

        def fact(name: str, value, rec: Record | None, note: str | None = None) -> None:
            loc = rec.location if rec is not None else None
            source = str(loc) if loc is not None else ",".join(s.file for s in self.sources)
            out.append(LocatedFact(EvidenceFact(name, value, source, note), loc))

        earliest = self.coverage.earliest
        if earliest is not None:
            fact("logging.enabled", True, earliest, "the logs hold timed records")
            months = self.months_proved()
            minimum = self.retention_months
            note = f"months from the earliest record to the as-of date {self.as_of}"
            latest = self.coverage.latest
            cutoff = self.cutoff
            if cutoff is not None and latest is not None \
                    and latest.time < dt.datetime.combine(cutoff, dt.time()):
                # old records kept, nothing of the period the law asks for: they prove none of it
                months = 0.0
                note = (f"no record within the {minimum}-month retention period (cut-off {cutoff}): the "
                        f"newest is from {latest.time.date()} ({latest.where()}), so the logs prove none "
                        "of it; either logging stopped or the recent logs were not given")
                fact("logging.retention_months", months, latest, note)
            else:
                if minimum is not None and months is not None and months < minimum:
                    note += ("; fewer than the minimum, but the logs alone cannot tell whether older "
                             "records were deleted or logging began later (see kuajing audit logs)")
                fact("logging.retention_months", months, earliest, note)
            fact("logging.earliest_record", earliest.time.date(), earliest)
            window_gaps = self.gaps_in_window()
            fact("logging.gaps", len(window_gaps), window_gaps[0].start if window_gaps else earliest,
                 f"gaps longer than {self.options.gap} within the retention period")
        summary = self.attribution_summary()
        if self.directory is not None and self.attribution.sessions:
            share = summary["share"]
            first = next(iter(self.attribution.first_session.values()), None)
            shared = summary["shared_accounts"]["count"]
            note = f"{summary['sessions_attributed']} of {summary['sessions']} sessions resolve " \
                   f"to a person in {self.directory.file}"
            if shared:
                note += f"; {shared} account(s) used from two addresses at once"
            fact("logging.real_name", bool(share == 1 and not shared), first, note)
            fact("logging.real_name_share", share, first, note)
        if self.directory is not None and self.directory.has_kind:
            third = summary["third_party_accounts"]
            fact("users.third_party_accounts", third["count"], None,
                 f"third-party accounts (directory {self.directory.file}) seen in the logs")
        return out


def run_audit(paths: Sequence[str | Path], *, as_of: dt.date,
              options: AuditOptions | None = None, directory: str | Path | Directory | None = None,
              key: bytes | None = None, law: Law | None = None) -> AuditResult:
    """Read every log once and return what they prove. Input problems raise InputError."""
    options = options or AuditOptions()
    if not paths:
        raise InputError("no log files given", hint="name one or more log files")
    if options.kind != "auto" and options.kind not in KINDS:
        raise InputError(f"unknown log kind '{options.kind}'", location=Location("--kind"),
                         expected="auto or one of: " + ", ".join(KINDS), found=options.kind)
    law = law or load_law()
    if isinstance(directory, (str, Path)):
        directory = load_directory(directory)
    clock = Clock(as_of, options.tolerance)
    coverage = Coverage(options.gap)
    attribution = Attribution(options.window)
    ctx = ParseContext(as_of=as_of, tolerance=options.tolerance, mapping=options.mapping,
                       time_format=options.time_format, report_clock=clock.report)
    sources: list[SourceStats] = []
    for raw in paths:
        path = Path(raw)
        kind = options.kind
        if kind == "auto":
            kind = detect_kind(path, has_mapping=options.mapping is not None)
        else:
            # a missing file is reported as such before a parser opens it
            detect_kind_exists(path)
        stats = SourceStats(file=str(path), kind=kind or "empty")
        sources.append(stats)
        if kind is None:
            stats.note("empty file")
            continue
        snapshot = kind == "openvpn-status"
        clock.begin(ordered=not snapshot)
        usable = clock.usable
        add_coverage = coverage.add
        add_attribution = attribution.add
        if snapshot:
            # a status file is a snapshot of who is connected, not a log: it proves sessions and
            # concurrency, but its times say nothing about how long logs are kept
            stats.note("status snapshot: counted for sessions and shared accounts, not for log "
                       "coverage")
            for rec in PARSERS[kind](path, stats, ctx):
                usable(rec)
                add_attribution(rec)
        else:
            for rec in PARSERS[kind](path, stats, ctx):
                if usable(rec):
                    add_coverage(rec)
                add_attribution(rec)
        clock.end(str(path), stats.year_inferred)
    return AuditResult(as_of=as_of, options=options, sources=sources, coverage=coverage,
                       clock=clock, attribution=attribution, directory=directory,
                       retention=law.used(RETENTION_PARAMETER, as_of), law=law, key=key)


def detect_kind_exists(path: Path) -> None:
    if not path.exists():
        raise InputError("log file not found", location=Location(str(path)), hint="check the path")
