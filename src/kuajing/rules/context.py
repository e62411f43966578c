"""What a rule function sees: facts (with provenance), dated parameters, and outcome helpers.

A rule is a small pure function ``evaluate(ctx) -> Outcome``. It reads facts with
``ctx.fact("provider.basic_operator")`` (relative to its subject; ``actor.`` reads the actor's):
an unknown fact stops the rule with ``needs_evidence`` naming that fact. Parameters come from
the dated corpus with ``ctx.param(id)``; every read is recorded for the explanation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorpusError
from ..evidence import EvidenceFact
from ..facts.profile import UNKNOWN
from ..findings import FactUsed, ParameterUsed, Penalty, Status
from ..law.corpus import Law
from ..yamlsource import format_path
from .model import RuleMeta

__all__ = ["Context", "Outcome", "MissingFact"]


class MissingFact(Exception):
    """Raised inside a rule when a fact it needs is unknown."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        super().__init__(", ".join(paths))


@dataclass(frozen=True)
class Outcome:
    status: Status
    message: str
    reason: str | None = None
    penalties: tuple[Penalty, ...] = ()
    cites: tuple[str, ...] | None = None  # the provisions this outcome rests on (default: all in force)


@dataclass
class Context:
    rule: RuleMeta
    law: Law
    as_of: dt.date
    subject: Any
    subject_path: tuple
    actor: Any
    source_of: Any  # callable(path tuple) -> "file:line"
    evidence: dict[str, EvidenceFact] = field(default_factory=dict)
    profile: Any = None
    options: dict = field(default_factory=dict)
    facts_used: list[FactUsed] = field(default_factory=list)
    params_used: list[ParameterUsed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    # -- facts -------------------------------------------------------------------------------
    def fact(self, name: str) -> Any:
        """The value of a known fact; raises MissingFact (→ needs_evidence) if unknown."""
        value, path = self._read(name)
        if value is None:
            raise MissingFact([format_path(path)])
        return value

    def known(self, name: str) -> Any:
        """The value of a fact, or None when unknown (for facts that only refine the outcome)."""
        value, _ = self._read(name)
        return value

    def require(self, *names: str) -> tuple:
        """Read several facts at once, naming every missing one together."""
        values, missing = [], []
        for name in names:
            value, path = self._read(name)
            values.append(value)
            if value is None:
                missing.append(format_path(path))
        if missing:
            raise MissingFact(missing)
        return tuple(values)

    def _read(self, name: str) -> tuple[Any, tuple]:
        if name not in self.rule.facts:
            raise CorpusError(
                f"rule {self.rule.id} reads fact '{name}' that its rule.yaml does not declare",
                path=f"{self.rule.id}.facts", expected=f"'{name}' listed under facts")
        if name.startswith("actor."):
            obj, rel, base = self.actor, name[len("actor."):], ("actor",)
        else:
            obj, rel, base = self.subject, name, self.subject_path
        path = base + tuple(rel.split("."))
        declared = _walk(obj, rel)
        if declared == UNKNOWN:
            declared = None
        proved = None if name.startswith("actor.") else self.evidence.get(rel)
        if proved is not None:
            if declared is not None and declared != proved.value:
                self.notes.append(
                    f"{format_path(path)}: the profile declares {declared!r} but the evidence shows "
                    f"{proved.value!r} ({proved.source}); the evidence is used")
            self.facts_used.append(FactUsed(path=format_path(path), value=_plain(proved.value),
                                            known=True, source=proved.source))
            return proved.value, path
        self.facts_used.append(FactUsed(path=format_path(path), value=_plain(declared),
                                        known=declared is not None, source=self.source_of(path)))
        return declared, path

    def proved(self, name: str) -> bool:
        """True when the fact comes from evidence (a configuration or a log), not the profile."""
        return name in self.evidence

    def record(self, path: str, value: Any, source: str | None) -> None:
        """Record a fact read outside the subject (e.g. other flows' counts for a total)."""
        self.facts_used.append(FactUsed(path=path, value=_plain(value), known=value is not None,
                                        source=source))

    def note(self, text: str) -> None:
        self.notes.append(text)

    # -- parameters and constants ------------------------------------------------------------
    def param(self, param_id: str) -> Any:
        """The value of a law parameter in force on the as-of date (recorded with its citation)."""
        used = self.law.used(param_id, self.as_of)
        if used is None:
            raise CorpusError(f"rule {self.rule.id}: parameter {param_id} has no value on {self.as_of}",
                              path=param_id, hint="check the rule's dates against the parameter's")
        if used not in self.params_used:
            self.params_used.append(used)
        return used.value

    def param_or_none(self, param_id: str) -> Any:
        """Like ``param`` but None when the parameter has no value on the date."""
        if self.law.value(param_id, self.as_of) is None:
            return None
        return self.param(param_id)

    def constant(self, name: str) -> Any:
        """A number of a recommended rule (named good practice, not law)."""
        return self.rule.constants[name].value

    def in_force(self, cite: str) -> bool:
        return self.law.in_force(cite, self.as_of)

    def cite(self, cite: str) -> str:
        return self.law.resolve(cite, self.as_of).cited_as

    # -- penalties ---------------------------------------------------------------------------
    def fine(self, param_id: str, description: str, authority: str | None = None,
             basis: str | None = None, uncertain: bool = False) -> Penalty:
        """An administrative fine band taken from a parameter (range or cap)."""
        value = self.param(param_id)
        used = next(p for p in self.params_used if p.id == param_id)
        lo = value.get("min") if isinstance(value, dict) else None
        hi = value.get("max") if isinstance(value, dict) else value
        return Penalty(kind="administrative", description=description, provision=used.provision,
                       cited_as=used.cited_as, authority=authority, min_rmb=lo, max_rmb=hi,
                       basis=basis, uncertain=uncertain or used.confidence not in ("HIGH", "MEDIUM-HIGH"))

    def amount(self, description: str, provision: str, lo: float | None, hi: float | None,
               basis: str, authority: str | None = None, uncertain: bool = False) -> Penalty:
        """An administrative amount computed by the rule (e.g. a multiple of declared income)."""
        return Penalty(kind="administrative", description=description, provision=provision,
                       cited_as=self.cite(provision), authority=authority, min_rmb=lo, max_rmb=hi,
                       basis=basis, uncertain=uncertain)

    def criminal(self, cite: str, description: str, uncertain: bool = True) -> Penalty:
        """Criminal exposure under an article (reported, never asserted as an offence)."""
        return Penalty(kind="criminal", description=description, provision=cite,
                       cited_as=self.cite(cite), uncertain=uncertain)

    # -- outcomes ----------------------------------------------------------------------------
    def compliant(self, message: str, cites: list[str] | None = None) -> Outcome:
        return Outcome(Status.compliant, message, cites=_t(cites))

    def violation(self, message: str, penalties: list[Penalty] | tuple = (),
                  cites: list[str] | None = None) -> Outcome:
        return Outcome(Status.violation, message, None, tuple(penalties), _t(cites))

    def at_risk(self, message: str, reason: str, penalties: list[Penalty] | tuple = (),
                cites: list[str] | None = None) -> Outcome:
        return Outcome(Status.at_risk, message, reason, tuple(penalties), _t(cites))

    def not_applicable(self, message: str, cites: list[str] | None = None) -> Outcome:
        return Outcome(Status.not_applicable, message, cites=_t(cites))


def _t(cites: list[str] | None) -> tuple[str, ...] | None:
    return None if cites is None else tuple(cites)


def _walk(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if obj is None or obj == UNKNOWN:
            return None
        obj = getattr(obj, part, None)
    return obj


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    return value
