"""The main job, end to end: collect facts → evaluate dated, cited rules → findings.

    result = assess(Path("examples/fie-mpls.yaml"), as_of=None)
    reports.json.render(result, sys.stdout)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from . import DISCLAIMER_EN, __version__
from .evidence.collect import collect_evidence
from .export.decision import decide
from .facts.load import LoadedProfile, load_profile, resolve_as_of
from .findings import Finding, Status, binding, verdict_of
from .law.corpus import load_law
from .rules.engine import evaluate

__all__ = ["Assessment", "assess", "assess_loaded", "FORMAT"]

FORMAT = "kuajing.assessment/1"


class Assessment(BaseModel):
    """The stable JSON document of ``kuajing assess`` (see docs/json-format.md)."""

    model_config = ConfigDict(extra="forbid")

    kuajing: str
    format: str
    profile: str
    as_of: dt.date
    verdict: Status
    summary: dict[str, int]
    findings: list[Finding]
    export: dict[str, Any] | None = None
    disclaimer: str

    def exit_code(self, fail_on: Status = Status.at_risk) -> int:
        """0 nothing at or above ``fail_on`` among binding findings, else 1."""
        order = [Status.violation, Status.at_risk, Status.needs_evidence]
        worst = order[: order.index(fail_on) + 1]
        return 1 if any(binding(f) and f.status in worst for f in self.findings) else 0


def assess(path: Path, as_of: dt.date | None = None, today: dt.date | None = None,
           ledger=None) -> Assessment:
    return assess_loaded(load_profile(path), as_of=as_of, today=today, name=str(path), ledger=ledger)


def assess_loaded(loaded: LoadedProfile, as_of: dt.date | None = None, today: dt.date | None = None,
                  name: str = "<profile>", ledger=None) -> Assessment:
    """Facts (profile + evidence) → rules as of the date → findings, and the export decision."""
    date = resolve_as_of(loaded, as_of, today or dt.date.today())
    law = load_law()
    evidence = collect_evidence(loaded, date)
    run: dict[str, Any] = {"ledger": ledger} if ledger is not None else {}
    findings = evaluate(loaded, date, law=law, evidence=evidence, options=run)
    export = None
    if loaded.profile.data_flows:
        cached = run.get("_export_cache", {}).get(date)
        export = (cached or decide(loaded.profile, date, law, ledger=ledger)).as_dict()
    summary = {s.value: sum(1 for f in findings if f.status is s) for s in Status}
    return Assessment(
        kuajing=__version__,
        format=FORMAT,
        profile=name,
        as_of=date,
        verdict=verdict_of(findings),
        summary=summary,
        findings=findings,
        export=export,
        disclaimer=DISCLAIMER_EN,
    )
