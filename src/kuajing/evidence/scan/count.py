"""Counting occurrences and distinct data subjects, exactly, from keyed hashes only.

How subjects are linked
-----------------------
A *record* is a line of text, a row of a table or a JSON Lines object. In each record the
strongest identifier present (highest ``rank``: resident identity number > passport and permits >
bank card > mobile > e-mail > landline > plate > IP address > name) is the record's *anchor*: every
occurrence in the record is attributed to the anchor's subject, and each weaker identifier of the
record is *linked* to it. After the whole scan, links are resolved with union-find, so a mobile
number seen alone in a log and beside an identity number in a CRM export counts one person.
An identifier linked to two or more different anchors (a shared hotline, a family phone) is not
used to merge them. A record holding several identifiers of the top rank (two identity numbers)
is about several people: each is its own subject and no weaker identifier is linked (its entity
is credited to at most as many of them as it has distinct values in the record).

Representation
--------------
Identifiers are ``subject_hash`` values (32 hex characters), never raw values. Inside a process
they are numbered; tallies hold numpy arrays of those numbers (pairs packed as
``high << 32 | low``), so merging the partial results of the workers and resolving subjects is
array work. Each partial result ships the hash strings it refers to once, as one string.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .findings_file import Findings
from .kernel.distinct import DistinctTable, number_hashes
from .kernel.radix import sorted_distinct
from .kernel.unionfind import link_roots

__all__ = ["DatasetTally", "Partial", "HashTable", "HashStrings", "resolve_roots", "pack", "unpack",
           "uniq", "HASH_LEN"]

HASH_LEN = 32
_I64 = np.int64
_EMPTY = np.zeros(0, dtype=_I64)
_RADIX_FROM = 1024   # below this, ``np.sort`` costs less than the radix passes' fixed cost


def uniq(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array: compiled radix sort (``kernel.radix``) for
    large arrays, ``np.sort`` for small ones (numpy 2.4's hash-based ``np.unique`` is many times
    slower on large int64 arrays)."""
    if len(x) < 2:
        return np.asarray(x, dtype=_I64)
    if len(x) >= _RADIX_FROM:
        return sorted_distinct(np.ascontiguousarray(x, dtype=_I64))
    s = np.sort(x)
    return s[np.r_[True, s[1:] != s[:-1]]]


