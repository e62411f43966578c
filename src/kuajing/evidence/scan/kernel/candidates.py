"""The compiled token pass: digit runs, every shape, context words and checks, in one loop.

``TokenKernel`` is configured from the token recognizers' class data (``shapes``,
``kernel_check``, ``requires_context``/``negative_context``, tables) and returns the valid
candidates of a segment as arrays. The loop visits each digit run once and tries only the shapes
whose first run can have that length (``FIRST_RUN_LENGTHS``), then each ``@`` for e-mail.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numba import njit

from ..keywords import CONTEXT
from .checks import CHECKS, PYTHON_CHECK, check, forms_table
from .context import WordTable, word_after, word_near
from .shapes import (EMAIL, GRP4444_TAIL, LANDLINE, LANDLINE86, SHAPE_ID, ByteScan, email_at, landline_at,
                     may_start, shape_at, short_run_may_start)

__all__ = ["TokenKernel", "FIRST_RUN_LENGTHS", "shape_spans"]

#: Lengths the first digit run of each shape can have (the loop's dispatch table).
FIRST_RUN_LENGTHS = {
    "run:8": (8,), "run:10": (10,), "run:11": (11,), "run:15": (15,), "run:16-19": (16, 17, 18, 19),
    "run:18": (18,), "run17x": (17,), "run:86+11": (13,), "run:0086+11": (15,), "grp:3-4-4": (3,),
    "grp:86-3-4-4": (2,), "grp:0086-3-4-4": (4,), "grp:86-11": (2,), "grp:4-4-4-4": (4,),
    "grp:6-8-4": (6,), "landline": (3, 4), "landline86": (2, 4),
    "ipv4": (1, 2, 3), "coord": (1, 2, 3), "alpha1:8": (8,), "alpha1:10": (10,), "alpha2:7": (7,),
}
#: Shapes whose first run must follow a ``+`` (``plus``) or start with ``0`` (``zero``): their
#: ``may_start`` says so. The loop tries them only on such runs (dispatch classes: 0 any run,
#: 1 a run after ``+``, which tries every shape, 2 a run starting with ``0``), so the common runs
#: of dates and times are offered fewer shapes.
START_CLASS = {"grp:86-3-4-4": "plus", "grp:86-11": "plus", "grp:0086-3-4-4": "zero", "landline": "zero",
               "run:0086+11": "zero", "landline86": {2: "plus", 4: "zero"}}   # +86 / 0086
_CLASSES = {None: (0, 1, 2), "plus": (1,), "zero": (1, 2)}
_N_SHAPES = GRP4444_TAIL + 1


def _internal(shape: str) -> list[int]:
    sid = SHAPE_ID[shape]
    return [sid, GRP4444_TAIL] if shape == "grp:4-4-4-4" else [sid]


def _length_table(shape_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (3 × 65) and shape ids: the shapes to try on a run of length L (≥ 63 → 63) in
    dispatch class c (``START_CLASS``) are ``flat[off[c, L]:off[c, L + 1]]``."""
    names = {SHAPE_ID[n]: n for n in SHAPE_ID}
    names[GRP4444_TAIL] = "grp:4-4-4-4"
    per: list[list[int]] = [[] for _ in range(3 * 64)]
    for sid in shape_ids:
        if sid == EMAIL:
            continue
        start = START_CLASS.get(names[sid])
        for length in FIRST_RUN_LENGTHS[names[sid]]:
            for c in _CLASSES[start.get(length) if isinstance(start, dict) else start]:
                per[c * 64 + length].append(sid)
    off = np.zeros((3, 65), dtype=np.int64)
    sizes = np.array([len(x) for x in per], dtype=np.int64).reshape(3, 64)
    total = np.concatenate([[0], np.cumsum(sizes)])
    for c in range(3):
        off[c] = total[c * 64:c * 64 + 65]
    flat = np.array([s for x in per for s in x] + [0], dtype=np.int64)
    return off, flat


@njit(cache=True)
def _grow(out, k):
    if k < out.shape[0]:
        return out
    bigger = np.empty((2 * out.shape[0] + 16, out.shape[1]), dtype=np.int64)
    bigger[:k] = out[:k]
    return bigger


