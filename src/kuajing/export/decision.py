"""Which mechanism a cross-border transfer needs, as of a date (FACTS.md sections 8-11).

The decision runs per data exporter (the actor) over all its data flows, because the volume
thresholds count distinct individuals per exporter over a counting period, adding up across
flows, with exempt flows left out. Regimes by date:

- from 2024-03-22, the Provisions on Cross-Border Data Flows (``cbdf-2024``): important data as
  notified → assessment; CIIO exporting PI → assessment unless an exemption of Arts. 3-6; the
  exemptions of Arts. 3-6; then the bands counted since 1 January of the current year. From
  2025-01-01 the NDSMR (Art. 35) lists the same contract, HR and emergency grounds;
- 2022-09-01 to 2024-03-21, the Security Assessment Measures (``export-assessment-2022``) and, from
  2023-06-01, the Standard Contract Measures: triggers counted since 1 January of the previous year;
- 2021-11-01 to 2022-08-31, PIPL Arts. 38 and 40 without implementing measures (at_risk);
- 2017-06-01 to 2021-10-31, CSL Art. 37 for CIIOs only.

Unknown is never compliant: a flow that cannot be classified for want of a fact may still count
toward the exporter's thresholds, so the volume band is decided only when it would be the same
with and without such flows (their declared counts, or their ledger counts, taken as the worst
case); otherwise the band waits for the missing facts.

Every threshold is a dated parameter with its citation; this module holds no numbers of the law.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..facts.profile import MAINLAND, UNKNOWN, DataFlow
from ..findings import ParameterUsed
from ..law.corpus import Law
from .deadlines import flow_deadlines

__all__ = ["EXEMPT", "SCC", "ASSESSMENT", "FlowDecision", "ExporterDecision", "decide", "regime_on",
           "ledger_exporter_name"]

EXEMPT = "exempt"
SCC = "standard_contract_or_certification"
ASSESSMENT = "security_assessment"
RANK = {None: -1, EXEMPT: 0, SCC: 1, ASSESSMENT: 2}

#: Grounds that exempt a flow even when it carries personal information:
#: ground -> (provision, item of that article, description, item of NDSMR Art. 35 or None).
PI_EXEMPTIONS = {
    "contract_necessity": ("cbdf-2024:5", "(1)", "necessary to conclude or perform a contract with the "
                           "individual", "(4)"),
    "hr_management": ("cbdf-2024:5", "(2)", "cross-border human-resources management under lawful "
                      "labour rules and collective contracts", "(5)"),
    "emergency": ("cbdf-2024:5", "(3)", "an emergency to protect a person's life, health or property", "(7)"),
    "collected_abroad": ("cbdf-2024:4", "", "information collected abroad, processed here and sent back "
                         "with no domestic personal information or important data added", None),
}
NON_PI_GROUNDS = {"international_trade", "cross_border_transport", "academic_cooperation", "manufacturing"}


def _known(v: Any) -> Any:
    return None if v is None or v == UNKNOWN else v


@dataclass
class FlowDecision:
    flow_id: str
    mechanism: str | None
    why: str
    provisions: list[str]
    counts_toward_thresholds: bool = False
    pending: bool = False  # decided by the exporter's volume band
    uncertain: str | None = None
    missing: list[str] = field(default_factory=list)
    not_an_export: bool = False
    important_data: bool = False
    no_personal_information: bool = False  # known to carry none: never counts
    deadlines: dict = field(default_factory=dict)
    note: str | None = None  # e.g. self-identified data that is not important data for export
    note_provisions: list[str] = field(default_factory=list)

    @property
    def may_count(self) -> bool:
        """Undecided for want of a fact, so it may yet count toward the exporter's thresholds."""
        return (self.mechanism is None and not self.pending and not self.not_an_export
                and not self.counts_toward_thresholds and not self.no_personal_information)


