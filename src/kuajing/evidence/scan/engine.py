"""Scan one segment of decoded text: find, validate, classify and count.

A ``Segment`` is UTF-8 bytes of *decoded* text with a newline sentinel at each end, plus how to
turn an offset into a location: line numbers for text, row/column for tables (rows end with a
newline, cells are separated by the unit separator U+001F).

The work per segment is compiled or array work, so that its cost does not grow with Python work
per occurrence (on a CRM export there is an identifier every 30–80 bytes):

1. one keyword pass (hyperscan or ``re``) for words, labels and rare anchors;
2. one compiled token pass (``kernel.candidates``): digit runs, every token shape, the context
   words just before a candidate (``kernel.context``) and each recognizer's compiled check;
3. the values after a label (names, addresses) cut and validated by their compiled mirror
   (``kernel.labels``), all hits of a recognizer at once;
4. overlaps resolved, then a compiled pass (``kernel.identify``) normalises and keys every
   identifier and looks it up among the values this process has met: only new distinct values
   are hashed, in one batch (``kernel.hmac``); names are keyed and hashed the same way;
5. records, anchors, links and per-entity / per-category subject sets computed on arrays;
6. with ``--findings``, the occurrences as arrays (``findings_file``): locations, and masked
   values once per distinct value.

Plates, IPv6 addresses and the rare label hits the compiled mirror cannot follow (bytes that are
not UTF-8 in the value) are validated and hashed in Python, once per distinct value.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np

from .classify import MinorRule
from .count import Partial, pack, uniq
from .findings_file import MaskedValues, segment_block
from .hashes import HashStore
from .kernel.candidates import TokenKernel
from .kernel.distinct import DistinctTable
from .kernel.identify import Identifier
from .kernel.labels import INVALID, PYTHON, VALID, LabelKernel
from .kernel.utf8 import utf8_valid
from .keywords import KeywordMatcher
from .model import Category, Validation
from .recognizers import PatternRecognizer, TokenRecognizer, all_recognizers
from .width import fold_segment, fold_text

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
    #: the last line goes on in the next segment (a range cut inside a very long line): it is
    #: not a record of its own, and the next segment's first line has its number
    open_end: bool = False
    table: str | None = None                 # set for structured sources
    row_starts: np.ndarray | None = None     # offset of each row in ``data`` (structured)
    first_row: int = 1
    columns: list[str] | None = None
    #: (column index, field recognizer, row indices of non-empty cells) for columns named like
    #: an entity (``姓名``, ``diagnosis``…)
    field_columns: list = field(default_factory=list)
    _separators: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def separators(self) -> np.ndarray:
        """Offsets of the cell separators (structured segments), found once per segment."""
        if self._separators is None:
            self._separators = np.flatnonzero(np.frombuffer(self.data, dtype=np.uint8) == CELL_SEP[0])
        return self._separators

    def cell_bounds(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end offsets of cell ``cols[i]`` of row ``rows[i]`` (structured segments):
        the last cell of a row keeps its newline (callers strip the text); a missing cell is
        empty (0, 0)."""
        a = np.frombuffer(self.data, dtype=np.uint8)
        seps = np.append(self.separators(), len(a))
        rs = self.row_starts
        start = rs[rows]
        end = np.where(rows + 1 < len(rs), rs[np.minimum(rows + 1, len(rs) - 1)], len(a) - 1)
        k0 = np.searchsorted(seps, start)
        inner = np.searchsorted(seps, end) - k0           # separators inside the row
        last = len(seps) - 1
        cs = np.where(cols == 0, start, seps[np.clip(k0 + cols - 1, 0, last)] + 1)
        ce = np.where(cols < inner, seps[np.clip(k0 + cols, 0, last)], end)
        ok = cols <= inner
        return np.where(ok, cs, 0), np.where(ok, ce, 0)


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
        # the compiled mirror of the labelled recognizers (names, addresses) and distinct names
        self._labels = LabelKernel(self.recs, self.ident.prefix_buf, self.ident.prefix_off)
        # the masked values of the identifiers this process has written to findings
        self.masked_values = MaskedValues()
        # distinct identifiers seen by this process: their keyed hashes and whether a minor
        self.store = HashStore(key)
        # values hashed in Python (plates, IPv6, rare names), found again through a salted in-process
        # hash of the raw bytes (never the bytes themselves)
        self._known: dict[int, int] = {}
        self._salt = os.urandom(16)
        self._shown: dict[str, str] = {}   # name -> name as shown (``shown_name``)
        self._load_compiled()

    def _load_compiled(self) -> None:
        """Load every compiled function now (from numba's cache), on an empty buffer, so that
        worker processes forked from this one inherit them instead of each loading them."""
        a = np.frombuffer(b"\n\n", dtype=np.uint8)
        self.tokens.run(a)
        none = np.zeros(0, dtype=_I64)
        self.ident.run(a, none, none, none, none.copy(), self.store.count)
        for ri in np.flatnonzero(self._labels.rule >= 0)[:1].tolist():
            self._labels.spans(a, none, ri)
        self._labels.keys(a, none, none, none)
        self._labels.strip(a, none, none)
        self._labels.name_cells(a, none, none)
        utf8_valid(b"\n\n")
        DistinctTable(16).reserve(64)

    # -- hashing --------------------------------------------------------------------------------
    def subject_hash(self, kind: str, normalized: str) -> str:
        """Same value as ``kuajing.secrets.subject_hash(key, kind, normalized)`` (HMAC-SHA256,
        32 hex characters), with the key schedule computed once instead of per call."""
        return self.store.subject_hash(kind, normalized)

    # -- candidates -----------------------------------------------------------------------------
    def _token_candidates(self, a: np.ndarray, rejections: bool = True):
        """Valid token candidates (start, end, recognizer, tie order) and the newline offsets;
        None when the buffer holds full-width forms (``width``)."""
        rows, newlines = self.tokens.run(a, rejections)
        if self.tokens.wide:
            return None
        pending = np.flatnonzero(rows[:, 4])
        if len(pending):   # recognizers without a compiled check: ``validate_batch`` in Python
            keep = np.ones(len(rows), dtype=bool)
            for ri in uniq(rows[pending, 2]).tolist():
                sel = pending[rows[pending, 2] == ri]
                keep[sel] = self.recs[ri].validate_batch(a, rows[sel, 0], rows[sel, 1], self.on)
            rows = rows[keep]
        return rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], newlines

    def _pattern_candidates(self, data: bytes, hits):
        """Pattern candidates (start, end, recognizer): the first hit of each (span, entity), in
        hit order, kept when ``validate`` accepts its value.

        The hits of a labelled recognizer (names, addresses) are cut and validated all at once by
        its compiled mirror (``kernel.labels``); the hits it cannot follow and those of the other
        recognizers run ``extract`` and ``validate`` in Python.
        """
        n = len(hits)
        if not n:
            return _EMPTY, _EMPTY, _EMPTY
        R = np.fromiter(map(self.rec_index.__getitem__, map(id, map(attrgetter("owner"), hits))),
                        dtype=_I64, count=n)
        ENDS = np.fromiter(map(attrgetter("end"), hits), dtype=_I64, count=n)
        S = np.zeros(n, dtype=_I64)
        E = np.zeros(n, dtype=_I64)
        found = np.zeros(n, dtype=bool)
        valid = np.zeros(n, dtype=bool)
        labels = self._labels
        for ri in uniq(R).tolist():
            sel = np.flatnonzero(R == ri)
            rec = self.recs[ri]
            if labels.rule[ri] >= 0:
                s, e, status = labels.spans(np.frombuffer(data, dtype=np.uint8), ENDS[sel], ri)
                S[sel], E[sel] = s, e
                found[sel] = (status == VALID) | (status == INVALID)
                valid[sel] = status == VALID
                sel = sel[status == PYTHON]
            for j in sel.tolist():   # the reference
                hit = hits[j]
                span = rec.extract(data, hit.start, hit.end)
                if span is None:
                    continue
                S[j], E[j] = span
                found[j] = True
                valid[j] = rec.validate(data[span[0]:span[1]].decode("utf-8", "replace"),
                                        self.on) is not Validation.INVALID
        idx = np.flatnonzero(found)
        ent = self.ENT[R[idx]]
        order = np.lexsort((idx, E[idx], S[idx], ent))
        o, ent = idx[order], ent[order]
        first = np.ones(len(o), dtype=bool)
        first[1:] = (S[o[1:]] != S[o[:-1]]) | (E[o[1:]] != E[o[:-1]]) | (ent[1:] != ent[:-1])
        keep = np.sort(o[first & valid[o]])
        return S[keep], E[keep], R[keep]

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
        hashed without a Python step per value (``kernel.identify``); so are names
        (``kernel.labels``: the value as is). The others are normalised and hashed in Python,
        once per distinct raw value of the process.
        """
        H = np.full(len(S), -1, dtype=_I64)
        msg, offs, minors = self.ident.run(a, S, E, R, H, self.store.count)
        if len(minors):
            self.store.extend(self.store.hasher.hex_many(msg, offs), minors)
        rest = np.flatnonzero((self.RANK[R] > 0) & ~self.ident.compiled_mask[R])
        if not len(rest):
            return H
        labels = self._labels
        is_keyed = labels.keyed[R[rest]]
        keyed = rest[is_keyed]
        if not len(keyed):
            self._hash_values(data, S, E, R, H, rest, _EMPTY, None)
            return H
        nums, kmsg, koffs, first = labels.keys(a, S[keyed], E[keyed], R[keyed])
        ok = nums >= 0
        rest = np.sort(np.concatenate([rest[~is_keyed], keyed[~ok]]))
        labels.set_ids(self._hash_values(data, S, E, R, H, rest, keyed[first],
                                         self.store.hasher.hex_many(kmsg, koffs)))
        H[keyed[ok]] = labels.ids[nums[ok]]
        return H

    def _hash_values(self, data: bytes, S, E, R, H, rest, new_at, rows) -> np.ndarray:
        """Hash ids of the new keyed values (hashes ``rows``, first met at candidates ``new_at``)
        and, in Python, of the candidates ``rest`` (into ``H``): ids are given in candidate order,
        a hash met before (``HashStore.add``, e.g. a name in a named column) keeps its id."""
        store, recs = self.store, self.recs
        new_r = R[new_at]
        entity = {ri: recs[ri].entity for ri in uniq(new_r).tolist()}
        ents = [entity[ri] for ri in new_r.tolist()]
        hexes = rows.tobytes().decode("ascii") if rows is not None else ""
        new_pos = new_at.tolist()
        index = store.index   # (entity, hash) -> id, shared with ``HashStore.add``
        ids: list[int] = []
        pending: list[int] = []   # new hashes not yet in the store

        def flush() -> None:
            if pending:
                store.extend(rows[pending], np.zeros(len(pending), dtype=bool))
                pending.clear()

        known, salt = self._known, self._salt
        others, o_r, o_s, o_e = rest.tolist(), R[rest].tolist(), S[rest].tolist(), E[rest].tolist()
        o = 0
        for k in range(len(new_pos) + 1):
            stop = new_pos[k] if k < len(new_pos) else len(S)
            while o < len(others) and others[o] < stop:   # in Python, once per distinct raw value
                j, ri, value = others[o], o_r[o], data[o_s[o]:o_e[o]]
                o += 1
                ck = hash(salt + bytes((ri,)) + value)
                h = known.get(ck)
                if h is None:
                    flush()
                    rec = recs[ri]
                    norm = rec.normalize(value.decode("utf-8", "replace"))
                    born = getattr(rec, "birth_date", None)
                    h = known[ck] = store.add(rec.entity, norm,
                                              bool(born and self.minor.is_minor(born(norm))))
                H[j] = h
            if k < len(new_pos):
                key = (ents[k], hexes[32 * k:32 * k + 32])
                i = index.get(key)
                if i is None:
                    i = index[key] = store.count + len(pending)
                    pending.append(k)
                ids.append(i)
        flush()
        return np.array(ids, dtype=_I64)

    # -- the scan -------------------------------------------------------------------------------
    def _candidates(self, data: bytes, a: np.ndarray, rejections: bool = True):
        """The occurrences of a segment (start, end, recognizer; overlaps resolved) and its
        newline offsets; None when the segment holds full-width forms to fold first.
        ``rejections=False``: context words do not reject token candidates (``shown_name``)."""
        tokens = self._token_candidates(a, rejections)
        if tokens is None:
            return None
        ts, te, tr, tt, newlines = tokens
        hits = self.keywords.scan(data)
        ps, pe, pr = self._pattern_candidates(data, hits)
        tie = np.concatenate([tt, len(self.tokens.pair_shape) + np.arange(len(ps), dtype=_I64)])
        S, E, R = self._resolve(np.concatenate([ts, ps]), np.concatenate([te, pe]),
                                np.concatenate([tr, pr]), tie)
        return S, E, R, newlines

    def shown_name(self, name: str | None) -> str | None:
        """A file, table or field name as outputs may show it: every identifier the scanner
        finds in it (a file named after a customer's phone number, an identity number as a column
        name) replaced by its masked form, also when written in full-width forms (``width``);
        bytes of a name that are not UTF-8 are written ``\\xff``. Names are given to this
        function, not data."""
        if not name:
            return name
        shown = self._shown.get(name)
        if shown is None:
            # matched in the folded name; a full-width form is one character as its ASCII form
            # is, so character positions in the folded name are those of the name
            text = name.replace("\n", " ")
            data = b"\n" + fold_text(text).encode("utf-8", "surrogateescape") + b"\n"
            # every look-alike is masked: no context word (``订单``, ``元``…) spares a number here
            S, E, R, _ = self._candidates(data, np.frombuffer(data, dtype=np.uint8), rejections=False)

            def at_char(offset: int) -> int:
                return len(data[1:offset].decode("utf-8", "surrogateescape"))

            pieces, at = [], 0
            for s, e, ri in zip(S.tolist(), E.tolist(), R.tolist()):
                rec = self.recs[ri]
                cs, ce = at_char(s), at_char(e)
                if rec.rank > 0 and cs >= at:   # identifiers (names after a label included)
                    value = data[s:e].decode("utf-8", "replace")
                    pieces += [text[at:cs], rec.mask(rec.normalize(value))]
                    at = ce
            shown = name if not pieces else "".join(pieces) + text[at:]
            # a file name that is not UTF-8 (bytes kept as lone surrogates) is shown with those
            # bytes written as \xff, so every output can encode it
            shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            self._shown[name] = shown
        return shown

    def scan(self, seg: Segment, part: Partial) -> None:
        data = seg.data
        a = np.frombuffer(data, dtype=np.uint8)
        found = self._candidates(data, a)
        if found is None:    # full-width digits or letters: scan the folded copy (``width``)
            return self.scan(fold_segment(seg), part)
        S, E, R, newlines = found
        H = self._hash_ids(a, data, S, E, R)
        store = self.store

        tally = part.tally(seg.dataset)
        if seg.row_starts is not None:
            tally.kind = "table"
            tally.records += len(seg.row_starts)
            REC = np.searchsorted(seg.row_starts, S, side="right") - 1
            S, E, R, H, REC = self._add_fields(seg, a, S, E, R, H, REC, store)
        else:
            lines = max(len(newlines) - 1 - seg.open_end, 0)
            tally.records += lines
            part.newlines += lines
            REC = np.searchsorted(newlines, S, side="right") - 1
        self._count(seg, data, S, E, R, H, REC, store.minors, store, tally, part)

    def _add_fields(self, seg, a, S, E, R, H, REC, store):
        """Occurrences of named columns whose cell holds no pattern finding (``E`` = -1 - column).

        A name column's cells are identifiers in every row, as a name after a label is in text:
        hashed here (``_hash_cells``), so that ``_count`` makes the row's strongest identifier
        their anchor and links the name to it.
        """
        if not seg.field_columns:
            return S, E, R, H, REC
        seps = seg.separators()
        row_start = seg.row_starts[REC] if len(REC) else _EMPTY
        col = np.searchsorted(seps, S) - np.searchsorted(seps, row_start)
        ncols = len(seg.columns or ()) + 1
        taken = REC * ncols + col
        add_s, add_e, add_r, add_h, add_rec = [S], [E], [R], [H], [REC]
        for ci, rec, values in seg.field_columns:
            ri = self.rec_index[id(rec)]
            rows = np.asarray(values, dtype=_I64)
            if not len(rows):
                continue
            rows = rows[~np.isin(rows * ncols + ci, taken)]
            if rec.rank > 0:   # a name: the cells that may be one (``cell_ok``)
                hid = self._hash_cells(seg, a, rows, ci, ri)
                rows, hid = rows[hid >= 0], hid[hid >= 0]
            else:
                hid = np.full(len(rows), -1, dtype=_I64)
            add_s.append(seg.row_starts[rows])
            add_e.append(np.full(len(rows), -1 - ci, dtype=_I64))
            add_r.append(np.full(len(rows), ri, dtype=_I64))
            add_h.append(hid)
            add_rec.append(rows.astype(_I64))
        S, E, R, H, REC = (np.concatenate(x) for x in (add_s, add_e, add_r, add_h, add_rec))
        order = np.lexsort((S, REC))
        return S[order], E[order], R[order], H[order], REC[order]

    def _hash_cells(self, seg, a, rows, ci: int, ri: int) -> np.ndarray:
        """Hash ids of the cells of column ``ci`` in ``rows`` for identifier ``ri`` (a name).

        The value is the cell's text stripped of white space, hashed as a name after a label is
        (``_hash_ids``: the value as is), so the same name has the same hash in text and tables.
        Stripping, keying and the look-up are compiled (``kernel.labels``), new distinct values
        hashed in one batch; cells the mirror cannot follow (bytes that are not UTF-8) and
        recognizers without the compiled normal form are hashed in Python. A cell that is only
        white space, or one that cannot be a name (``PersonName.cell_ok``: ``中国农业银行``), is no
        identifier (-1).
        """
        rec, store, labels = self.recs[ri], self.store, self._labels
        hid = np.full(len(rows), -1, dtype=_I64)
        if not len(rows):
            return hid
        cs, ce = seg.cell_bounds(rows, np.full(len(rows), ci, dtype=_I64))
        rest = np.arange(len(rows))
        if labels.keyed[ri]:
            ss, se = labels.strip(a, cs, ce)
            cell = labels.name_cells(a, ss, se)
            todo = np.flatnonzero((se > ss) & (cell == 1))
            rr = np.full(len(todo), ri, dtype=_I64)
            nums, kmsg, koffs, first = labels.keys(a, ss[todo], se[todo], rr)
            ok = nums >= 0
            if len(first):
                labels.set_ids(self._hash_values(seg.data, ss[todo], se[todo], rr, hid, _EMPTY,
                                                 first, store.hasher.hex_many(kmsg, koffs)))
            hid[todo[ok]] = labels.ids[nums[ok]]
            rest = np.sort(np.concatenate([todo[~ok], np.flatnonzero((se > ss) & (cell < 0))]))
        data = seg.data
        for j, s, e in zip(rest.tolist(), cs[rest].tolist(), ce[rest].tolist()):   # the reference
            value = data[s:e].decode("utf-8", "replace").strip()
            if value and rec.cell_ok(value):
                hid[j] = store.add(rec.entity, rec.normalize(value))
        return hid

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
        # records about several people: every top identifier is a subject, weaker ones unlinked;
        # the record's categories are each person's, except a minor's: only the person whose own
        # identity number shows the age
        for g in multi_groups.tolist():
            own = np.array(pairs[pairs[:, 0] == g][:, 1], dtype=_I64)
            idx = np.flatnonzero(group == g)
            tally.anchors.append(own)
            tally.entity_anchors.append(self._several_people_entities(idx, own, R, H, rank, top[g]))
            cats = uniq(CATS[idx])   # each distinct category once: a line of 20,000 people stays linear
            tally.category_anchors.append(pack(np.repeat(cats, len(own)), np.tile(own, len(cats))))
            minors = H[idx[MIN[idx]]]
            if len(minors):
                tally.category_anchors.append(pack(np.full(len(minors), _MINOR, dtype=_I64), minors))
        if self.want_findings:   # the record's subject: its single anchor (none: -1)
            part.findings.append(segment_block(seg, self.recs, store, self.masked_values,
                                               S, E, R, H, MIN, REC, occ_anchor, self.shown_name))

    def _several_people_entities(self, idx, own, R, H, rank, top_rank) -> np.ndarray:
        """Packed (entity, subject) pairs of a record about the people ``own`` (occurrences
        ``idx``). The top identifiers' entities, and what is no identifier (a diagnosis), are each
        person's. A weaker identifier (a landline beside 26 mobiles) is someone's, but whose is
        unknown: its entity is credited to as many of the people as it has distinct values in the
        record (the first in hash-id order), never to more, so that an entity never counts more
        subjects than it has values."""
        ents = self.ENT[R[idx]]
        weak = (rank[idx] > 0) & (rank[idx] < top_rank) & (H[idx] >= 0)
        shared = uniq(ents[~weak])   # each entity once, so the pairs grow with people × entities
        out = [pack(np.repeat(shared, len(own)), np.tile(own, len(shared)))]
        if weak.any():
            values = _unique_pairs(ents[weak], H[idx][weak])        # (entity, value), sorted
            starts = np.flatnonzero(np.r_[True, values[1:, 0] != values[:-1, 0]])
            for e, n in zip(values[starts, 0].tolist(), np.diff(np.r_[starts, len(values)]).tolist()):
                out.append(pack(np.full(min(n, len(own)), e, dtype=_I64), own[:n]))
        return np.concatenate(out)


def _unique_pairs(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distinct (x, y) pairs (n × 2, sorted) of two non-negative int64 arrays (values below 2**31)."""
    if not len(x):
        return np.zeros((0, 2), dtype=_I64)
    k = uniq((x.astype(np.int64) << 32) | y.astype(np.int64))
    return np.stack([k >> 32, k & 0xFFFFFFFF], axis=1)
