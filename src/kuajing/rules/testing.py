"""Run the scenario cases (``cases.yaml``) beside each rule and compare with the findings.

Used by the pytest plugin in ``conftest.py`` and by ``kuajing rules test``. A case marked
``gap`` states what the law says but the rule does not do yet: it passes while the rule still
disagrees, and fails loudly once the gap closes (so the mark is removed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError, InputError
from ..facts.load import profile_from_data
from ..findings import Finding
from ..law.corpus import load_law
from ..validation import validate_document
from ..yamlsource import load_yaml
from .engine import Rule, evaluate_rule, load_rules
from .model import Case, CaseFile, Expectation

__all__ = ["load_cases", "run_case", "CaseResult"]


@dataclass
class CaseResult:
    case: Case
    mismatches: list[str]
    findings: list[Finding]

    @property
    def agrees(self) -> bool:
        return not self.mismatches

    @property
    def passed(self) -> bool:
        return self.agrees != bool(self.case.gap)


def load_cases(path: Path) -> CaseFile:
    try:
        return validate_document(CaseFile, load_yaml(path))
    except InputError as exc:
        raise CorpusError(exc.message, location=exc.location, path=exc.path, expected=exc.expected,
                          found=exc.found, hint=exc.hint, problems=exc.problems) from None


def rule_by_id(rule_id: str) -> Rule:
    for rule in load_rules():
        if rule.meta.id == rule_id:
            return rule
    raise CorpusError(f"cases name an unknown rule '{rule_id}'")


def run_case(rule: Rule, case: Case, file: str = "<case>") -> CaseResult:
    data = {"kuajing": 1, **case.profile}
    loaded = profile_from_data(data, file=f"{file}#{case.name[:40]}")
    findings = evaluate_rule(rule, loaded, case.as_of, law=load_law())
    mismatches: list[str] = []
    for exp in case.expect:
        match = [f for f in findings if f.subject == exp.subject]
        if not match:
            mismatches.append(f"{exp.subject}: no finding (subjects: {[f.subject for f in findings]})")
            continue
        mismatches.extend(_compare(exp, match[0]))
    return CaseResult(case, mismatches, findings)


def _compare(exp: Expectation, f: Finding) -> list[str]:
    out = []
    if f.status != exp.status:
        out.append(f"{exp.subject}: status expected {exp.status.value}, got {f.status.value} "
                   f"({f.explanation})")
    for cite in exp.provisions:
        if cite not in f.provisions:
            out.append(f"{exp.subject}: provision {cite} expected among {f.provisions}")
    for fact in exp.missing:
        if not any(m == fact or m.endswith("." + fact) for m in f.missing_facts):
            out.append(f"{exp.subject}: missing fact {fact} expected among {f.missing_facts}")
    admin = [p for p in f.penalties if p.kind == "administrative"]
    if exp.penalty_max_rmb is not None:
        got = max((p.max_rmb for p in admin if p.max_rmb is not None), default=None)
        if got != exp.penalty_max_rmb:
            out.append(f"{exp.subject}: largest administrative maximum expected "
                       f"{exp.penalty_max_rmb:,.0f}, got {got}")
    if exp.penalty_min_rmb is not None:
        got = min((p.min_rmb for p in admin if p.min_rmb is not None), default=None)
        if got != exp.penalty_min_rmb:
            out.append(f"{exp.subject}: smallest administrative minimum expected "
                       f"{exp.penalty_min_rmb:,.0f}, got {got}")
    crim = {p.provision for p in f.penalties if p.kind == "criminal"}
    for cite in exp.criminal:
        if cite not in crim:
            out.append(f"{exp.subject}: criminal exposure {cite} expected among {sorted(crim)}")
    for cite in exp.not_criminal:
        if cite in crim:
            out.append(f"{exp.subject}: criminal exposure {cite} must not be noted on this date")
    return out