@dataclass
class ExporterDecision:
    regime: str
    mechanism: str | None
    why: str
    provisions: list[str]
    period_start: dt.date | None
    individuals: int | None
    sensitive_individuals: int | None
    thresholds: list[dict] = field(default_factory=list)
    flows: dict[str, FlowDecision] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    params: list[ParameterUsed] = field(default_factory=list)
    uncertain: str | None = None
    counts_source: str = "profile"
    period_end: dt.date | None = None
    undecided_flows: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "regime": self.regime,
            "counting_period": {"from": self.period_start.isoformat() if self.period_start else None,
                                "to": self.period_end.isoformat() if self.period_end else None},
            "counts_source": self.counts_source,
            "exporter": {
                "mechanism": self.mechanism,
                "why": self.why,
                "provisions": self.provisions,
                "individuals": self.individuals,
                "sensitive_individuals": self.sensitive_individuals,
                "thresholds": self.thresholds,
                "missing_facts": self.missing,
                "uncertain": self.uncertain,
                "undecided_flows": self.undecided_flows,
            },
            "flows": [
                {"id": f.flow_id, "mechanism": f.mechanism, "why": f.why, "provisions": f.provisions,
                 "counts_toward_thresholds": f.counts_toward_thresholds, "uncertain": f.uncertain,
                 "missing_facts": f.missing, "not_an_export": f.not_an_export,
                 "deadlines": f.deadlines}
                for f in self.flows.values()
            ],
        }


def regime_on(law: Law, on: dt.date) -> str:
    if law.in_force("cbdf-2024:7", on):
        return "cbdf-2024"
    if law.in_force("export-assessment-2022:4", on):
        return "export-assessment-2022"
    if law.in_force("pipl:38", on):
        return "pipl"
    if law.in_force("csl:37", on):
        return "csl"
    return "none"


class _Params:
    """Reads dated parameters and remembers them (with citations) for the explanation."""

    def __init__(self, law: Law, on: dt.date) -> None:
        self.law, self.on, self.used = law, on, []

    def __call__(self, pid: str) -> Any:
        used = self.law.used(pid, self.on)
        if used is None:
            return None
        if used not in self.used:
            self.used.append(used)
        return used.value


