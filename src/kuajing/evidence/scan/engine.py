"""Scan one segment of decoded text: find, validate, classify and count.

A ``Segment`` is UTF-8 bytes of *decoded* text with a newline sentinel at each end, plus how to
turn an offset into a location: line numbers for text, row/column for tables (rows end with a
newline, cells are separated by the unit separator U+001F).

The work per segment is compiled or array work, so that its cost does not grow with Python work
per occurrence (on a CRM export there is an identifier every 30–80 bytes):

1. one keyword pass (hyperscan or ``re``) for words, labels and rare anchors;
2. one compiled token pass (``kernel.candidates``): digit runs, every token shape, context words
   and each recognizer's compiled check;
3. overlaps resolved, then a compiled pass (``kernel.identify``) normalises and keys every
   identifier and looks it up among the values this process has met: only new distinct values
   are hashed, in one batch (``kernel.hmac``); Python never touches a token candidate;
4. records, anchors, links and per-entity / per-category subject sets computed on arrays.

Names, plates and IPv6 addresses (found by patterns) are validated and hashed in Python, once per
distinct value. Only the findings file (``--findings``) needs a Python step per occurrence.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import numpy as np

from .classify import MinorRule
from .count import Partial, pack, uniq
from .hashes import HashStore
from .kernel.candidates import TokenKernel
from .kernel.distinct import DistinctTable
from .kernel.identify import Identifier
from .keywords import KeywordMatcher
from .model import FORMAT_ID, Category, Validation
from .recognizers import PatternRecognizer, TokenRecognizer, all_recognizers

__all__ = ["Segment", "Engine", "CELL_SEP"]

CELL_SEP = b"\x1f"
_I64 = np.int64
_EMPTY = np.zeros(0, dtype=_I64)
_CATEGORIES = list(Category)
_CAT_INDEX = {c: i for i, c in enumerate(_CATEGORIES)}
_MINOR = _CAT_INDEX[Category.MINOR_UNDER_14]


@dataclass
class Segment:
    """Decoded text to scan (``data`` starts and ends with ``\\n``) and how to locate offsets."""

    dataset: str
    data: bytes
    first_line: int = 1                      # line number of the first line in ``data``
    table: str | None = None                 # set for structured sources
    row_starts: np.ndarray | None = None     # offset of each row in ``data`` (structured)
    first_row: int = 1
    columns: list[str] | None = None
    #: (column index, field recognizer, row indices of non-empty cells) for columns named like
    #: an entity (``姓名``, ``diagnosis``…)
    field_columns: list = field(default_factory=list)


class Engine:
    """Holds the compiled matchers, the key and the scan date; one per process."""

    def __init__(self, key: bytes, on: dt.date, minor: MinorRule, *, findings: bool = False,
                 keyword_engine: str | None = None) -> None:
        self.key = key
        self.on = on
        self.minor = minor
        self.want_findings = findings
        self.recs = list(all_recognizers())
        self.token_recs = [(i, r) for i, r in enumerate(self.recs) if isinstance(r, TokenRecognizer)]
        self.pattern_recs = [r for r in self.recs if isinstance(r, PatternRecognizer)]
        self.rec_index = {id(r): i for i, r in enumerate(self.recs)}
        self.keywords = KeywordMatcher(self.pattern_recs, engine=keyword_engine)
        entities = sorted({r.entity for r in self.recs})
        self.entities = entities
        self.ENT = np.array([entities.index(r.entity) for r in self.recs], dtype=_I64)
        self.RANK = np.array([r.rank for r in self.recs], dtype=_I64)
        self.PRIO = np.array([r.priority for r in self.recs], dtype=_I64)
        self.CAT = np.array([_CAT_INDEX[r.category] for r in self.recs], dtype=_I64)
        self.tokens = TokenKernel(self.token_recs, len(self.recs), on)
        self.ident = Identifier(self.recs, entities, minor.born_after)
        # distinct identifiers seen by this process: their keyed hashes and whether a minor
        self.store = HashStore(key)
        # values hashed in Python (names, plates, IPv6), found again through a salted in-process
        # hash of the raw bytes (never the bytes themselves)
        self._known: dict[int, int] = {}
        self._salt = os.urandom(16)
        self._load_compiled()

    def _load_compiled(self) -> None:
        """Load every compiled function now (from numba's cache), on an empty buffer, so that
        worker processes forked from this one inherit them instead of each loading them."""
        a = np.frombuffer(b"\n\n", dtype=np.uint8)
        self.tokens.run(a, {})
        none = np.zeros(0, dtype=_I64)
        self.ident.run(a, none, none, none, none.copy(), self.store.count)
        DistinctTable(16).reserve(64)

    # -- hashing --------------------------------------------------------------------------------
    def subject_hash(self, kind: str, normalized: str) -> str:
        """Same value as ``kuajing.secrets.subject_hash(key, kind, normalized)`` (HMAC-SHA256,
        32 hex characters), with the key schedule computed once instead of per call."""
        return self.store.subject_hash(kind, normalized)

    # -- candidates -----------------------------------------------------------------------------
    def _token_candidates(self, a: np.ndarray, context: dict[str, np.ndarray]):
        """Valid token candidates (start, end, recognizer, tie order) and the newline offsets."""
        rows, newlines = self.tokens.run(a, context)
        pending = np.flatnonzero(rows[:, 4])
        if len(pending):   # recognizers without a compiled check: ``validate_batch`` in Python
            keep = np.ones(len(rows), dtype=bool)
            for ri in uniq(rows[pending, 2]).tolist():
                sel = pending[rows[pending, 2] == ri]
                keep[sel] = self.recs[ri].validate_batch(a, rows[sel, 0], rows[sel, 1], self.on)
            rows = rows[keep]
        return rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], newlines

    def _pattern_candidates(self, data: bytes, hits):
        starts, ends, owners = [], [], []
        seen = set()
        for hit in hits:
            rec = hit.owner
            span = rec.extract(data, hit.start, hit.end)
            if span is None or (span, rec.entity) in seen:
                continue
            seen.add((span, rec.entity))
            value = data[span[0]:span[1]].decode("utf-8", "replace")
            if rec.validate(value, self.on) is Validation.INVALID:
                continue
            starts.append(span[0])
            ends.append(span[1])
            owners.append(self.rec_index[id(rec)])
        return (np.array(starts, dtype=_I64), np.array(ends, dtype=_I64), np.array(owners, dtype=_I64))

    def _resolve(self, S, E, R, T):
        """Sort by start; among overlapping candidates keep the highest priority, then longest
        (then the first in recognizer and shape order, ``T``)."""
        order = np.lexsort((T, -(E - S), -self.PRIO[R], S))
        S, E, R = S[order], E[order], R[order]
        if len(S) < 2:
            return S, E, R
        reach = np.maximum.accumulate(E)
        overlap = np.zeros(len(S), dtype=bool)
        overlap[1:] = S[1:] < reach[:-1]
        if not overlap.any():
            return S, E, R
        member = overlap.copy()
        member[:-1] |= overlap[1:]
        idx = np.flatnonzero(member)
        Sl, El, prio = S[idx].tolist(), E[idx].tolist(), self.PRIO[R[idx]].tolist()
        kept: list[int] = []
        for j in range(len(idx)):   # sweep over the overlapping candidates only
            if kept and Sl[j] < El[kept[-1]]:
                k = kept[-1]
                if (prio[j], El[j] - Sl[j]) > (prio[k], El[k] - Sl[k]):
                    kept[-1] = j
                continue
            kept.append(j)
        keep = np.ones(len(S), dtype=bool)
        keep[idx] = False
        keep[idx[kept]] = True
        return S[keep], E[keep], R[keep]

    def _hash_ids(self, a: np.ndarray, data: bytes, S, E, R):
        """Hash id per candidate (-1 when the entity is not an identifier).

        Values of recognizers with a compiled normal form are keyed, looked up and (when new)
        hashed without a Python step per value (``kernel.identify``); the others are normalised
        and hashed in Python, once per distinct raw value of the process.
        """
        H = np.full(len(S), -1, dtype=_I64)
        msg, offs, minors = self.ident.run(a, S, E, R, H, self.store.count)
        if len(minors):
            self.store.extend(self.store.hasher.hex_many(msg, offs), minors)
        rest = np.flatnonzero((self.RANK[R] > 0) & ~self.ident.compiled_mask[R])
        known, salt, recs = self._known, self._salt, self.recs
        for j, ri, s, e in zip(rest.tolist(), R[rest].tolist(), S[rest].tolist(), E[rest].tolist()):
            value = data[s:e]
            ck = hash(salt + bytes((ri,)) + value)
            h = known.get(ck)
            if h is None:
                rec = recs[ri]
                norm = rec.normalize(value.decode("utf-8", "replace"))
                born = getattr(rec, "birth_date", None)
                h = known[ck] = self.store.add(rec.entity, norm,
                                               bool(born and self.minor.is_minor(born(norm))))
            H[j] = h
        return H

    # -- the scan -------------------------------------------------------------------------------
    def scan(self, seg: Segment, part: Partial) -> None:
        data = seg.data
        a = np.frombuffer(data, dtype=np.uint8)
        hits, context = self.keywords.scan(data)
        ts, te, tr, tt, newlines = self._token_candidates(a, context)
        ps, pe, pr = self._pattern_candidates(data, hits)
        tie = np.concatenate([tt, len(self.tokens.pair_shape) + np.arange(len(ps), dtype=_I64)])
        S, E, R = self._resolve(np.concatenate([ts, ps]), np.concatenate([te, pe]),
                                np.concatenate([tr, pr]), tie)
        H = self._hash_ids(a, data, S, E, R)
        store = self.store

        tally = part.tally(seg.dataset)
        if seg.row_starts is not None:
            tally.kind = "table"
            tally.records += len(seg.row_starts)
            REC = np.searchsorted(seg.row_starts, S, side="right") - 1
            S, E, R, H, REC = self._add_fields(seg, a, S, E, R, H, REC, store)
        else:
            lines = max(len(newlines) - 1, 0)
            tally.records += lines
            part.newlines += lines
            REC = np.searchsorted(newlines, S, side="right") - 1
        self._count(seg, data, S, E, R, H, REC, store.minors, store, tally, part)

    def _add_fields(self, seg, a, S, E, R, H, REC, store):
        """Occurrences of named columns whose cell holds no pattern finding (``E`` = -1 - column)."""
        if not seg.field_columns:
            return S, E, R, H, REC
        seps = np.flatnonzero(a == 0x1F)
        row_start = seg.row_starts[REC] if len(REC) else _EMPTY
        col = np.searchsorted(seps, S) - np.searchsorted(seps, row_start)
        ncols = len(seg.columns or ()) + 1
        taken = REC * ncols + col
        best = np.zeros(len(seg.row_starts), dtype=_I64)
        if len(REC):
            np.maximum.at(best, REC, self.RANK[R])
        add_s, add_e, add_r, add_h, add_rec = [S], [E], [R], [H], [REC]
        for ci, rec, values in seg.field_columns:
            ri = self.rec_index[id(rec)]
            rows = np.asarray(values, dtype=_I64)
            if not len(rows):
                continue
            rows = rows[~np.isin(rows * ncols + ci, taken)]
            hid = np.full(len(rows), -1, dtype=_I64)
            if rec.rank > 0:   # a name: hashed only where no stronger identifier is in the row
                weak = np.flatnonzero(best[rows] < rec.rank)
                for j in weak.tolist():
                    norm = rec.normalize(seg_value(seg, ci, rows[j]).strip())
                    hid[j] = store.add(rec.entity, norm)
            add_s.append(seg.row_starts[rows])
            add_e.append(np.full(len(rows), -1 - ci, dtype=_I64))
            add_r.append(np.full(len(rows), ri, dtype=_I64))
            add_h.append(hid)
            add_rec.append(rows.astype(_I64))
        S, E, R, H, REC = (np.concatenate(x) for x in (add_s, add_e, add_r, add_h, add_rec))
        order = np.lexsort((S, REC))
        return S[order], E[order], R[order], H[order], REC[order]

    def _count(self, seg, data, S, E, R, H, REC, minor_of, store, tally, part) -> None:
        n = len(S)
        if not n:
            return
        ent_n = np.bincount(self.ENT[R], minlength=len(self.entities))
        for ei in np.flatnonzero(ent_n).tolist():
            tally.occurrences[self.entities[ei]] += int(ent_n[ei])
        CATS = self.CAT[R]
        MIN = np.zeros(n, dtype=bool)
        if len(minor_of):
            has = H >= 0
            MIN[has] = minor_of[H[has]]
        cat_n = np.bincount(CATS, minlength=len(_CATEGORIES))
        cat_n[_MINOR] += int(MIN.sum())
        for ci in np.flatnonzero(cat_n).tolist():
            tally.category_occurrences[_CATEGORIES[ci].value] += int(cat_n[ci])

        # records: group starts (REC is sorted), strongest rank per record
        starts = np.flatnonzero(np.r_[True, REC[1:] != REC[:-1]])
        group = np.cumsum(np.r_[True, REC[1:] != REC[:-1]]) - 1
        rank = self.RANK[R]
        top = np.maximum.reduceat(rank, starts)
        cand = (rank == top[group]) & (rank > 0) & (H >= 0)
        ci_idx = np.flatnonzero(cand)
        pairs = _unique_pairs(group[ci_idx], H[ci_idx])
        per_group = np.bincount(pairs[:, 0], minlength=len(starts)) if len(pairs) else \
            np.zeros(len(starts), dtype=_I64)
        anchor = np.full(len(starts), -1, dtype=_I64)
        single = per_group == 1
        if len(pairs):
            sp = pairs[single[pairs[:, 0]]]
            anchor[sp[:, 0]] = sp[:, 1]
        occ_anchor = anchor[group]
        multi_groups = np.flatnonzero(per_group > 1)

        # links: every other identifier of a single-anchor record → its anchor
        lk = np.flatnonzero((occ_anchor >= 0) & (H >= 0) & (H != occ_anchor))
        if len(lk):
            part.links.append(uniq(pack(H[lk], occ_anchor[lk])))
        att = occ_anchor >= 0
        tally.unattributed += int((~att).sum()) - int(np.isin(group, multi_groups).sum())
        if att.any():
            anc = occ_anchor[att]
            tally.anchors.append(uniq(anc))
            tally.entity_anchors.append(uniq(pack(self.ENT[R][att], anc)))
            cats = np.concatenate([CATS[att], np.full(int(MIN[att].sum()), _MINOR, dtype=_I64)])
            canc = np.concatenate([anc, occ_anchor[att & MIN]])
            tally.category_anchors.append(uniq(pack(cats, canc)))
        # records about several people: every top identifier is a subject, weaker ones unlinked
        multi_anchors: dict[int, tuple[int, ...]] = {}
        for g in multi_groups.tolist():
            own = np.array(pairs[pairs[:, 0] == g][:, 1], dtype=_I64)
            multi_anchors[g] = tuple(own.tolist())
            idx = np.flatnonzero(group == g)
            ents = np.repeat(self.ENT[R[idx]], len(own))
            cats = np.concatenate([CATS[idx], np.full(int(MIN[idx].sum()), _MINOR, dtype=_I64)])
            tally.anchors.append(own)
            tally.entity_anchors.append(pack(ents, np.tile(own, len(idx))))
            tally.category_anchors.append(pack(np.repeat(cats, len(own)), np.tile(own, len(cats))))
        if self.want_findings:
            for i in range(n):
                g = int(group[i])
                anchors = multi_anchors.get(g) or ((int(anchor[g]),) if anchor[g] >= 0 else ())
                part.findings.append(self._finding(seg, data, i, S, E, R, H, MIN, REC, store, anchors))

    def _finding(self, seg, data, i, S, E, R, H, MIN, REC, store, anchors) -> dict:
        rec = self.recs[R[i]]
        s, e, rid = int(S[i]), int(E[i]), int(REC[i])
        if e < 0:
            value = seg_value(seg, -1 - e, rid).strip()
        else:
            value = data[s:e].decode("utf-8", "replace")
        norm = rec.normalize(value)
        cats = (rec.category, Category.MINOR_UNDER_14) if MIN[i] else (rec.category,)
        item = {
            "format": FORMAT_ID,
            "dataset": seg.dataset,
            "entity": rec.entity,
            "category": cats[0].value,
            "categories": [c.value for c in cats],
            "sensitive": any(c.sensitive for c in cats),
            "masked": rec.mask(norm),
            "identifier_hash": store.hex(H[i]) if H[i] >= 0 else None,
            "subject_hash": store.hex(anchors[0]) if len(anchors) == 1 else None,
            "evidence": "field_name" if e < 0 else rec.evidence,
        }
        if seg.row_starts is not None:
            row_start = int(seg.row_starts[rid])
            col = (-1 - e) if e < 0 else data.count(CELL_SEP, row_start, s)
            item["table"] = seg.table
            item["row"] = seg.first_row + rid
            item["field"] = seg.columns[col] if seg.columns and col < len(seg.columns) else None
        else:
            line_start = data.rfind(b"\n", 0, s) + 1
            item["line"] = seg.first_line + rid
            item["column"] = len(data[line_start:s].decode("utf-8", "replace")) + 1
        return item


def _unique_pairs(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distinct (x, y) pairs (n × 2, sorted) of two non-negative int64 arrays (values below 2**31)."""
    if not len(x):
        return np.zeros((0, 2), dtype=_I64)
    k = uniq((x.astype(np.int64) << 32) | y.astype(np.int64))
    return np.stack([k >> 32, k & 0xFFFFFFFF], axis=1)


def seg_value(seg: Segment, column: int, row: int) -> str:
    """The text of one cell (used for named-field values that need hashing or a finding)."""
    data = seg.data
    start = int(seg.row_starts[row])
    end = int(seg.row_starts[row + 1]) if row + 1 < len(seg.row_starts) else len(data) - 1
    cells = data[start:end].split(CELL_SEP)
    return cells[column].decode("utf-8", "replace") if column < len(cells) else ""
