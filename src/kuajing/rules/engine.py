"""Discover the rulebook and evaluate it over a profile, as of a date.

A rule is a folder ``rules/<area>/<rule_id>/`` holding ``rule.yaml`` (metadata), ``rule.py``
(``evaluate(ctx) -> Outcome``) and ``cases.yaml`` (scenarios). Adding a rule touches only its
folder: discovery is by folder, with no import lists and no registration.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import CorpusError, InputError
from ..evidence import EvidenceFact
from ..facts.load import LoadedProfile
from ..findings import Finding, Status, Strength
from ..law.corpus import Law, load_law
from ..validation import validate_document
from ..yamlsource import load_yaml
from .context import Context, MissingFact, Outcome
from .model import RuleMeta

__all__ = ["Rule", "load_rules", "evaluate", "evaluate_rule", "RULES_DIR", "subjects_of"]

RULES_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    evaluate: Callable[[Context], Outcome]
    folder: Path


@lru_cache(maxsize=1)
def _bundled() -> tuple[Rule, ...]:
    return tuple(_discover(RULES_DIR, load_law()))


def load_rules(folder: Path | None = None, law: Law | None = None) -> list[Rule]:
    """All rules, sorted by area and id. The bundled rulebook is loaded once."""
    if folder is None:
        return list(_bundled())
    return _discover(Path(folder), law or load_law())


def _discover(root: Path, law: Law) -> list[Rule]:
    rules = []
    for meta_file in sorted(root.glob("*/*/rule.yaml")):
        folder = meta_file.parent
        try:
            meta = validate_document(RuleMeta, load_yaml(meta_file))
        except InputError as exc:
            raise CorpusError(exc.message, location=exc.location, path=exc.path,
                              expected=exc.expected, found=exc.found, hint=exc.hint,
                              problems=exc.problems) from None
        if meta.id != folder.name:
            raise CorpusError("rule id must equal its folder name", path=f"{meta_file}:id",
                              expected=folder.name, found=meta.id)
        if meta.area != folder.parent.name:
            raise CorpusError("rule area must equal its parent folder", path=f"{meta_file}:area",
                              expected=folder.parent.name, found=meta.area)
        for field, cites in (("provisions", meta.provisions),
                             ("unformalised", [u.provision for u in meta.unformalised])):
            for cite in cites:
                if not law.has(cite):
                    raise CorpusError(f"rule {meta.id} cites '{cite}', which is not in the law corpus",
                                      path=f"{meta_file}:{field}",
                                      hint="add the article to law/data/instruments or fix the citation")
        spec = importlib.util.spec_from_file_location(f"kuajing.rules._r.{meta.area}.{meta.id}",
                                                      folder / "rule.py")
        if spec is None or spec.loader is None:
            raise CorpusError(f"rule {meta.id} has no rule.py", path=str(folder))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        fn = getattr(module, "evaluate", None)
        if not callable(fn):
            raise CorpusError(f"rule {meta.id}: rule.py must define evaluate(ctx)", path=str(folder))
        rules.append(Rule(meta=meta, evaluate=fn, folder=folder))
    return rules


def subjects_of(kind: str, loaded: LoadedProfile) -> list[tuple[str, Any, tuple]]:
    """(subject name, object, profile path) for every subject of one kind."""
    p = loaded.profile
    if kind == "actor":
        return [("actor", p.actor, ("actor",))]
    if kind == "channel":
        return [(f"channel:{c.id}", c, ("channels", i)) for i, c in enumerate(p.channels)]
    if kind == "service":
        return [(f"service:{s.id}", s, ("services", i)) for i, s in enumerate(p.services)]
    if kind == "flow":
        flows = getattr(p, "data_flows", [])
        return [(f"flow:{f.id}", f, ("data_flows", i)) for i, f in enumerate(flows)]
    if kind == "exporter":
        return [("exporter", p.actor, ("actor",))] if getattr(p, "data_flows", []) else []
    raise CorpusError(f"unknown subject kind '{kind}'")


def evaluate(
    loaded: LoadedProfile,
    as_of: dt.date,
    *,
    law: Law | None = None,
    rules: Iterable[Rule] | None = None,
    evidence: dict[str, dict[str, EvidenceFact]] | None = None,
    options: dict | None = None,
) -> list[Finding]:
    """Evaluate every rule for every subject. ``evidence`` maps channel ids to proved facts;
    ``options`` carries run-wide inputs such as counts from the export ledger."""
    law = law or load_law()
    run = options if options is not None else {}
    run.setdefault("loaded", loaded)
    findings: list[Finding] = []
    for rule in rules if rules is not None else load_rules():
        findings.extend(evaluate_rule(rule, loaded, as_of, law=law, evidence=evidence, options=run))
    return findings


def evaluate_rule(rule: Rule, loaded: LoadedProfile, as_of: dt.date, *, law: Law,
                  evidence: dict[str, dict[str, EvidenceFact]] | None = None,
                  options: dict | None = None) -> list[Finding]:
    out = []
    run = options if options is not None else {}
    run.setdefault("loaded", loaded)
    for name, obj, path in subjects_of(rule.meta.subject, loaded):
        ev = (evidence or {}).get(name.split(":", 1)[1], {}) if name.startswith("channel:") else {}
        ctx = Context(rule=rule.meta, law=law, as_of=as_of, subject=obj, subject_path=path,
                      actor=loaded.profile.actor, source_of=loaded.source, evidence=ev,
                      profile=loaded.profile, options=run)
        out.append(_run(rule, ctx, name))
    return out


def _run(rule: Rule, ctx: Context, subject: str) -> Finding:
    meta = rule.meta
    missing: list[str] = []
    not_yet = [c for c in meta.basis_provisions if not ctx.law.in_force(c, ctx.as_of)]
    if not_yet:
        parts = []
        for c in not_yet:
            start = ctx.law.in_force_from(c)
            ref = ctx.law.resolve(c, ctx.as_of)
            when = f"in force from {start}" if start and start > ctx.as_of else "not in force"
            parts.append(f"{ref.cited_as} is {when}")
        outcome = Outcome(Status.not_applicable,
                          f"On {ctx.as_of} the rule's legal basis does not apply: " + "; ".join(parts) + ".")
    else:
        try:
            outcome = rule.evaluate(ctx)
        except MissingFact as exc:
            missing = exc.paths
            outcome = Outcome(Status.needs_evidence,
                              "Not enough facts to decide; please establish: " + ", ".join(exc.paths) + ".")
    if not isinstance(outcome, Outcome):
        raise CorpusError(f"rule {meta.id} returned {outcome!r} instead of an Outcome")
    if meta.strength is Strength.recommended and outcome.status is Status.violation:
        raise CorpusError(f"rule {meta.id} is a recommendation and may not report a violation",
                          hint="return ctx.at_risk(...) with the recommendation as the reason")
    if outcome.cites is not None:
        extra = [c for c in outcome.cites if c not in meta.provisions]
        if extra:
            raise CorpusError(f"rule {meta.id} cites {extra} outside its rule.yaml provisions")
        wanted = list(dict.fromkeys(list(outcome.cites) + [p.provision for p in outcome.penalties
                                                            if p.provision in meta.provisions]))
        cites = [c for c in wanted if ctx.law.in_force(c, ctx.as_of)] or wanted
    else:
        cites = [c for c in meta.provisions if ctx.law.in_force(c, ctx.as_of)] or list(meta.provisions)
    explanation = outcome.message
    if ctx.notes:
        explanation += " " + " ".join(ctx.notes)
    return Finding(
        rule_id=meta.id,
        title=meta.title.en,
        title_zh=meta.title.zh,
        status=outcome.status,
        strength=meta.strength,
        severity=meta.severity,
        subject=subject,
        provisions=cites,
        provisions_resolved=[ctx.law.resolve(c, ctx.as_of) for c in cites],
        explanation=explanation,
        reason=outcome.reason,
        missing_facts=missing,
        facts_used=ctx.facts_used,
        parameters_used=ctx.params_used,
        penalties=list(outcome.penalties),
        remediation=None if outcome.status in (Status.compliant, Status.not_applicable)
        else meta.remediation.en,
        remediation_zh=None if outcome.status in (Status.compliant, Status.not_applicable)
        else meta.remediation.zh,
    )