@dataclass
class _Counts:
    total: int | None
    sensitive: int | None
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Band:
    mechanism: str | None
    why: str
    provisions: list[str] = field(default_factory=list)
    uncertain: str | None = None
    thresholds: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def decide(profile, on: dt.date, law: Law, *, ledger=None, exporter: str | None = None) -> ExporterDecision:
    """Decide the mechanism per flow and for the exporter. With ``ledger`` (an export Ledger), the
    counts are the ledger's distinct individuals of ``exporter`` over the counting period, in the
    flows that count toward the thresholds, instead of the profile's declared counts."""
    param = _Params(law, on)
    regime = regime_on(law, on)
    actor = profile.actor
    is_org = actor.kind == "organisation"
    ciio = _known(actor.ciio) if is_org else False
    flows: dict[str, FlowDecision] = {}
    for i, flow in enumerate(profile.data_flows):
        flows[flow.id] = _classify(flow, i, regime, ciio, actor, param)
        flows[flow.id].deadlines = flow_deadlines(flow, law, on)

    years_back = param("xb.counting_period.years_back")
    period_start = dt.date(on.year - int(years_back), 1, 1) if years_back is not None else None
    indexed = list(enumerate(profile.data_flows))
    counting = [(i, f) for i, f in indexed if flows[f.id].counts_toward_thresholds]
    open_ = [(i, f) for i, f in indexed if flows[f.id].may_count]
    use_ledger = ledger is not None and period_start is not None
    name = exporter or ledger_exporter_name(profile)
    if use_ledger:
        certain = _ledger_counts(ledger, name, period_start, on, counting)
        worst = _ledger_counts(ledger, name, period_start, on, counting + open_) if open_ else certain
    else:
        certain = _profile_counts(counting)
        worst = _worst_counts(certain, open_) if open_ else certain

    dec = ExporterDecision(regime=regime, mechanism=None, why="", provisions=[], period_start=period_start,
                           period_end=on, individuals=certain.total,
                           sensitive_individuals=certain.sensitive, flows=flows,
                           counts_source="ledger" if use_ledger else "profile")
    if any(f.pending for f in flows.values()):
        band = _band(regime, actor, certain, param)
        dec.thresholds, dec.missing = band.thresholds, sorted(set(band.missing))
        ids = [f.id for _, f in open_]
        dec.undecided_flows = ids
        if band.mechanism is not None and band.mechanism != ASSESSMENT and open_:
            upper = _band(regime, actor, worst, param)
            if upper.mechanism == band.mechanism:
                band.why += (f" The undecided flow(s) {', '.join(ids)} could not change this even if they "
                             "counted in full.")
            else:
                could = (f"could raise it to {upper.mechanism}" if upper.mechanism
                         else "have no known count")
                band = _Band(None, f"without the undecided flow(s) {', '.join(ids)} the band would be "
                             f"{band.mechanism}, but they may count toward the thresholds and {could}.",
                             missing=sorted({m for _, f in open_ for m in flows[f.id].missing}
                                            | set(worst.missing)))
                dec.missing = sorted(set(dec.missing + band.missing))
    else:
        band = _Band(None, "")
    for f in flows.values():
        if f.pending:
            if band.mechanism is None:
                f.missing = sorted(set(f.missing + dec.missing))
                f.why = "The volume band of the exporter cannot be decided: " + band.why
            else:
                f.mechanism, f.why, f.provisions, f.uncertain = (band.mechanism, band.why,
                                                                 list(band.provisions), band.uncertain)
        if f.note and f.mechanism is not None:
            f.why = f"{f.why} {f.note}"
            f.provisions = f.provisions + [c for c in f.note_provisions if c not in f.provisions]
    decided = [f.mechanism for f in flows.values() if not f.not_an_export]
    dec.mechanism = max(decided, key=lambda m: RANK[m]) if decided and None not in decided else (
        None if decided else EXEMPT)
    strongest = [f for f in flows.values() if f.mechanism == dec.mechanism and not f.not_an_export]
    if dec.mechanism is None:
        dec.why = "Some flows cannot be decided yet; establish the missing facts."
        dec.missing = sorted({m for f in flows.values() for m in f.missing} | set(dec.missing))
    elif strongest:
        dec.why, dec.provisions, dec.uncertain = strongest[0].why, strongest[0].provisions, strongest[0].uncertain
    else:
        dec.why = "No data flow leaves the mainland."
    dec.params = param.used
    return dec


def ledger_exporter_name(profile) -> str:
    """The name under which the ledger records this profile's exporter."""
    return getattr(profile.actor, "name", None) or "default"


def _profile_counts(items) -> _Counts:
    """Declared counts of the flows that count, added up (an upper bound of distinct people)."""
    total = sensitive = 0
    missing: list[str] = []
    notes: list[str] = []
    for idx, f in items:
        base = f"data_flows[{idx}]"
        n, s = _known(f.individuals), _known(f.sensitive_individuals)
        cats = _known(f.categories.sensitive)
        if n is None:
            missing.append(f"{base}.individuals")
        if cats:  # sensitive categories declared: their count is needed, and 0 contradicts them
            if s is None:
                missing.append(f"{base}.sensitive_individuals")
            elif s == 0:
                missing.append(f"{base}.sensitive_individuals")
                notes.append(f"{base} lists sensitive categories ({', '.join(cats)}) but declares no "
                             "individual with sensitive information")
        total += n or 0
        # a positive count of sensitive individuals is taken at its word even without categories
        sensitive += s or 0
    if missing:
        return _Counts(None, None, missing, notes)
    return _Counts(total, sensitive, [], notes)


def _worst_counts(certain: _Counts, open_) -> _Counts:
    """The counts if every undecided flow counted, with sensitive information unless known not."""
    if certain.total is None:
        return certain
    total, sensitive = certain.total, certain.sensitive
    missing: list[str] = []
    for idx, f in open_:
        n, s = _known(f.individuals), _known(f.sensitive_individuals)
        if n is None:
            missing.append(f"data_flows[{idx}].individuals")
            continue
        cats = _known(f.categories.sensitive)
        total += n
        sensitive += s if s is not None and (s > 0 or cats == []) else (0 if cats == [] else n)
    if missing:
        return _Counts(None, None, missing)
    return _Counts(total, sensitive)


