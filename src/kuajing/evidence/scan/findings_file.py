"""The findings file (``--findings``): one JSON line per occurrence, built from arrays.

Each line is exactly what ``json.dumps(finding, ensure_ascii=False, separators=(",", ":"))``
gives for the finding, with the keys in this order::

    format, dataset, entity, category, categories, sensitive, masked, identifier_hash,
    subject_hash, evidence, then line, column (text) or table, row, field (tables)

A line is made of *pieces*, JSON text shared by many lines, and one or two numbers::

    {"format":…,"sensitive":true,"masked":    head: dataset, recognizer, minor or not
    "110105********0019"                      the masked value
    ,"identifier_hash":"3f…"  ,"subject_hash":"3f…"   (or null)
    ,"evidence":"pattern","line":             evidence and location keys (tables: …"row":)
    12 ,"column": 7 }                         numbers (tables: the row, then ,"field":"name"})

A worker turns the occurrences of one segment into a ``FindingsBlock`` (``segment_block``): the
distinct pieces, each value normalised, masked and escaped by the standard ``json`` encoder once
per distinct value, and per occurrence the indices of its pieces and its numbers, as arrays. The
parent shifts line and row numbers by the records of earlier units of the dataset and keeps the
blocks in a provisional file (``save_blocks``). Subjects are known once every link is resolved:
``write_lines`` then replaces each block's record anchors by resolved subject hashes (in its
pieces, once per distinct anchor) and writes its lines with one compiled pass.

A block holds masked values, keyed hashes, field names and numbers only, never a raw value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from numba import njit

from .kernel.checks import NORMAL_FORMS
from .kernel.distinct import DistinctTable, number_values
from .kernel.masks import PYTHON_MASK, mask_kind, quoted_masks
from .model import FORMAT_ID, Category

__all__ = ["FindingsBlock", "Findings", "MaskedValues", "SubjectRewrite", "segment_block",
           "save_blocks", "write_lines"]

_I64, _I32 = np.int64, np.int32
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))   # as json.dumps(...)
_NEWLINE = 0x0A                                  # record separator
_QUOTED_HASH = 34                                # "…32 hex…"

# pieces at the same index in every block
_CONSTANTS = (',"identifier_hash":', ',"subject_hash":', ',"column":', "}\n", "null")
_ID_KEY, _SUBJECT_KEY, _COLUMN_KEY, _END, _NULL = range(len(_CONSTANTS))

# how a line is laid out: (kind, argument) steps; REF: the piece in column ``argument`` of the
# occurrence's references, PIECE: piece ``argument``, NUMBER: column ``argument`` of its numbers
_REF, _PIECE, _NUMBER = 0, 1, 2
_HEAD, _MASKED, _ID, _SUBJECT, _EVIDENCE, _FIELD = range(6)   # reference columns
_COMMON = [(_REF, _HEAD), (_REF, _MASKED), (_PIECE, _ID_KEY), (_REF, _ID), (_PIECE, _SUBJECT_KEY),
           (_REF, _SUBJECT), (_REF, _EVIDENCE), (_NUMBER, 0)]
_TEXT_LAYOUT = np.array(_COMMON + [(_PIECE, _COLUMN_KEY), (_NUMBER, 1), (_PIECE, _END)], dtype=_I64)
_TABLE_LAYOUT = np.array(_COMMON + [(_REF, _FIELD)], dtype=_I64)


@dataclass
class FindingsBlock:
    """The findings of one segment: distinct pieces and, per occurrence, references and numbers.

    ``nums[:, 0]`` is the line (text) or row (``rows``: tables) number, ``nums[:, 1]`` the
    character column of text. The pieces from index ``subjects`` on are the quoted subject
    hashes (record anchors until ``resolve_subjects``).
    """

    pieces: bytes          # UTF-8 JSON fragments, concatenated
    starts: np.ndarray     # piece i is pieces[starts[i]:starts[i + 1]]
    refs: np.ndarray       # occurrences × reference columns (piece indices)
    nums: np.ndarray       # occurrences × numbers
    rows: bool             # numbers are table rows (else text lines)
    subjects: int          # index of the first subject piece

    def __len__(self) -> int:
        return len(self.refs)

    def shift(self, records: int) -> None:
        """Number lines or rows after ``records`` records of earlier units."""
        self.nums[:, 0] += records

    def resolve_subjects(self, rewrite: SubjectRewrite) -> None:
        """Replace the record anchors by their resolved subjects (in the subject pieces)."""
        first = int(self.starts[self.subjects])
        quoted = np.frombuffer(self.pieces, dtype=np.uint8)[first:].reshape(-1, _QUOTED_HASH).copy()
        hashes = np.ascontiguousarray(quoted[:, 1:33]).view("S32").ravel()
        quoted[:, 1:33] = rewrite(hashes).view(np.uint8).reshape(-1, 32)
        self.pieces = self.pieces[:first] + quoted.tobytes()

    def render(self) -> np.ndarray:
        """The JSON lines (UTF-8 bytes, each ending with a newline)."""
        layout = _TABLE_LAYOUT if self.rows else _TEXT_LAYOUT
        pieces = np.frombuffer(self.pieces, dtype=np.uint8)
        return _render(pieces, self.starts, self.refs, self.nums, layout)

    def dicts(self) -> list[dict]:
        """The findings as dictionaries."""
        return [json.loads(line) for line in self.render().tobytes().split(b"\n")[:-1]]


class Findings:
    """The findings of a partial result, one block per segment with occurrences; iterating
    gives each finding as a dictionary (numbered as scanned, subjects not yet resolved)."""

    def __init__(self) -> None:
        self.blocks: list[FindingsBlock] = []

    def append(self, block: FindingsBlock) -> None:
        self.blocks.append(block)

    def __len__(self) -> int:
        return sum(len(b) for b in self.blocks)

    def __iter__(self) -> Iterator[dict]:
        for block in self.blocks:
            yield from block.dicts()


class SubjectRewrite:
    """Record anchors to resolved subject hashes: ``old[i]`` (``S32``, hex) has the subject
    ``new[i]`` (``ScanResult.moved``); other hashes are their own subject."""

    def __init__(self, old: np.ndarray, new: np.ndarray) -> None:
        order = np.argsort(old)
        self.old, self.new = old[order], new[order]

    def __call__(self, hashes: np.ndarray) -> np.ndarray:
        """The subjects of an array of hashes (``S32``)."""
        if not len(self.old) or not len(hashes):
            return hashes
        i = np.minimum(np.searchsorted(self.old, hashes), len(self.old) - 1)
        return np.where(self.old[i] == hashes, self.new[i], hashes)


def save_blocks(blocks: list[FindingsBlock], fh: BinaryIO) -> None:
    """Append blocks to a provisional findings file (arrays in ``.npy`` format, never pickles)."""
    for b in blocks:
        header = np.array([b.rows, b.subjects], dtype=_I64)
        for array in (header, np.frombuffer(b.pieces, dtype=np.uint8), b.starts, b.refs, b.nums):
            np.save(fh, array, allow_pickle=False)


def _saved_blocks(fh: BinaryIO) -> Iterator[FindingsBlock]:
    while True:
        try:
            header = np.load(fh, allow_pickle=False)
        except EOFError:
            return
        pieces, starts, refs, nums = (np.load(fh, allow_pickle=False) for _ in range(4))
        yield FindingsBlock(pieces.tobytes(), starts, refs, nums, rows=bool(header[0]),
                            subjects=int(header[1]))


def write_lines(provisional: BinaryIO, out: BinaryIO, rewrite: SubjectRewrite) -> None:
    """Write the lines of the blocks of a provisional file (``save_blocks``), with resolved
    subjects; a block is rendered (in a thread: the compiled pass releases the GIL) while the
    one before is written."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        rendering = None
        for block in _saved_blocks(provisional):
            block.resolve_subjects(rewrite)
            previous, rendering = rendering, pool.submit(block.render)
            if previous is not None:
                out.write(previous.result())
        if rendering is not None:
            out.write(rendering.result())


