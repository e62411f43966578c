"""The one Finding model every part of kuajing produces and every renderer reads.

A finding is the result of one rule for one subject (the actor, a channel, a service, a data
flow, a configuration file). It explains itself: the facts used (with where they came from),
the parameters used (with their citations), the provisions cited (resolved to the article
number in force on the as-of date), the penalty exposure and the remediation.

Renderers format these records; they never recompute them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Status",
    "Strength",
    "Severity",
    "FactUsed",
    "ParameterUsed",
    "ProvisionRef",
    "Penalty",
    "Finding",
    "verdict_of",
    "binding",
    "STATUS_ORDER",
]


class Status(str, Enum):
    """Outcome of one rule for one subject."""

    violation = "violation"
    at_risk = "at_risk"
    needs_evidence = "needs_evidence"
    compliant = "compliant"
    not_applicable = "not_applicable"


class Strength(str, Enum):
    """How binding the obligation is. A recommendation never yields a violation."""

    mandatory = "mandatory"
    conditional = "conditional"
    recommended = "recommended"


class Severity(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


#: Worst first; the verdict is the worst binding status.
STATUS_ORDER = [
    Status.violation,
    Status.at_risk,
    Status.needs_evidence,
    Status.compliant,
    Status.not_applicable,
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactUsed(_Model):
    """A fact a rule read, with its value and where it came from."""

    path: str
    value: Any = None
    known: bool = True
    source: str | None = Field(None, description="profile file:line, or evidence file:line")


class ParameterUsed(_Model):
    """A dated parameter of the law, with the value in force on the as-of date and its citation."""

    id: str
    value: Any
    unit: str
    provision: str
    cited_as: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    confidence: str


class ProvisionRef(_Model):
    """A cited provision, resolved for the as-of date.

    ``id`` is the stable citation (``csl:21``); ``cited_as`` is the article in force on the
    date (``CSL Art. 23``), and ``also_numbered`` the article's number in the other versions of
    the instrument where the law renumbered it (``Art. 21 (2017 text)``).
    """

    id: str
    instrument: str
    article: str
    cited_as: str
    cited_as_zh: str | None = None
    also_numbered: str | None = None
    title_en: str
    title_zh: str
    in_force: bool = True


class Penalty(_Model):
    """Exposure attached to a finding: an administrative range or a criminal article."""

    kind: str = Field(description="administrative | criminal")
    description: str
    provision: str
    cited_as: str
    authority: str | None = None
    min_rmb: float | None = None
    max_rmb: float | None = None
    basis: str | None = Field(None, description="how the amount was computed, e.g. 3-5x income")
    uncertain: bool = False


class Finding(_Model):
    """One rule's outcome for one subject, explaining itself."""

    rule_id: str
    title: str
    title_zh: str | None = None
    status: Status
    strength: Strength
    severity: Severity
    subject: str
    provisions: list[str]
    provisions_resolved: list[ProvisionRef] = []
    explanation: str
    reason: str | None = Field(None, description="why at_risk: the unclear point of law or fact")
    missing_facts: list[str] = []
    facts_used: list[FactUsed] = []
    parameters_used: list[ParameterUsed] = []
    penalties: list[Penalty] = []
    remediation: str | None = None
    remediation_zh: str | None = None
    location: str | None = Field(None, description="file:line:column for evidence findings")


def binding(finding: Finding) -> bool:
    """True for mandatory and conditional obligations (these set the verdict and exit code)."""
    return finding.strength is not Strength.recommended


def verdict_of(findings: list[Finding]) -> Status:
    """The worst status among binding findings; ``compliant`` only if every applicable one is."""
    statuses = {f.status for f in findings if binding(f)}
    for status in STATUS_ORDER:
        if status in statuses and status is not Status.not_applicable:
            return status
    return Status.not_applicable if findings else Status.needs_evidence