def _ledger_counts(ledger, name: str, start: dt.date, end: dt.date, items) -> _Counts:
    """Exact distinct counts from the ledger; a flow the ledger has never recorded is unknown."""
    recorded = ledger.flows_recorded(name)
    missing = [f"export ledger: no batch recorded for flow '{f.id}' of exporter '{name}'"
               for _, f in items if f.id not in recorded]
    if missing:
        return _Counts(None, None, missing)
    ids = [f.id for _, f in items]
    return _Counts(ledger.distinct(name, start, end, flows=ids),
                   ledger.distinct(name, start, end, flows=ids, category="sensitive"))


def _classify(flow: DataFlow, i: int, regime: str, ciio: Any, actor, param: _Params) -> FlowDecision:
    fid = flow.id
    base = f"data_flows[{i}]"
    country = _known(flow.recipient.country)
    if country == MAINLAND:
        return FlowDecision(fid, None, "The recipient is in the mainland: not a cross-border transfer.",
                            [], not_an_export=True)
    if regime == "none":
        return FlowDecision(fid, EXEMPT, "No export rule was in force on this date.", [])
    cats = flow.categories
    pi, imp, core = _known(cats.personal_information), _known(cats.important_data), _known(cats.core_data)
    missing = [f"{base}.{n}" for n, v in (("recipient.country", country),
                                          ("categories.personal_information", pi),
                                          ("categories.important_data", imp)) if v is None]
    if pi and _known(cats.sensitive) is None:
        missing.append(f"{base}.categories.sensitive")
    if missing:
        return FlowDecision(fid, None, "The data categories or destination are not known.", [],
                            missing=missing, no_personal_information=pi is False)
    if core:
        return FlowDecision(fid, ASSESSMENT, "The flow carries core data, which is under a stricter "
                            "regime than important data.", ["dsl:21", "dsl:31"],
                            counts_toward_thresholds=bool(pi),
                            uncertain="Core-data export is governed by rules kuajing does not formalise; "
                            "export may not be permitted at all.")
    measures = regime in ("cbdf-2024", "export-assessment-2022")
    ndsmr = param.law.in_force("ndsm-2025:35", param.on)
    if ciio and regime in ("csl", "pipl") and (pi or imp in ("notified", "identified_not_notified")):
        return FlowDecision(fid, ASSESSMENT, "A critical information infrastructure operator exports "
                            "personal information or important data, which needs a security assessment.",
                            ["csl:37"] + (["pipl:40"] if regime == "pipl" and pi else []),
                            counts_toward_thresholds=bool(pi), important_data=imp != "none",
                            uncertain="The CAC assessment measures the law referred to took effect only on "
                            "2022-09-01; before then no assessment procedure could be completed.")
    if imp == "notified" or (imp == "identified_not_notified" and regime == "export-assessment-2022"):
        if measures:
            cite = "cbdf-2024:7" if regime == "cbdf-2024" else "export-assessment-2022:4"
            unsure = None if imp == "notified" else (
                "Before 2024-03-22 no rule said that only notified or announced data is important data; "
                "whether self-identified data needed an assessment is not settled.")
            return FlowDecision(fid, ASSESSMENT, "The flow carries important data, which needs a CAC "
                                "security assessment whoever exports it.", [cite, "dsl:31"] + (
                                    ["cbdf-2024:2"] if regime == "cbdf-2024" else []) + (
                                    ["ndsm-2025:37"] if ndsmr else []),
                                counts_toward_thresholds=bool(pi), important_data=True, uncertain=unsure)
        if param.law.in_force("dsl:31", param.on):
            return FlowDecision(fid, ASSESSMENT, "The flow carries important data.", ["dsl:31"],
                                uncertain="DSL Art. 31 referred to CAC measures not yet in force.",
                                important_data=True, counts_toward_thresholds=bool(pi))
    note, note_cites = None, []
    if imp == "identified_not_notified" and regime == "cbdf-2024":
        note = ("Data identified as possibly important but not notified or announced as such by the "
                "authorities is not treated as important data for export (Provisions Art. 2"
                + ("; NDSMR Art. 37" if ndsmr else "") + ").")
        note_cites = ["cbdf-2024:2"] + (["ndsm-2025:37"] if ndsmr else [])
    if not pi:
        grounds = set(_known(flow.grounds) or [])
        cite = ["cbdf-2024:3"] if regime == "cbdf-2024" and grounds & NON_PI_GROUNDS else []
        return FlowDecision(fid, EXEMPT, "The flow carries no personal information and no important "
                            "data, so no export mechanism is needed" + (
                                " (Provisions Art. 3)." if cite else "."), cite, note=note,
                            note_provisions=note_cites, no_personal_information=True)
    if regime == "cbdf-2024":
        grounds = _known(flow.grounds)
        if grounds is None:
            return FlowDecision(fid, None, "Whether an exemption ground applies is not known.", [],
                                missing=[f"{base}.grounds"])
        for g in grounds:
            if g in PI_EXEMPTIONS:
                cite, item, text, ndsmr_item = PI_EXEMPTIONS[g]
                article = cite.split(":")[1]
                why = f"Exempt: {text} (Provisions Art. {article}{item}"
                cites = [cite, "cbdf-2024:10"]
                if ndsmr and ndsmr_item:
                    why += f"; NDSMR Art. 35{ndsmr_item}"
                    cites.append("ndsm-2025:35")
                return FlowDecision(fid, EXEMPT, why + ").", cites, note=note, note_provisions=note_cites)
        if "ftz_negative_list" in grounds:
            in_ftz = _known(getattr(actor, "in_ftz", None))
            if in_ftz is None:
                return FlowDecision(fid, None, "Whether the exporter is in a pilot free trade zone is "
                                    "not known.", [], missing=["actor.in_ftz"])
            if in_ftz:
                return FlowDecision(fid, EXEMPT, "Exempt: the data is not on the free trade zone's "
                                    "negative list (Provisions Art. 6).", ["cbdf-2024:6", "cbdf-2024:10"],
                                    note=note, note_provisions=note_cites)
    if ciio is None:
        return FlowDecision(fid, None, "Whether the exporter is a CIIO is not known.", [],
                            missing=["actor.ciio"])
    if ciio:
        cite = {"cbdf-2024": ["cbdf-2024:7", "csl:37"],
                "export-assessment-2022": ["export-assessment-2022:4", "csl:37"]}[regime]
        return FlowDecision(fid, ASSESSMENT, "A critical information infrastructure operator exports "
                            "personal information, which needs a CAC security assessment.", cite,
                            counts_toward_thresholds=True, note=note, note_provisions=note_cites)
    if regime == "csl":
        return FlowDecision(fid, EXEMPT, "Before the PIPL only CIIOs needed an export assessment.", [])
    return FlowDecision(fid, None, "", [], counts_toward_thresholds=True, pending=True, note=note,
                        note_provisions=note_cites)


