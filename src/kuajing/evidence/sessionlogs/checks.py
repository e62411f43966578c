"""The checks of a session-log audit: one small function per check beside its metadata.

Each function reads an ``AuditResult`` and returns an ``Outcome``; ``run_checks`` turns outcomes
into ``Finding`` records (the model ``kuajing assess`` uses), resolving every provision for the
as-of date. Numbers of the law come from parameters (``csl.mlps.log_retention_min``); the
thresholds of the audit itself (gap, tolerance, concurrency window) are options, stated in the
explanation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ...findings import FactUsed, Finding, Severity, Status, Strength
from .audit import AuditResult
from .coverage import format_duration

__all__ = ["CheckMeta", "Outcome", "CHECKS", "run_checks", "subject_of"]


@dataclass(frozen=True)
class CheckMeta:
    id: str
    title: str  # the compliant condition
    strength: Strength
    severity: Severity
    provisions: tuple[str, ...]
    facts: tuple[str, ...]
    remediation: str


@dataclass(frozen=True)
class Outcome:
    status: Status
    explanation: str
    reason: str | None = None
    missing_facts: tuple[str, ...] = ()
    location: str | None = None


def _no_log_records(r: AuditResult) -> str:
    if any(s.kind == "openvpn-status" and s.records for s in r.sources):
        return ("The files hold no usable timed log record: status files are snapshots of who is "
                "connected, and prove no retention period or continuity.")
    return "The files hold no usable timed record, so they prove no retention period."


def _day(t: dt.datetime) -> str:
    return t.date().isoformat()


# -- retention ----------------------------------------------------------------------------------------

RETENTION = CheckMeta(
    id="logs_retention",
    title="The session logs reach back at least the minimum log retention period",
    strength=Strength.mandatory,
    severity=Severity.medium,
    provisions=("csl:21",),
    facts=("logging.enabled", "logging.earliest_record", "logging.retention_months"),
    remediation="Keep VPN session and security-event logs for at least the minimum period, in a "
                "store the network team cannot silently prune, and check that the oldest record "
                "really reaches back that far. If logging began recently, record that date "
                "(--since) so the audit can tell a young system from deleted logs.",
)


def check_retention(r: AuditResult) -> Outcome:
    minimum, cutoff = r.retention_months, r.cutoff
    if minimum is None or cutoff is None:
        return Outcome(Status.not_applicable,
                       f"No minimum log retention period is in force on {r.as_of}.")
    earliest = r.coverage.earliest
    if earliest is None:
        return Outcome(Status.needs_evidence, _no_log_records(r),
                       missing_facts=("logging.earliest_record",))
    months = r.months_proved()
    slack = dt.datetime.combine(cutoff, dt.time()) + r.options.gap
    since = r.options.since
    where = earliest.where()
    latest = r.coverage.latest
    if earliest.time <= slack and latest.time < dt.datetime.combine(cutoff, dt.time()):
        return Outcome(Status.at_risk,
                       f"Every record is older than the cut-off {cutoff}: the newest is from "
                       f"{_day(latest.time)} ({latest.where()}), so the files prove nothing of the "
                       f"last {minimum} months.",
                       reason="Either logging stopped or the recent logs were not given to the "
                              "audit; the logs alone cannot tell which.",
                       location=latest.where())
    if earliest.time <= slack:
        return Outcome(Status.compliant,
                       f"The oldest record is from {_day(earliest.time)} ({where}), {months:g} months "
                       f"before {r.as_of}: the logs reach the cut-off {cutoff} of the {minimum}-month "
                       "minimum.", location=where)
    if since is not None:
        start = max(cutoff, since)
        if since > cutoff and earliest.time <= dt.datetime.combine(since, dt.time()) + r.options.gap:
            return Outcome(Status.compliant,
                           f"Logging began on {since} (declared), less than {minimum} months before "
                           f"{r.as_of}; the logs reach back to {_day(earliest.time)} ({where}), its "
                           "start.", location=where)
        return Outcome(Status.violation,
                       f"Logging began on {since} (declared) but the oldest record kept is from "
                       f"{_day(earliest.time)} ({where}): the records from {start} to "
                       f"{_day(earliest.time)} fall within the {minimum}-month period and are no "
                       f"longer there ({months:g} months proved).", location=where)
    return Outcome(Status.at_risk,
                   f"The oldest record is from {_day(earliest.time)} ({where}): the logs prove "
                   f"{months:g} of the {minimum} months (cut-off {cutoff}).",
                   reason="The logs alone cannot tell whether older records were deleted or the "
                          "system only began logging then; declare the date logging began "
                          "(--since) to settle it.",
                   missing_facts=("evidence.log_since",), location=where)


# -- continuity ----------------------------------------------------------------------------------------

CONTINUITY = CheckMeta(
    id="logs_continuity",
    title="The session logs have no gap longer than the threshold within the retention period",
    strength=Strength.mandatory,
    severity=Severity.medium,
    provisions=("csl:21",),
    facts=("logging.gaps",),
    remediation="Find out why the logs stop (a stopped logger, log rotation that deleted files, a "
                "full disk) and keep the missing files if they exist; alert on a silent logger.",
)


def check_continuity(r: AuditResult) -> Outcome:
    latest = r.coverage.latest
    if latest is None:
        return Outcome(Status.needs_evidence, _no_log_records(r), missing_facts=("logging.gaps",))
    gaps = r.gaps_in_window()
    trailing = r.trailing_gap()
    threshold = format_duration(r.options.gap)
    if not gaps and trailing is None:
        start = r.coverage.earliest.time
        cutoff = r.cutoff
        if cutoff is not None:
            start = max(start, dt.datetime.combine(cutoff, dt.time()))
        return Outcome(Status.compliant,
                       f"No gap longer than {threshold} between {_day(start)} and "
                       f"{_day(latest.time)}, and the logs run up to the as-of date.")
    parts = []
    location = None
    if gaps:
        longest = max(gaps, key=lambda g: g.length)
        location = longest.start.where()
        parts.append(
            f"{len(gaps)} gap(s) longer than {threshold} within the retention period; the longest, "
            f"{format_duration(longest.length)}, runs from {longest.start.time.isoformat(sep=' ')} "
            f"({longest.start.where()}) to {longest.end.time.isoformat(sep=' ')} "
            f"({longest.end.where()})")
    if trailing is not None:
        parts.append(f"the logs stop {format_duration(trailing)} before {r.as_of} (last record "
                     f"{latest.time.isoformat(sep=' ')}, {latest.where()})")
        location = location or latest.where()
    return Outcome(Status.at_risk, "; ".join(parts) + ".",
                   reason="A gap may be a quiet period with no sessions or logs that were lost or "
                          "deleted; the logs alone cannot tell which.",
                   location=location)


# -- real-name attribution ------------------------------------------------------------------------------

REAL_NAME = CheckMeta(
    id="logs_real_name",
    title="Every session resolves to an identified person in the account directory",
    strength=Strength.conditional,
    severity=Severity.medium,
    provisions=("csl:24",),
    facts=("logging.real_name", "logging.real_name_share", "users.third_party_accounts"),
    remediation="Give every user a personal account recorded in the directory with the person it "
                "belongs to (no group, service or anonymous accounts for people), and remove "
                "accounts nobody can name.",
)


def check_real_name(r: AuditResult) -> Outcome:
    if r.directory is None:
        return Outcome(Status.needs_evidence,
                       "No account directory was given, so no session can be tied to a person.",
                       missing_facts=("evidence.directory",))
    s = r.attribution_summary()
    if not s["sessions"]:
        return Outcome(Status.needs_evidence,
                       "The logs hold no session start, so attribution cannot be measured.",
                       missing_facts=("logging.real_name",))
    third = s["third_party_accounts"]
    applies = ("The duty applies to operators that provide network access to users")
    if third and third["count"]:
        applies += (f"; {third['count']} third-party account(s) used the channel, so it serves "
                    "people outside the organisation")
    if s["share"] == 1:
        return Outcome(Status.compliant,
                       f"All {s['sessions']} sessions resolve to a person in the directory "
                       f"({r.directory.file}).")
    parts = [f"{s['sessions_attributed']} of {s['sessions']} sessions ({s['share']:.1%}) resolve to "
             "a person in the directory"]
    unknown = s["unknown_accounts"]
    if unknown["count"]:
        parts.append(f"{unknown['sessions']} session(s) of {unknown['count']} account(s) not in the "
                     f"directory (e.g. {', '.join(unknown['examples'][:3])})")
    if s["service_accounts"]["sessions"]:
        parts.append(f"{s['service_accounts']['sessions']} session(s) of service accounts")
    if s["accounts_without_person"]["sessions"]:
        parts.append(f"{s['accounts_without_person']['sessions']} session(s) of accounts with no "
                     "person recorded")
    if s["sessions_without_account"]:
        parts.append(f"{s['sessions_without_account']} session(s) naming no account")
    firsts = [g["first_session"] for g in (unknown, s["service_accounts"], s["accounts_without_person"])
              if g["count"] and g["first_session"]]
    location = firsts[0] if firsts else None
    if location:
        parts.append(f"one of them at {location}")
    return Outcome(Status.at_risk, "; ".join(parts) + ".",
                   reason=applies + "; sessions that resolve to no person cannot be tied to a "
                                    "registered identity.", location=location)


# -- shared accounts ----------------------------------------------------------------------------------

SHARED = CheckMeta(
    id="logs_shared_accounts",
    title="No account is used from two addresses at the same time",
    strength=Strength.conditional,
    severity=Severity.medium,
    provisions=("csl:24",),
    facts=("logging.real_name",),
    remediation="Give each person their own account and credentials; limit each account to one "
                "concurrent session (OpenVPN: no duplicate-cn; strongSwan: uniqueids).",
)


def check_shared(r: AuditResult) -> Outcome:
    s = r.attribution_summary()
    if not s["accounts"]:
        return Outcome(Status.needs_evidence,
                       "The logs name no account, so shared use cannot be seen.",
                       missing_facts=("logging.real_name",))
    shared = s["shared_accounts"]
    window = format_duration(r.options.window)
    if not shared["count"]:
        return Outcome(Status.compliant,
                       f"None of the {s['accounts']} accounts was active from two addresses at "
                       f"overlapping times (sessions without an end taken as over after {window}).")
    first = shared["examples"][0]
    return Outcome(Status.at_risk,
                   f"{shared['count']} account(s) were active from two or more addresses at "
                   f"overlapping times; first {first['account']} from {first['addresses']} "
                   f"addresses at {first['first_overlap']} ({first['source']}).",
                   reason="A shared account ties every session to one registered person while "
                          "several people use it, so the log no longer shows who was connected; "
                          "the duty to register users' true identity applies to operators that "
                          "provide network access to users.",
                   location=first["source"])


# -- clock -----------------------------------------------------------------------------------------------

CLOCK = CheckMeta(
    id="logs_clock",
    title="Log times are trustworthy: in order, not in the future, with a known year",
    strength=Strength.recommended,
    severity=Severity.low,
    provisions=("csl:21",),
    facts=(),
    remediation="Synchronise the clocks of VPN gateways and log servers (NTP), log with full "
                "dates and a time zone (RFC 3339 syslog templates, charon time_format with %Y), "
                "and keep log files in time order.",
)


def check_clock(r: AuditResult) -> Outcome:
    if not any(s.records for s in r.sources):
        return Outcome(Status.needs_evidence, "The files hold no timed record.")
    counts = r.clock.counts
    labels = {"backwards": "record(s) earlier than the one before by more than the tolerance",
              "future": "record(s) after the as-of date (left out of the coverage)",
              "implausible": "record(s) dated before 2000 (left out of the coverage)",
              "disagreeing": "record(s) whose two clocks disagree"}
    parts = [f"{counts[c].count} {labels[c]}" for c in labels if counts[c].count]
    inferred = r.clock.year_inferred
    note = ""
    if inferred:
        note = (f" Syslog lines carry no year: the year was inferred for {len(inferred)} file(s) "
                "from the as-of date.")
    if not parts:
        return Outcome(Status.compliant, "No clock anomaly found." + note)
    first = next(counts[c].examples[0] for c in labels if counts[c].count)
    location = f"{first['file']}:{first['line']}:{first['column']}"
    return Outcome(Status.at_risk, "; ".join(parts) + f" (first at {location})." + note,
                   reason="Wrong or unordered times weaken logs as evidence of who was connected "
                          "when.", location=location)


CHECKS: list[tuple[CheckMeta, Callable[[AuditResult], Outcome]]] = [
    (RETENTION, check_retention),
    (CONTINUITY, check_continuity),
    (REAL_NAME, check_real_name),
    (SHARED, check_shared),
    (CLOCK, check_clock),
]


def subject_of(r: AuditResult) -> str:
    names = [s.file.replace("\\", "/").rsplit("/", 1)[-1] for s in r.sources]
    if len(names) <= 3:
        return "logs:" + ",".join(names)
    return f"logs:{names[0]}+{len(names) - 1}"


def run_checks(r: AuditResult) -> list[Finding]:
    """Every check's Finding, explaining itself with the facts and parameters it used."""
    facts = {f.evidence.fact: f.evidence for f in r.facts()}
    subject = subject_of(r)
    findings = []
    for meta, check in CHECKS:
        outcome = check(r)
        used = [FactUsed(path=name, value=_plain(facts[name].value), source=facts[name].source)
                for name in meta.facts if name in facts]
        params = [r.retention] if meta is RETENTION and r.retention is not None else []
        findings.append(Finding(
            rule_id=meta.id,
            title=meta.title,
            status=outcome.status,
            strength=meta.strength,
            severity=meta.severity,
            subject=subject,
            provisions=list(meta.provisions),
            provisions_resolved=[r.law.resolve(p, r.as_of) for p in meta.provisions],
            explanation=outcome.explanation,
            reason=outcome.reason,
            missing_facts=list(outcome.missing_facts),
            facts_used=used,
            parameters_used=params,
            remediation=meta.remediation,
            location=outcome.location,
        ))
    return findings


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value