def pack(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    return (high.astype(_I64) << 32) | low.astype(_I64)


def unpack(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return keys >> 32, keys & 0xFFFFFFFF


def _compact(chunks: list[np.ndarray]) -> list[np.ndarray]:
    if len(chunks) <= 1:
        return chunks
    return [uniq(np.concatenate(chunks))]


@dataclass
class DatasetTally:
    """What one dataset (file, table) holds, before subject resolution."""

    occurrences: Counter = field(default_factory=Counter)            # entity -> n
    category_occurrences: Counter = field(default_factory=Counter)   # category -> n
    entity_anchors: list = field(default_factory=list)    # packed (entity index, hash id)
    category_anchors: list = field(default_factory=list)  # packed (category index, hash id)
    anchors: list = field(default_factory=list)           # hash ids
    unattributed: int = 0     # occurrences in records with no identifier (no subject to count)
    records: int = 0
    bytes: int = 0
    encoding: str | None = None
    kind: str = "text"
    notes: list = field(default_factory=list)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self.entity_anchors = _compact(self.entity_anchors)
        self.category_anchors = _compact(self.category_anchors)
        self.anchors = _compact(self.anchors)
        first = lambda xs: xs[0] if xs else _EMPTY  # noqa: E731
        return first(self.entity_anchors), first(self.category_anchors), first(self.anchors)

    def remap(self, table: np.ndarray) -> None:
        """Replace the hash ids of this tally by ``table[id]`` (local → global ids)."""
        ea, ca, an = self.arrays()
        self.entity_anchors = [pack(unpack(ea)[0], table[unpack(ea)[1]])] if len(ea) else []
        self.category_anchors = [pack(unpack(ca)[0], table[unpack(ca)[1]])] if len(ca) else []
        self.anchors = [table[an]] if len(an) else []

    def merge(self, other: "DatasetTally") -> None:
        self.occurrences.update(other.occurrences)
        self.category_occurrences.update(other.category_occurrences)
        self.entity_anchors += other.entity_anchors
        self.category_anchors += other.category_anchors
        self.anchors += other.anchors
        if len(self.anchors) > 16:
            self.arrays()
        self.unattributed += other.unattributed
        self.records += other.records
        self.bytes += other.bytes
        self.encoding = self.encoding or other.encoding
        self.kind = other.kind if other.kind != "text" else self.kind
        for n in other.notes:
            if n not in self.notes:
                self.notes.append(n)


@dataclass
class Partial:
    """The result of one unit of work (a chunk of a file, a batch of rows)."""

    datasets: dict = field(default_factory=dict)     # dataset -> DatasetTally
    links: list = field(default_factory=list)        # packed (weak hash id, anchor hash id)
    findings: Findings = field(default_factory=Findings)   # blocks of JSON lines, masked values only
    newlines: int = 0                                # records in this unit (to number later ones)
    lines: int = 0                                   # lines of the unit's bytes (text: its records)
    skipped: list = field(default_factory=list)      # files of this unit that could not be opened
    unit: tuple = ()
    hashes: str = ""                                 # the hash strings the ids refer to, concatenated

    def tally(self, dataset: str) -> DatasetTally:
        t = self.datasets.get(dataset)
        if t is None:
            t = self.datasets[dataset] = DatasetTally()
        return t

    def localize(self, store) -> None:
        """Renumber the ids of this partial 0…k-1 and attach their k hash strings (from the
        process's ``hashes.HashStore``)."""
        links = uniq(np.concatenate(self.links)) if self.links else _EMPTY
        parts = [unpack(links)[0], unpack(links)[1]]
        for t in self.datasets.values():
            ea, ca, an = t.arrays()
            parts += [unpack(ea)[1], unpack(ca)[1], an]
        used = uniq(np.concatenate(parts)) if parts else _EMPTY
        table = np.zeros(int(used.max()) + 1 if len(used) else 0, dtype=_I64)
        table[used] = np.arange(len(used), dtype=_I64)
        self.links = [pack(table[unpack(links)[0]], table[unpack(links)[1]])] if len(links) else []
        for t in self.datasets.values():
            t.remap(table)
        self.hashes = store.joined(used)


class HashStrings(Sequence):
    """The hashes of ``HashTable``, indexed by number, cut from one string when asked for."""

    def __init__(self, joined: str) -> None:
        self._joined = joined

    def array(self) -> np.ndarray:
        """All hashes as one ``S32`` array."""
        return np.frombuffer(self._joined.encode("ascii"), dtype=f"S{HASH_LEN}")

    def __len__(self) -> int:
        return len(self._joined) // HASH_LEN

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._joined[HASH_LEN * i:HASH_LEN * i + HASH_LEN]


class HashTable:
    """Global numbering of hash strings in the parent process: a compiled table keyed by the
    hashes' own 128 bits (``kernel.distinct.number_hashes``); each distinct hash is kept once."""

    def __init__(self) -> None:
        self._table = DistinctTable(1 << 12)
        self._new: list[str] = []       # hashes in order of their number, concatenated in blocks

    def ids(self, concatenated: str) -> np.ndarray:
        raw = concatenated.encode("ascii")
        words = np.frombuffer(bytes.fromhex(concatenated), dtype=np.uint64).reshape(-1, 2)
        t = self._table
        t.reserve(len(words))
        out = np.empty(len(words), dtype=_I64)
        first = np.empty(len(words), dtype=_I64)
        fresh = number_hashes(t.slots, words, t.count, out, first)
        t.count += fresh
        if fresh:
            rows = np.frombuffer(raw, dtype=f"S{HASH_LEN}")[first[:fresh]]
            self._new.append(rows.tobytes().decode("ascii"))
        return out

    @property
    def strings(self) -> HashStrings:
        """Every hash, indexed by its number."""
        joined = "".join(self._new)
        self._new = [joined]
        return HashStrings(joined)

    def absorb(self, total: Partial, part: Partial) -> None:
        """Merge a worker's partial result into ``total``, renumbering its ids globally."""
        table = self.ids(part.hashes)
        for link in part.links:
            w, a = unpack(link)
            total.links.append(pack(table[w], table[a]))
        if len(total.links) > 16:
            total.links = _compact(total.links)
        for name, t in part.datasets.items():
            t.remap(table)
            total.tally(name).merge(t)


def resolve_roots(links: np.ndarray, n: int) -> np.ndarray:
    """Representative id of every id 0…n-1 (union-find over safe links).

    Links point from a weaker identifier to the record's anchor, so the representative of a
    subject is the strongest identifier reached. A weak identifier whose anchors belong to
    several different subjects is a shared contact point and merges nothing; one whose anchors
    all turn out to be the same person (an e-mail seen beside that person's identity number in
    one record and beside their mobile in another) is joined to that person. So the links are
    applied in rounds until no weak identifier's anchors come to share a subject any more.
    """
    parent = np.arange(n, dtype=_I64)
    if not len(links):
        return parent
    weak, anchor = unpack(uniq(links))
    while True:
        w, root = unpack(uniq(pack(weak, parent[anchor])))   # distinct (weak, anchor's subject)
        starts = np.flatnonzero(np.r_[True, w[1:] != w[:-1]])
        single = starts[np.diff(np.r_[starts, len(w)]) == 1]
        join = single[parent[w[single]] != root[single]]
        if not len(join):
            return parent
        link_roots(parent, w[join], root[join])
