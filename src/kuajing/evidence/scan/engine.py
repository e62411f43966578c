"""Scan one segment of decoded text: find, validate, classify and count.

A ``Segment`` is UTF-8 bytes of *decoded* text with a newline sentinel at each end, plus how to
turn an offset into a location: line numbers for text, row/column for tables (rows end with a
newline, cells are separated by the unit separator U+001F).

The work per segment is array work, so that its cost does not grow with Python work per
occurrence (on a CRM export there is an identifier every 30–80 bytes):

1. one keyword pass (hyperscan or ``re``) for words, labels and rare anchors;
2. one digit-token pass (numpy) and, per token recognizer, vectorised validation of its shapes;
3. overlaps resolved, then the candidates' raw bytes de-duplicated with ``np.unique``: Python
   normalises and hashes each *distinct* value once per segment;
4. records, anchors, links and per-entity / per-category subject sets computed on arrays.

Only the findings file (``--findings``) needs a Python step per occurrence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field

import numpy as np

from .classify import MinorRule
from .count import Partial, pack, uniq
from .keywords import KeywordMatcher
from .model import FORMAT_ID, Category, Validation
from .recognizers import PatternRecognizer, TokenRecognizer, all_recognizers
from .tokens import Tokens

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
        # distinct identifiers seen by this process: their keyed hashes, whether a minor, and a
        # cache from a salted in-process hash of the raw bytes (never the bytes themselves)
        self.hashes: list[str] = []
        self.minors: list[bool] = []
        self._known: dict[int, int] = {}
        self._hindex: dict[tuple[str, str], int] = {}
        self._salt = os.urandom(16)
        self._isalt = np.frombuffer(os.urandom(16), dtype=np.uint64).copy()
        self._ikeys: dict[int, tuple[np.ndarray, np.ndarray]] = {}   # recognizer -> (keys, hash ids)
        k = key if len(key) <= 64 else hashlib.sha256(key).digest()
        k = k.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in k))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in k))

    # -- hashing --------------------------------------------------------------------------------
    def subject_hash(self, kind: str, normalized: str) -> str:
        """Same value as ``kuajing.secrets.subject_hash(key, kind, normalized)`` (HMAC-SHA256,
        32 hex characters), with the key schedule computed once instead of per call."""
        inner = self._inner.copy()
        inner.update(kind.encode("utf-8") + b"\x00" + normalized.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:32]

    # -- candidates -----------------------------------------------------------------------------
    def _token_candidates(self, a: np.ndarray, tokens: Tokens, context: dict[str, np.ndarray]):
        starts, ends, owners = [], [], []
        for ri, rec in self.token_recs:
            for shape in rec.shapes:
                s, e = tokens.spans(shape)
                if not len(s):
                    continue
                if rec.requires_context:
                    keep = _near_context(s, rec.requires_context, context, rec.context_window)
                    s, e = s[keep], e[keep]
                if rec.negative_context and len(s):
                    drop = _near_context(s, rec.negative_context, context, rec.context_window)
                    s, e = s[~drop], e[~drop]
                if not len(s):
                    continue
                ok = rec.validate_batch(a, s, e, self.on)
                s, e = s[ok], e[ok]
                if len(s):
                    starts.append(s)
                    ends.append(e)
                    owners.append(np.full(len(s), ri, dtype=_I64))
        if not starts:
            return _EMPTY, _EMPTY, _EMPTY
        return (np.concatenate(starts).astype(_I64), np.concatenate(ends).astype(_I64),
                np.concatenate(owners))

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

    def _resolve(self, S, E, R):
        """Sort by start; among overlapping candidates keep the highest priority, then longest."""
        order = np.lexsort((-(E - S), -self.PRIO[R], S))
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

    def _hash_ids(self, a: np.ndarray, S, E, R):
        """Hash index per candidate (-1 when the entity is not an identifier).

        Raw values are de-duplicated per segment; a value met before in this process is found
        through a salted in-process hash of its bytes; only new values are normalised and hashed.
        Different values sharing a 64-bit salted hash would share a subject (odds about n²/2⁶⁵).
        """
        hashes, minors, hindex, known, salt = self.hashes, self.minors, self._hindex, self._known, self._salt
        H = np.full(len(S), -1, dtype=_I64)
        ident = self.RANK[R] > 0
        W = E - S
        recs = self.recs
        need_birth = [getattr(r, "birth_date", None) for r in recs]
        for w in uniq(W[ident]).tolist():
            sel = np.flatnonzero(ident & (W == w))
            mat = a[S[sel][:, None] + np.arange(w)]
            key = R[sel]
            uniq_r = uniq(key)
            for ri in uniq_r.tolist():
                sub = sel[key == ri] if len(uniq_r) > 1 else sel
                m = mat[key == ri] if len(uniq_r) > 1 else mat
                u, inv, ukeys = _factorize(m)
                rec = recs[ri]
                born = need_birth[ri]
                ids = np.full(len(u), -1, dtype=_I64)
                todo = range(len(u))
                if ukeys is not None:     # vectorised look-up of values met before
                    mixed = _mix(ukeys, self._isalt)
                    known_keys, known_ids = self._ikeys.get(ri, (np.zeros(0, np.uint64), _EMPTY))
                    pos = np.searchsorted(known_keys, mixed)
                    pos_c = np.minimum(pos, max(len(known_keys) - 1, 0))
                    hit = (pos < len(known_keys)) & (known_keys[pos_c] == mixed) if len(known_keys) else \
                        np.zeros(len(u), dtype=bool)
                    ids[hit] = known_ids[pos_c[hit]]
                    todo = np.flatnonzero(~hit).tolist()
                for j in todo:
                    value = u[j] if ukeys is None else u[j].tobytes()
                    ck = hash(salt + bytes((ri,)) + value)
                    h = known.get(ck)
                    if h is None:
                        norm = rec.normalize(value.decode("utf-8", "replace"))
                        hk = (rec.entity, self.subject_hash(rec.entity, norm))
                        h = hindex.get(hk)
                        if h is None:
                            h = hindex[hk] = len(hashes)
                            hashes.append(hk[1])
                            minors.append(bool(born and self.minor.is_minor(born(norm))))
                        known[ck] = h
                    ids[j] = h
                if ukeys is not None and len(todo):
                    new = np.array(todo, dtype=_I64)
                    keys = np.concatenate([self._ikeys.get(ri, (np.zeros(0, np.uint64),))[0], mixed[new]])
                    vals = np.concatenate([self._ikeys.get(ri, (None, _EMPTY))[1], ids[new]])
                    order = np.argsort(keys, kind="stable")
                    self._ikeys[ri] = (keys[order], vals[order])
                H[sub] = ids[inv.reshape(-1)]
        return H

    # -- the scan -------------------------------------------------------------------------------
    def scan(self, seg: Segment, part: Partial) -> None:
        data = seg.data
        a = np.frombuffer(data, dtype=np.uint8)
        hits, context = self.keywords.scan(data)
        ts, te, tr = self._token_candidates(a, Tokens(a), context)
        ps, pe, pr = self._pattern_candidates(data, hits)
        S, E, R = self._resolve(np.concatenate([ts, ps]), np.concatenate([te, pe]),
                                np.concatenate([tr, pr]))
        H = self._hash_ids(a, S, E, R)
        hashes, minors = self.hashes, self.minors

        tally = part.tally(seg.dataset)
        if seg.row_starts is not None:
            tally.kind = "table"
            tally.records += len(seg.row_starts)
            REC = np.searchsorted(seg.row_starts, S, side="right") - 1
            S, E, R, H, REC = self._add_fields(seg, a, S, E, R, H, REC, hashes, minors)
        else:
            newlines = np.flatnonzero(a == 10)
            lines = max(len(newlines) - 1, 0)
            tally.records += lines
            part.newlines += lines
            REC = np.searchsorted(newlines, S, side="right") - 1
        self._count(seg, data, S, E, R, H, REC, np.array(minors, dtype=bool), hashes, tally, part)

    def _add_fields(self, seg, a, S, E, R, H, REC, hashes, minors):
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
        hindex = self._hindex
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
                    hk = (rec.entity, self.subject_hash(rec.entity, norm))
                    h = hindex.get(hk)
                    if h is None:
                        h = hindex[hk] = len(hashes)
                        hashes.append(hk[1])
                        minors.append(False)
                    hid[j] = h
            add_s.append(seg.row_starts[rows])
            add_e.append(np.full(len(rows), -1 - ci, dtype=_I64))
            add_r.append(np.full(len(rows), ri, dtype=_I64))
            add_h.append(hid)
            add_rec.append(rows.astype(_I64))
        S, E, R, H, REC = (np.concatenate(x) for x in (add_s, add_e, add_r, add_h, add_rec))
        order = np.lexsort((S, REC))
        return S[order], E[order], R[order], H[order], REC[order]

    def _count(self, seg, data, S, E, R, H, REC, minor_of, hashes, tally, part) -> None:
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
        pairs = np.array(_unique_pairs(group[ci_idx], H[ci_idx]), dtype=_I64).reshape(-1, 2)
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
                part.findings.append(self._finding(seg, data, i, S, E, R, H, MIN, REC, hashes, anchors))

    def _finding(self, seg, data, i, S, E, R, H, MIN, REC, hashes, anchors) -> dict:
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
            "identifier_hash": hashes[H[i]] if H[i] >= 0 else None,
            "subject_hash": hashes[anchors[0]] if len(anchors) == 1 else None,
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


_POW10 = (10 ** np.arange(18, -1, -1, dtype=np.uint64)).astype(np.uint64)


def _factorize(m: np.ndarray) -> tuple[list[bytes], np.ndarray]:
    """Distinct rows of an n × w byte matrix, the index of each row among them, and (for digit
    strings, an ``X`` allowed last) their exact integer keys, de-duplicated by a fast integer
    ``np.unique``; other values go through a dict (keys None).
    """
    n, w = m.shape
    if w <= 19:
        d = m.astype(np.int64) - 48
        last = d[:, -1]
        x = (m[:, -1] == 88) | (m[:, -1] == 120)
        digits = ((d[:, :-1] >= 0) & (d[:, :-1] <= 9)).all(axis=1) & (((last >= 0) & (last <= 9)) | x)
        if digits.all():
            last = np.where(x, 10, last).astype(np.uint64)
            head = d[:, :-1].astype(np.uint64) @ _POW10[19 - (w - 1):] if w > 1 else np.zeros(n, np.uint64)
            key = head * np.uint64(11) + last
            uk, first, inv = np.unique(key, return_index=True, return_inverse=True)
            return m[first], inv.reshape(-1), uk
    table: dict[bytes, int] = {}
    raw = m.view(np.dtype(f"S{w}")).reshape(n).tolist()
    inv = np.fromiter((table.setdefault(v, len(table)) for v in raw), dtype=_I64, count=n)
    return list(table), inv, None


_M1, _M2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)


def _mix(x: np.ndarray, salt: np.ndarray) -> np.ndarray:
    """A salted 64-bit mixing of integer keys (murmur3 finaliser rounds around a random salt):
    the in-process cache never holds a value, only this salted key."""
    with np.errstate(over="ignore"):
        h = x ^ salt[0]
        for _ in range(2):
            h ^= h >> np.uint64(33)
            h *= _M1
            h ^= h >> np.uint64(33)
            h *= _M2
            h ^= h >> np.uint64(33)
            h += salt[1]
    return h


def _unique_pairs(x: np.ndarray, y: np.ndarray) -> list[tuple[int, int]]:
    """Distinct (x, y) pairs of two non-negative int64 arrays (values below 2**31)."""
    if not len(x):
        return []
    k = uniq((x.astype(np.int64) << 32) | y.astype(np.int64))
    return list(zip((k >> 32).tolist(), (k & 0xFFFFFFFF).tolist()))


def seg_value(seg: Segment, column: int, row: int) -> str:
    """The text of one cell (used for named-field values that need hashing or a finding)."""
    data = seg.data
    start = int(seg.row_starts[row])
    end = int(seg.row_starts[row + 1]) if row + 1 < len(seg.row_starts) else len(data) - 1
    cells = data[start:end].split(CELL_SEP)
    return cells[column].decode("utf-8", "replace") if column < len(cells) else ""


def _near_context(starts: np.ndarray, groups, context: dict[str, np.ndarray], window: int) -> np.ndarray:
    near = np.zeros(len(starts), dtype=bool)
    for g in groups:
        ends = context.get(g)
        if ends is None or not len(ends):
            continue
        i = np.searchsorted(ends, starts, side="right") - 1
        ok = i >= 0
        dist = starts - ends[np.maximum(i, 0)]
        near |= ok & (dist >= 0) & (dist <= window)
    return near
