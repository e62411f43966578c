"""pytest plugin: every ``cases.yaml`` beside a rule is a set of legal scenario tests."""

from __future__ import annotations

import pytest


def pytest_collect_file(parent, file_path):
    if file_path.name == "cases.yaml" and "rules" in file_path.parts:
        return CaseFileItem.from_parent(parent, path=file_path)
    return None


class CaseFileItem(pytest.File):
    def collect(self):
        from kuajing.rules.testing import load_cases, rule_by_id

        cases = load_cases(self.path)
        rule = rule_by_id(cases.rule)
        for case in cases.cases:
            yield ScenarioItem.from_parent(self, name=case.name, rule=rule, case=case)


class ScenarioItem(pytest.Item):
    def __init__(self, *, rule, case, **kw):
        super().__init__(**kw)
        self.rule = rule
        self.case = case

    def runtest(self):
        from kuajing.rules.testing import run_case

        result = run_case(self.rule, self.case, file=str(self.path))
        if not result.passed:
            raise ScenarioFailure(result)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioFailure):
            r = excinfo.value.result
            head = f"{self.path.name}: {self.case.name} (as of {self.case.as_of})"
            if r.case.gap:
                return head + "\n  known gap now closed — remove 'gap' from the case:\n  " + r.case.gap
            return head + "\n" + "\n".join(f"  - {m}" for m in r.mismatches)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scenario: {self.case.name}"


class ScenarioFailure(Exception):
    def __init__(self, result):
        self.result = result
        super().__init__(str(result.mismatches))