@njit(cache=True)
def shape_candidates(a, S, E, at, len_off, len_shapes, want_email):
    """Rows (start, end, internal shape) of every shape's candidates, given the digit runs
    (``S``, ``E``) and ``@`` offsets of ``a`` (``shapes.ByteScan``). Runs that may start a
    landline are only noted in the loop and parsed after it: the parser is
    long and rarely needed, and kept out of the loop it does not slow the loop down. The three
    appends of a row are written out: a shared helper returning the grown array made the loop
    about a fifth slower (measured on the dense benchmark log)."""
    n = S.shape[0]
    size = a.shape[0]
    found = np.empty((n // 8 + at.shape[0] + 64, 3), dtype=np.int64)
    f = 0
    anchors = np.empty((64, 2), dtype=np.int64)     # (run, landline shape)
    n_anchors = 0
    for i in range(n):
        si, ei = S[i], E[i]
        length = min(ei - si, 63)
        pb = a[si - 1] if si > 0 else a[0]
        first = a[si]
        c = 1 if pb == 43 else (2 if first == 48 else 0)
        lo, hi = len_off[c, length], len_off[c, length + 1]
        if lo == hi:
            continue
        nb = a[ei] if ei < size else a[size - 1]
        gap, nlen = -1, 0
        if i + 1 < n:
            gap, nlen = S[i + 1] - ei, E[i + 1] - S[i + 1]
        if length <= 4 and not short_run_may_start(pb, nb, first, gap, length):
            continue
        for q in range(lo, hi):
            sid = len_shapes[q]
            if not may_start(sid, pb, nb, first, gap, nlen):
                continue
            if sid == LANDLINE or sid == LANDLINE86:
                anchors = _grow(anchors, n_anchors)
                anchors[n_anchors, 0] = i
                anchors[n_anchors, 1] = sid
                n_anchors += 1
                continue
            ok, s, e = shape_at(a, S, E, n, i, sid)
            if ok:
                if f == found.shape[0]:
                    found = _grow(found, f)
                found[f, 0] = s
                found[f, 1] = e
                found[f, 2] = sid
                f += 1
    for j in range(n_anchors):
        ok, s, e = landline_at(a, S, E, n, anchors[j, 0], anchors[j, 1])
        if ok:
            if f == found.shape[0]:
                found = _grow(found, f)
            found[f, 0] = s
            found[f, 1] = e
            found[f, 2] = anchors[j, 1]
            f += 1
    if want_email:
        for j in range(at.shape[0]):
            ok, s, e = email_at(a, at[j])
            if ok:
                if f == found.shape[0]:
                    found = _grow(found, f)
                found[f, 0] = s
                found[f, 1] = e
                found[f, 2] = EMAIL
                f += 1
    return found[:f].copy()


@njit(cache=True)
def token_pass(a, S, E, at, len_off, len_shapes, pair_off, pair_slot, pair_order, slot_check,
               tab_off, tables, forms_off, forms, req_off, req, neg_off, neg, aft_off, aft, words,
               word_off, word_bound, word_last, word_first, windows, after_windows, on_ymd, want_email):
    """Rows (start, end, slot, pair order, pending) of the valid candidates: each shape candidate
    is offered to the recognizers using that shape (context words before and after it, then the
    compiled check; ``pending``: to be validated in Python)."""
    found = shape_candidates(a, S, E, at, len_off, len_shapes, want_email)
    out = np.empty((found.shape[0] + 16, 5), dtype=np.int64)
    scratch = np.empty(64, dtype=np.int64)
    k = 0
    for c in range(found.shape[0]):
        s = found[c, 0]
        e = found[c, 1]
        sid = found[c, 2]
        for p in range(pair_off[sid], pair_off[sid + 1]):
            slot = pair_slot[p]
            if req_off[slot + 1] > req_off[slot] and not word_near(
                    a, s, windows[slot], req, req_off[slot], req_off[slot + 1], words, word_off,
                    word_bound, word_last):
                continue
            if word_near(a, s, windows[slot], neg, neg_off[slot], neg_off[slot + 1], words, word_off,
                         word_bound, word_last):
                continue
            if word_after(a, e, after_windows[slot], aft, aft_off[slot], aft_off[slot + 1], words,
                          word_off, word_bound, word_first):
                continue
            code = slot_check[slot]
            pending = code == PYTHON_CHECK
            if not pending and not check(a, s, e, code, on_ymd, tables, tab_off[slot], forms,
                                         forms_off[slot], forms_off[slot + 1], scratch):
                continue
            if k == out.shape[0]:
                out = _grow(out, k)
            out[k, 0] = s
            out[k, 1] = e
            out[k, 2] = slot
            out[k, 3] = pair_order[p]
            out[k, 4] = 1 if pending else 0
            k += 1
    return out[:k].copy()


def shape_spans(a: np.ndarray, shape: str) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of one shape found by the compiled loop (before any check), sorted: for
    comparing with ``tokens.Tokens.spans``."""
    off, flat = _length_table(_internal(shape))
    S, E, at, _ = ByteScan().run(a)
    rows = shape_candidates(a, S, E, at, off, flat, shape == "email")
    order = np.lexsort((rows[:, 1], rows[:, 0]))
    return rows[order, 0], rows[order, 1]


class TokenKernel:
    """The compiled token pass configured for ``token_recs`` (pairs (engine index, recognizer))."""

    def __init__(self, token_recs, n_recs: int, on: dt.date) -> None:
        self.on_ymd = on.year * 10000 + on.month * 100 + on.day
        pairs = []                                  # (internal shape, slot, pair order)
        order = 0
        self.pair_shape: list[tuple[int, str]] = []  # pair order -> (engine index, shape)
        for ri, rec in token_recs:
            for shape in rec.shapes:
                for sid in _internal(shape):
                    pairs.append((sid, ri, order))
                self.pair_shape.append((ri, shape))
                order += 1
        pairs.sort(key=lambda p: (p[0], p[2]))
        self.pair_off = np.zeros(_N_SHAPES + 1, dtype=np.int64)
        for sid, _, _ in pairs:
            self.pair_off[sid + 1] += 1
        self.pair_off = np.cumsum(self.pair_off).astype(np.int64)
        self.pair_slot = np.array([p[1] for p in pairs], dtype=np.int64)
        self.pair_order = np.array([p[2] for p in pairs], dtype=np.int64)
        self.len_off, self.len_shapes = _length_table(sorted({p[0] for p in pairs}))
        self.want_email = any(p[0] == EMAIL for p in pairs)
        self.n_slots = n_recs
        self.slot_check = np.full(n_recs, -1, dtype=np.int64)
        self.windows = np.zeros(n_recs, dtype=np.int64)
        self.after_windows = np.zeros(n_recs, dtype=np.int64)
        tabs: list[np.ndarray] = [np.zeros(0, dtype=np.uint8)] * n_recs
        forms: list[np.ndarray] = [np.zeros((0, 3), dtype=np.int64)] * n_recs
        self.requires = [()] * n_recs
        self.rejects = [()] * n_recs
        self.rejects_after = [()] * n_recs
        for ri, rec in token_recs:
            name = rec.kernel_check
            self.slot_check[ri] = PYTHON_CHECK if name is None else CHECKS[name]
            self.windows[ri] = rec.context_window
            self.requires[ri] = tuple(rec.requires_context)
            self.rejects[ri] = tuple(rec.negative_context)
            self.rejects_after[ri] = tuple(rec.negative_after)
            self.after_windows[ri] = rec.after_window
            table = rec.kernel_table()
            if table is not None:
                tabs[ri] = np.asarray(table, dtype=np.uint8)
            if getattr(rec, "forms", None):
                forms[ri] = forms_table(rec.forms)
        self.words = WordTable(CONTEXT)
        self._bytes = ByteScan()
        self.req_off, self.req = self.words.slots(self.requires)
        self.neg_off, self.neg = self.words.slots(self.rejects)
        self.aft_off, self.aft = self.words.slots(self.rejects_after)
        self._no_words = np.zeros(n_recs + 1, dtype=np.int64)   # every slot: no rejecting word
        self.tab_off = np.cumsum([0] + [len(t) for t in tabs]).astype(np.int64)
        self.tables = np.concatenate(tabs + [np.zeros(1, dtype=np.uint8)])
        self.forms_off = np.cumsum([0] + [len(f) for f in forms]).astype(np.int64)
        self.forms = np.concatenate(forms + [np.zeros((1, 3), dtype=np.int64)])

    @property
    def wide(self) -> int:
        """Full-width forms in the last buffer (``width``): when there are any, ``run`` returned
        no rows and the caller scans the folded copy instead."""
        return self._bytes.wide

    def run(self, a: np.ndarray, rejections: bool = True):
        """(rows, newline offsets): rows of (start, end, engine index, pair order, pending).
        ``rejections=False``: context words that reject a candidate (``negative_context``,
        ``negative_after``) are not consulted (names are masked by every look-alike)."""
        w = self.words
        S, E, at, nl = self._bytes.run(a)
        if self._bytes.wide:
            return np.zeros((0, 5), dtype=np.int64), nl
        neg_off = self.neg_off if rejections else self._no_words
        aft_off = self.aft_off if rejections else self._no_words
        return token_pass(a, S, E, at, self.len_off, self.len_shapes, self.pair_off, self.pair_slot, self.pair_order,
                          self.slot_check, self.tab_off, self.tables, self.forms_off, self.forms,
                          self.req_off, self.req, neg_off, self.neg, aft_off, self.aft, w.buf,
                          w.off, w.bound, w.last, w.first, self.windows, self.after_windows, self.on_ymd,
                          self.want_email), nl