def _band(regime, actor, counts: _Counts, param) -> _Band:
    """The exporter's volume band for the given counts."""
    if regime == "pipl":
        return _Band(SCC, "The PIPL requires a security assessment, certification or the standard contract "
                     "for any export; the CAC measures setting the bands were not yet in force.", ["pipl:38"],
                     "The implementing measures (2022 assessment, 2023 standard contract) were not yet in "
                     "force.")
    total, sensitive = counts.total, counts.sensitive
    if total is None:
        why = "the counts of individuals are not known"
        if counts.notes:
            why += " (" + "; ".join(counts.notes) + ")"
        return _Band(None, why + ".", missing=list(counts.missing))
    if regime == "export-assessment-2022":
        processed_limit = param("xb.assessment.trigger.pi_processed")
        pi_limit = param("xb.assessment.trigger.pi_exported")
        s_limit = param("xb.assessment.trigger.sensitive_exported")
        processed = _known(getattr(actor, "pi_individuals_processed", None)) if actor.kind == "organisation" else 0
        thresholds = _thresholds([("xb.assessment.trigger.pi_processed", processed, processed_limit),
                                  ("xb.assessment.trigger.pi_exported", total, pi_limit),
                                  ("xb.assessment.trigger.sensitive_exported", sensitive, s_limit)])
        if total >= pi_limit or sensitive >= s_limit:
            return _Band(ASSESSMENT, f"Since 1 January of the previous year the exporter has sent abroad "
                         f"personal information of {total:,} individuals ({sensitive:,} with sensitive "
                         f"information), reaching the assessment trigger ({pi_limit:,} / {s_limit:,}).",
                         ["export-assessment-2022:4"], None, thresholds)
        if processed is None:
            return _Band(None, "how many individuals' information the exporter processes is not known.",
                         thresholds=thresholds, missing=["actor.pi_individuals_processed"])
        if processed >= processed_limit:
            return _Band(ASSESSMENT, f"The exporter processes personal information of {processed:,} "
                         f"individuals, at least {processed_limit:,}, so any export of it needs an "
                         "assessment.", ["export-assessment-2022:4"], None, thresholds)
        scc_in_force = param.law.in_force("standard-contract-2023:4", param.on)
        cites = ["pipl:38"] + (["standard-contract-2023:4"] if scc_in_force else [])
        return _Band(SCC, f"Below the assessment triggers ({total:,} individuals, {sensitive:,} with "
                     "sensitive information since 1 January of the previous year): the standard contract "
                     "or certification.", cites,
                     None if scc_in_force else "The Standard Contract Measures took effect only on "
                     "2023-06-01; until then certification was the only mechanism in place for this band.",
                     thresholds)
    # cbdf-2024
    pi_limit = param("xb.assessment.trigger.pi_exported")
    s_limit = param("xb.assessment.trigger.sensitive_exported")
    small = param("xb.exempt.small_volume_max")
    thresholds = _thresholds([("xb.exempt.small_volume_max", total, small),
                              ("xb.assessment.trigger.pi_exported", total, pi_limit),
                              ("xb.assessment.trigger.sensitive_exported", sensitive, s_limit)])
    counted = (f"Since 1 January this year the exporter has sent abroad personal information of {total:,} "
               f"individuals, {sensitive:,} of them with sensitive information")
    if total >= pi_limit or sensitive >= s_limit:
        # Art. 7(2) counts personal information "not including sensitive personal information": when
        # only the people with sensitive information lift the total over the line, the band turns on
        # how they are counted (and on whether their other information went too)
        unsure = None
        if sensitive < s_limit and total - sensitive < pi_limit:
            unsure = (f"Only with the {sensitive:,} individuals whose sensitive information was sent does the "
                      f"count reach {pi_limit:,}; whether they count toward the threshold for personal "
                      "information not including sensitive information is not settled. Below it, the "
                      "standard contract or certification would do.")
        return _Band(ASSESSMENT, f"{counted}: at or above the assessment thresholds ({pi_limit:,} individuals "
                     f"or {s_limit:,} with sensitive information, Provisions Art. 7(2)).", ["cbdf-2024:7"],
                     unsure, thresholds)
    if total >= small or sensitive > 0:
        reason = (f"at least {small:,} individuals" if total >= small
                  else "sensitive personal information of any number of individuals")
        return _Band(SCC, f"{counted}: {reason} needs the standard contract or certification "
                     "(Provisions Art. 8).", ["cbdf-2024:8", "pipl:38"], None, thresholds)
    return _Band(EXEMPT, f"{counted}: fewer than {small:,} individuals and no sensitive information, so the "
                 "small-volume exemption applies (Provisions Art. 5(4)).", ["cbdf-2024:5", "cbdf-2024:10"],
                 None, thresholds)


def _thresholds(rows):
    out = []
    for pid, count, limit in rows:
        if limit is None:
            continue
        out.append({"parameter": pid, "threshold": limit, "count": count,
                    "fraction": None if count is None else round(count / limit, 4)})
    return out