class _Pieces:
    """Distinct JSON fragments of a block, numbered in the order added."""

    def __init__(self) -> None:
        self._blobs: list[bytes] = []
        self._lengths: list[np.ndarray] = []
        self.count = 0
        self.add(list(_CONSTANTS))

    def add(self, texts: list[str]) -> int:
        """Append fragments; returns the index of the first."""
        return self.add_bytes([t.encode("utf-8") for t in texts])

    def add_bytes(self, encoded: list[bytes]) -> int:
        """Append encoded fragments; returns the index of the first."""
        self._blobs += encoded
        self._lengths.append(np.array([len(b) for b in encoded], dtype=_I64))
        return self._grow(len(encoded))

    def add_rows(self, rows: np.ndarray) -> int:
        """Append fragments of one width, the rows of a uint8 matrix; returns the first index."""
        self._blobs.append(rows.tobytes())
        self._lengths.append(np.full(len(rows), rows.shape[1], dtype=_I64))
        return self._grow(len(rows))

    def _grow(self, k: int) -> int:
        self.count += k
        return self.count - k

    def joined(self) -> tuple[bytes, np.ndarray]:
        return b"".join(self._blobs), np.concatenate([[0], np.cumsum(np.concatenate(self._lengths))])


def _small_keys(keys: np.ndarray, size: int, pieces: _Pieces, text) -> np.ndarray:
    """Piece per occurrence for a key in 0…size-1, ``text(key)`` built once per key present."""
    present = np.flatnonzero(np.bincount(keys, minlength=size))
    table = np.zeros(size, dtype=_I64)
    table[present] = pieces.add([text(k) for k in present.tolist()]) + np.arange(len(present))
    return table[keys]


