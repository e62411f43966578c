"""Rule metadata (``rule.yaml``) and scenario cases (``cases.yaml``), validated strictly."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..findings import Severity, Status, Strength
from ..law.model import Text

__all__ = ["RuleMeta", "Unformalised", "Constant", "Case", "Expectation", "CaseFile"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unformalised(_Strict):
    """A part of a cited provision the rule does not encode, and why."""

    provision: str
    reason: str


class Constant(_Strict):
    """A number a *recommended* rule uses. Not law: it names the good practice it comes from."""

    value: Any
    source: str


class RuleMeta(_Strict):
    """The metadata block that sits beside each rule function."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = 1
    title: Text = Field(description="states the compliant condition")
    area: Literal["connectivity", "export"]
    subject: Literal["actor", "channel", "service", "flow", "exporter"]
    strength: Strength
    severity: Severity
    provisions: list[str] = Field(min_length=1)
    basis: list[str] | None = Field(
        None, description="provisions that must be in force for the rule to apply "
        "(default: the first provision)")
    facts: list[str] = Field(min_length=1, description="the facts the rule reads")
    remediation: Text
    recommendation_source: str | None = Field(
        None, description="for recommended rules: the good practice this comes from")
    constants: dict[str, Constant] = {}
    unformalised: list[Unformalised] = []
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "RuleMeta":
        if self.strength is Strength.recommended and not self.recommendation_source:
            raise ValueError("a recommended rule must name its recommendation_source")
        if self.constants and self.strength is not Strength.recommended:
            raise ValueError("numbers of binding rules live in the law parameters, not in constants")
        for cite in self.basis or []:
            if cite not in self.provisions:
                raise ValueError(f"basis provision {cite} must also be listed in provisions")
        return self

    @property
    def basis_provisions(self) -> list[str]:
        return list(self.basis) if self.basis else [self.provisions[0]]


class Expectation(_Strict):
    """What a case expects of the rule for one subject."""

    subject: str
    status: Status
    provisions: list[str] = Field([], description="each must be among the finding's provisions")
    missing: list[str] = Field([], description="facts named as missing (needs_evidence)")
    penalty_max_rmb: float | None = Field(None, description="the largest administrative maximum")
    penalty_min_rmb: float | None = None
    criminal: list[str] = Field([], description="criminal-law provisions noted as exposure")
    not_criminal: list[str] = Field([], description="criminal-law provisions that must not be noted")


class Case(_Strict):
    """A scenario a lawyer can read: a situation, a date, the expected findings."""

    name: str = Field(min_length=10)
    as_of: dt.date
    profile: dict[str, Any]
    expect: list[Expectation] = Field(min_length=1)
    gap: str | None = Field(None, description="a known gap: the case states what the law says "
                            "but the rule does not do yet; it must fail until the gap closes")


class CaseFile(_Strict):
    rule: str
    cases: list[Case] = Field(min_length=1)
