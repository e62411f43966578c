"""The result of a scan: per dataset and overall, occurrences and distinct subjects.

``ScanResult`` is what other parts of kuajing consume (the export ledger, a profile's data flow):
``subject_hashes(category=None, dataset=None)`` gives the exact set of subject hashes, and
``to_dict()`` the stable ``kuajing.scan/1`` JSON document described in docs/scan.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ... import DISCLAIMER_EN, __version__
from .classify import MinorRule
from .count import DatasetTally, HashStrings, Partial, resolve_roots, uniq, unpack
from .model import FORMAT_ID, Category
from .recognizers import all_recognizers

__all__ = ["ScanResult", "Summary"]

_CATEGORIES = list(Category)


def _entity_category() -> dict[str, Category]:
    return {r.entity: r.category for r in all_recognizers()}


def _entities() -> list[str]:
    return sorted({r.entity for r in all_recognizers()})


@dataclass
class Summary:
    """Counts for one dataset or for the whole scan (subjects resolved across the scan).

    Subject sets are sorted arrays of ids into ``strings`` (the hash of each subject).
    """

    occurrences: dict[str, int]
    subjects: dict[str, np.ndarray]               # entity -> subject ids
    category_occurrences: dict[str, int]
    category_subjects: dict[str, np.ndarray]      # category -> subject ids
    all_subjects: np.ndarray
    strings: Sequence = field(repr=False, default=())
    unattributed: int = 0
    records: int = 0
    bytes: int = 0

    def hashes(self, ids: np.ndarray) -> set[str]:
        return {self.strings[i] for i in ids.tolist()}

    def to_dict(self) -> dict:
        cats = _entity_category()
        sensitive = [ids for c, ids in self.category_subjects.items() if Category(c).sensitive]
        n_sensitive = len(uniq(np.concatenate(sensitive))) if sensitive else 0
        return {
            "bytes": self.bytes,
            "records": self.records,
            "occurrences": sum(self.occurrences.values()),
            "subjects": len(self.all_subjects),
            "sensitive_subjects": n_sensitive,
            "unattributed_occurrences": self.unattributed,
            "entities": {
                e: {"category": cats[e].value if e in cats else None, "occurrences": n,
                    "subjects": len(self.subjects.get(e, ()))}
                for e, n in sorted(self.occurrences.items())
            },
            "categories": {
                c.value: {"sensitive": c.sensitive,
                          "occurrences": self.category_occurrences.get(c.value, 0),
                          "subjects": len(self.category_subjects.get(c.value, ()))}
                for c in Category if self.category_occurrences.get(c.value)
            },
        }


def _split(packed: np.ndarray, root: np.ndarray, names: list[str]) -> dict[str, np.ndarray]:
    """{name: sorted unique subject ids} from packed (name index, hash id) keys."""
    if not len(packed):
        return {}
    idx, ids = unpack(packed)
    keys = uniq((idx << 32) | root[ids])
    idx, ids = unpack(keys)
    out = {}
    starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
    ends = np.r_[starts[1:], len(idx)]
    for s, e in zip(starts.tolist(), ends.tolist()):
        out[names[int(idx[s])]] = ids[s:e]
    return out


@dataclass
class ScanResult:
    as_of: dt.date
    minor: MinorRule
    datasets: dict[str, Summary]
    overall: Summary
    tallies: dict[str, DatasetTally] = field(repr=False, default_factory=dict)
    skipped: list = field(default_factory=list)
    keyword_engine: str = "hyperscan"
    #: the representative id of every hash id, and the hash of each id (``count.HashTable``)
    root: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, np.int64))
    strings: Sequence = field(repr=False, default=())

    @cached_property
    def moved(self) -> tuple[np.ndarray, np.ndarray]:
        """The hashes whose subject is another hash, and those subjects (``S32`` arrays; built
        when first asked for: the findings file and ``subject_root`` need them, a summary not)."""
        ids = np.flatnonzero(self.root != np.arange(len(self.root)))
        strings = self.strings
        hashes = strings.array() if isinstance(strings, HashStrings) else np.array(strings, dtype="S32")
        return hashes[ids], hashes[self.root[ids]]

    @cached_property
    def roots(self) -> dict[str, str]:
        """Hash -> subject hash, where different."""
        old, new = self.moved
        return dict(zip(old.astype("U32").tolist(), new.astype("U32").tolist()))

    def subject_root(self, anchor: str) -> str:
        """The subject hash that an identifier hash resolved to (itself when not linked)."""
        return self.roots.get(anchor, anchor)

    @classmethod
    def build(cls, total: Partial, strings: Sequence[str], on: dt.date, minor: MinorRule, *, skipped=(),
              keyword_engine: str = "hyperscan") -> "ScanResult":
        links = uniq(np.concatenate(total.links)) if total.links else np.zeros(0, np.int64)
        root = resolve_roots(links, len(strings))
        entities = _entities()
        cat_names = [c.value for c in _CATEGORIES]
        datasets = {}
        acc_e, acc_c, acc_a = [], [], []
        all_occ: dict[str, int] = {}
        all_cat_occ: dict[str, int] = {}
        unattributed = records = nbytes = 0
        for name, t in total.datasets.items():
            ea, ca, an = t.arrays()
            subjects = uniq(root[an]) if len(an) else np.zeros(0, np.int64)
            datasets[name] = Summary(dict(t.occurrences), _split(ea, root, entities),
                                     dict(t.category_occurrences), _split(ca, root, cat_names),
                                     subjects, strings, t.unattributed, t.records, t.bytes)
            acc_e.append(ea)
            acc_c.append(ca)
            acc_a.append(an)
            for e, n in t.occurrences.items():
                all_occ[e] = all_occ.get(e, 0) + n
            for c, n in t.category_occurrences.items():
                all_cat_occ[c] = all_cat_occ.get(c, 0) + n
            unattributed += t.unattributed
            records += t.records
            nbytes += t.bytes
        cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64)  # noqa: E731
        everyone = uniq(root[cat(acc_a)]) if acc_a else np.zeros(0, np.int64)
        overall = Summary(all_occ, _split(cat(acc_e), root, entities), all_cat_occ,
                          _split(cat(acc_c), root, cat_names), everyone, strings, unattributed,
                          records, nbytes)
        return cls(on, minor, datasets, overall, dict(total.datasets), list(skipped), keyword_engine,
                   root, strings)

    # -- the API for the export ledger and data flows ---------------------------------------------
    def subject_hashes(self, category: Category | str | None = None,
                       dataset: str | None = None) -> set[str]:
        """Exact set of subject hashes (overall, or of one dataset), optionally of one category."""
        summary = self.overall if dataset is None else self.datasets[dataset]
        if category is None:
            return summary.hashes(summary.all_subjects)
        key = category.value if isinstance(category, Category) else Category(category).value
        return summary.hashes(summary.category_subjects.get(key, np.zeros(0, np.int64)))

    def to_dict(self, *, include_hashes: bool = False) -> dict:
        doc = {
            "kuajing": __version__,
            "format": FORMAT_ID,
            "as_of": self.as_of.isoformat(),
            "minor_age_below": self.minor.age_below,
            "minor_age_provision": self.minor.provision,
            "keyword_engine": self.keyword_engine,
            "overall": self.overall.to_dict(),
            "datasets": [],
            "skipped": self.skipped,
            "disclaimer": DISCLAIMER_EN,
        }
        for name, s in self.datasets.items():
            t = self.tallies.get(name)
            item = {"dataset": name, "kind": t.kind if t else "text",
                    "encoding": t.encoding if t else None, "notes": list(t.notes) if t else []}
            item.update(s.to_dict())
            if include_hashes:
                item.update(_hashes(s))
            doc["datasets"].append(item)
        if include_hashes:
            doc["overall"].update(_hashes(self.overall))
        return doc


def _hashes(s: Summary) -> dict:
    return {"subject_hashes": sorted(s.hashes(s.all_subjects)),
            "subject_hashes_by_category": {c: sorted(s.hashes(ids))
                                           for c, ids in sorted(s.category_subjects.items())}}