def _first_of_each(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For an int64 array: the index of the first occurrence of each distinct value (sorted by
    value) and, per element, the number of its value among them."""
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    new = np.r_[True, k[1:] != k[:-1]]
    inverse = np.empty(len(keys), dtype=_I64)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


class MaskedValues:
    """The masked values (JSON strings, UTF-8) of the identifiers one process has met, by
    recognizer and hash id: one hash id is one normalised value, so each is normalised, masked
    and escaped once. A bounded cache: emptied when it holds ``limit`` values."""

    def __init__(self, limit: int = 1 << 19) -> None:
        self.limit = limit
        self._known: dict[int, bytes] = {}
        self._tables: tuple | None = None

    def pieces(self, keys: list[int], compute) -> list[bytes]:
        """The value of each key (``recognizer << 32 | hash id``); ``compute(missing)`` gives
        those of ``keys[i]`` for the indices ``i`` not known yet, in that order."""
        known = self._known
        out = [known.get(k) for k in keys]
        missing = [i for i, v in enumerate(out) if v is None]
        if len(known) + len(missing) > self.limit:
            known.clear()
        for i, value in zip(missing, compute(missing)):
            out[i] = known[keys[i]] = value
        return out

    def tables(self, recs) -> tuple[np.ndarray, ...]:
        """Per recognizer: compiled normal form (-1: none), mask form (``kernel.masks``), and
        the characters ``mask_keep`` keeps first and last (``_normal_form``)."""
        if self._tables is None:
            self._tables = (np.array([NORMAL_FORMS.get(_normal_form(r), -1) for r in recs], dtype=_I64),
                            np.array([mask_kind(r) for r in recs], dtype=_I64),
                            np.array([r.mask_keep[0] for r in recs], dtype=_I64),
                            np.array([r.mask_keep[1] for r in recs], dtype=_I64))
        return self._tables


def _normal_form(rec) -> str | None:
    """The compiled normal form of a recognizer: its own, or ``as_is`` where ``normalize`` is
    the base one (the value itself: names)."""
    from .recognizers.base import Recognizer

    form = getattr(rec, "kernel_normal_form", None)
    return form or ("as_is" if type(rec).normalize is Recognizer.normalize else None)


def _compiled_masks(a, rows, CS, CE, R, cell, tables) -> tuple[list, np.ndarray]:
    """Quoted masks of candidates ``rows`` (values ``a[CS:CE]``, stripped where ``cell``) by
    ``kernel.masks`` where their recognizer has a compiled normal form and mask (else None),
    and the positions among ``rows`` left to Python."""
    form, kind, first, last = tables
    r = R[rows]
    fast = np.flatnonzero((form[r] >= 0) & (kind[r] != PYTHON_MASK))
    texts: list = [None] * len(rows)
    if len(fast):
        c = rows[fast]
        s, e, rc = CS[c], CE[c], R[c]
        longest = int((e - s).max()) + 32
        out = np.empty(int((e - s).sum()) + 16 * len(c) + 16, dtype=np.uint8)
        offs = np.empty(len(c) + 1, dtype=_I64)
        ok = np.empty(len(c), dtype=np.bool_)
        quoted_masks(a, s, e, cell[c], form[rc], kind[rc], first[rc], last[rc],
                     np.empty(longest, dtype=np.uint8), out, offs, ok)
        blob, o = out[:offs[-1]].tobytes(), offs.tolist()
        for k, (i, good) in enumerate(zip(fast.tolist(), ok.tolist())):
            if good:
                texts[i] = blob[o[k]:o[k + 1]]
    return texts, np.array([i for i, t in enumerate(texts) if t is None], dtype=_I64)


def _masked(seg, a, recs, S, E, R, H, REC, pieces: _Pieces, cache: MaskedValues) -> np.ndarray:
    """Piece of the masked value per occurrence.

    A value is normalised, masked and escaped once per distinct value: per (recognizer, hash
    id) for identifiers (``cache``), per (recognizer, bytes) within the segment for the others.
    Values of named columns (``E`` = -1 - column) are the cell's text, stripped.
    """
    data = seg.data
    CS, CE = S.copy(), E.copy()
    cell = np.flatnonzero(E < 0)
    if len(cell):
        CS[cell], CE[cell] = seg.cell_bounds(REC[cell], -1 - E[cell])

    def masked(ri: int, start: int, end: int, is_cell: bool) -> bytes:
        value = data[start:end].decode("utf-8", "replace")
        rec = recs[ri]
        norm = rec.normalize(value.strip() if is_cell else value)
        return _JSON.encode(rec.mask(norm)).encode("utf-8")

    def masks_of(rows: np.ndarray) -> list[bytes]:
        """Quoted masks of candidates ``rows``: compiled where ``kernel.masks`` can, else here."""
        texts, left = _compiled_masks(a, rows, CS, CE, R, E < 0, cache.tables(recs))
        for k in left.tolist():
            j = int(rows[k])
            texts[k] = masked(int(R[j]), int(CS[j]), int(CE[j]), bool(E[j] < 0))
        return texts

    ref = np.empty(len(S), dtype=_I64)
    keyed = np.flatnonzero(H >= 0)
    if len(keyed):
        first, inverse = _first_of_each((R[keyed] << 32) | H[keyed])
        j = keyed[first]
        texts = cache.pieces(((R[j] << 32) | H[j]).tolist(),
                             lambda missing: masks_of(j[np.array(missing, dtype=_I64)]))
        ref[keyed] = pieces.add_bytes(texts) + inverse
    rest = np.flatnonzero(H < 0)
    if len(rest):
        # the distinct (recognizer, cell?, bytes) values, numbered as first met
        table = DistinctTable(2 * len(rest))   # zeroed lazily by the allocator, not by a loop
        number = np.empty(len(rest), dtype=_I64)
        firsts = np.empty(len(rest), dtype=_I64)
        fresh = number_values(a, CS[rest], CE[rest], R[rest] * 2 + (E[rest] < 0), table.slots,
                              table.salt, number, firsts)
        ref[rest] = pieces.add_bytes(masks_of(rest[firsts[:fresh]])) + number
    return ref


def _head(dataset: str, rec, minor: bool) -> str:
    cats = (rec.category, Category.MINOR_UNDER_14) if minor else (rec.category,)
    constant = {"format": FORMAT_ID, "dataset": dataset, "entity": rec.entity,
                "category": cats[0].value, "categories": [c.value for c in cats],
                "sensitive": any(c.sensitive for c in cats)}
    return _JSON.encode(constant)[:-1] + ',"masked":'


def _evidence(seg, rec, field_name: bool, shown) -> str:
    text = ',"evidence":' + _JSON.encode("field_name" if field_name else rec.evidence)
    if seg.row_starts is None:
        return text + ',"line":'
    return text + ',"table":' + _JSON.encode(shown(seg.table)) + ',"row":'


def segment_block(seg, recs, store, cache: MaskedValues, S, E, R, H, MIN, REC, SUBJ,
                  shown) -> FindingsBlock:
    """The findings of one segment's occurrences (arrays of ``Engine._count``): start, end (or
    -1 - column of a named column), recognizer, hash id (-1: none), minor, record, and the
    record's subject (hash id of the anchor, -1: none); ``store`` is the process's ``HashStore``
    and ``cache`` its ``MaskedValues``; ``shown`` gives a table or field name as it may be shown
    (``Engine.shown_name``: identifiers in names masked)."""
    a = np.frombuffer(seg.data, dtype=np.uint8)
    n, nrec = len(S), len(recs)
    pieces = _Pieces()
    refs = np.empty((n, 6 if seg.row_starts is not None else 5), dtype=_I32)
    refs[:, _HEAD] = _small_keys(R * 2 + MIN, 2 * nrec, pieces,
                                 lambda k: _head(seg.dataset, recs[k // 2], bool(k % 2)))
    refs[:, _EVIDENCE] = _small_keys(R * 2 + (E < 0), 2 * nrec, pieces,
                                     lambda k: _evidence(seg, recs[k // 2], bool(k % 2), shown))
    refs[:, _MASKED] = _masked(seg, a, recs, S, E, R, H, REC, pieces, cache)
    if seg.row_starts is not None:
        refs[:, _FIELD] = _field_pieces(seg, a, S, E, REC, pieces, shown)
        nums = (seg.first_row + REC).astype(_I64).reshape(-1, 1)
    else:
        nums = np.stack([seg.first_line + REC, _columns(a, S)], axis=1).astype(_I64)
    # the hashes, last the subjects (rewritten once subjects are resolved)
    refs[:, _ID] = _hash_pieces(H, store, pieces)
    subjects = pieces.count
    refs[:, _SUBJECT] = _hash_pieces(SUBJ, store, pieces)
    blob, starts = pieces.joined()
    return FindingsBlock(blob, starts, refs, nums, rows=seg.row_starts is not None, subjects=subjects)


def _columns(a: np.ndarray, S: np.ndarray) -> np.ndarray:
    """1-based character column of each offset: the bytes after the line's start that do not
    continue a UTF-8 sequence (0b10xxxxxx), plus one."""
    out = np.empty(len(S), dtype=_I64)
    if len(S) > 1 and (S[1:] < S[:-1]).any():
        order = np.argsort(S, kind="stable")
        out[order] = _columns(a, S[order])
        return out
    _char_columns(a, S, out)
    return out


@njit(cache=True, _nrt=False)
def _char_columns(a, S, out):
    """``_columns`` for ascending offsets, in one pass up to the last of them."""
    p = 0
    col = 0                      # characters since the last newline
    for i in range(S.shape[0]):
        while p < S[i]:
            b = a[p]
            if b == _NEWLINE:
                col = 0
            elif (b & 0xC0) != 0x80:
                col += 1
            p += 1
        out[i] = col + 1


def _field_pieces(seg, a, S, E, REC, pieces: _Pieces, shown) -> np.ndarray:
    """Piece of the ``field`` (column name, or null) per occurrence: a named column's own
    (``E`` = -1 - column), else the cell separators before the start in the row."""
    seps = seg.separators()
    before = np.searchsorted(seps, S) - np.searchsorted(seps, seg.row_starts[REC])
    column = np.where(E < 0, -1 - E, before)
    names = [shown(c) for c in seg.columns or ()]
    base = pieces.add([',"field":' + _JSON.encode(c) + "}\n" for c in names + [None]])
    return base + np.minimum(column, len(names))


def _hash_pieces(hid: np.ndarray, store, pieces: _Pieces) -> np.ndarray:
    """Piece per occurrence of its hash id (-1: ``null``), each distinct hash quoted once."""
    ids = np.flatnonzero(np.bincount(hid[hid >= 0], minlength=store.count))
    quoted = np.full((len(ids), _QUOTED_HASH), ord('"'), dtype=np.uint8)
    quoted[:, 1:33] = np.frombuffer(store.joined(ids).encode("ascii"), dtype=np.uint8).reshape(-1, 32)
    piece_of = np.full(store.count + 1, _NULL, dtype=_I64)      # [-1]: no hash id
    piece_of[ids] = pieces.add_rows(quoted) + np.arange(len(ids))
    return piece_of[hid]


@njit(cache=True)
def _digits(v):
    n = 1
    while v >= 10:
        v //= 10
        n += 1
    return n


@njit(cache=True, nogil=True)
def _render(pieces, starts, refs, nums, layout):
    """Concatenate, per occurrence, the steps of ``layout`` (see ``_TEXT_LAYOUT``); numbers are
    written in decimal (non-negative). Output positions are unsigned: no wrap-around test per byte."""
    size = 0
    for i in range(refs.shape[0]):
        for k in range(layout.shape[0]):
            kind, arg = layout[k, 0], layout[k, 1]
            if kind == _NUMBER:
                size += _digits(nums[i, arg])
            else:
                p = refs[i, arg] if kind == _REF else arg
                size += starts[p + 1] - starts[p]
    out = np.empty(size, dtype=np.uint8)
    o = np.uint64(0)
    for i in range(refs.shape[0]):
        for k in range(layout.shape[0]):
            kind, arg = layout[k, 0], layout[k, 1]
            if kind == _NUMBER:
                v = nums[i, arg]
                w = _digits(v)
                for d in range(w):
                    out[o + np.uint64(w - 1 - d)] = 48 + v % 10
                    v //= 10
                o += np.uint64(w)
            else:
                p = refs[i, arg] if kind == _REF else arg
                s = np.uint64(starts[p])
                for b in range(np.uint64(starts[p + 1]) - s):
                    out[o + b] = pieces[s + b]
                o += np.uint64(starts[p + 1]) - s
    return out
