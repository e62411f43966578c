"""CSV / TSV ranges that need no parser, turned into segments with array work.

A range without a quote character and without a carriage return is already almost a segment:
every delimiter separates two cells and every newline ends a row. When, in addition, every line
has exactly the header's number of cells, the segment is the range with each delimiter replaced
by U+001F and a U+001F put before each newline — the bytes pyarrow's reader followed by
``sources.table_segment`` produces, which is what the tests hold it to. Blank lines are dropped
(pyarrow skips them); a missing last newline is added. Anything else (quotes, CR, a line with
too many or too few cells, an empty table, a very long line) returns ``None`` and the caller
parses the range with pyarrow, so errors and their notes stay pyarrow's.

Whether a cell of a named column is blank follows pyarrow's ``utf8_trim_whitespace``: a cell
whose first byte starts a character that is never white space is filled; the few others are
checked by that function itself (``nonblank``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["plain_rows", "PlainRows", "nonblank", "MAX_LINE"]

#: longer lines go to pyarrow, whose block size (16 MiB) limits a row
MAX_LINE = 1 << 20
_NL = 0x0A

# first bytes that start a character pyarrow never trims: printable ASCII and the UTF-8 lead
# bytes of blocks holding no white space (white space outside ASCII starts with C2, E1, E2, E3)
_FILLED_START = np.zeros(256, dtype=bool)
_FILLED_START[0x21:0x7F] = True
_FILLED_START[0xC3:0xE1] = True
_FILLED_START[0xE4:0xF5] = True


class PlainRows:
    """The rows of a plain range: ``body`` (rows, each ending with a newline) and the offset of
    every delimiter and newline in it, one row per line of ``bounds``."""

    def __init__(self, body: bytes, bounds: np.ndarray, delimiter: bytes) -> None:
        self.body = body
        self.bounds = bounds
        self.delimiter = delimiter
        self.ends = bounds[:, -1]
        self.starts = np.concatenate([[0], self.ends[:-1] + 1]).astype(np.int64)

    def __len__(self) -> int:
        return len(self.ends)

    def segment_data(self, first: int, stop: int) -> tuple[bytes, np.ndarray]:
        """Segment bytes of rows ``first``..``stop - 1`` and the offset of each row in them."""
        lo, hi = int(self.starts[first]), int(self.ends[stop - 1]) + 1
        rows = self.body[lo:hi].replace(self.delimiter, b"\x1f").replace(b"\n", b"\x1f\n")
        row_starts = self.starts[first:stop] - lo + np.arange(stop - first, dtype=np.int64) + 1
        return b"".join((b"\n", rows, b"\n")), row_starts

    def filled(self, column: int) -> np.ndarray:
        """Whether each row's cell in ``column`` holds more than white space."""
        a = np.frombuffer(self.body, dtype=np.uint8)
        start = self.starts if column == 0 else self.bounds[:, column - 1] + 1
        end = self.bounds[:, column]
        present = end > start
        sure = present & _FILLED_START[a[start]]
        unsure = np.flatnonzero(present & ~sure)
        if len(unsure):
            import pyarrow as pa

            cells = [self.body[s:e] for s, e in zip(start[unsure].tolist(), end[unsure].tolist())]
            sure[unsure] = nonblank(pa.array(cells, pa.binary()).cast(pa.string()))
        return sure


def plain_rows(data: bytes, ncols: int, delimiter: str, skip_first: bool) -> PlainRows | None:
    """The rows of ``data`` (UTF-8; the first line skipped when ``skip_first``) when it needs no
    parser; ``None`` when pyarrow has to read it."""
    delim = delimiter.encode()
    if len(delim) != 1 or delim in b'\n\r"':
        return None
    start = 0
    if skip_first:
        start = data.find(b"\n") + 1
        if not 0 < start <= MAX_LINE:
            return None
    if data.find(b"\r") >= 0 or data.find(b'"', start) >= 0:
        return None
    body = data[start:]
    if body and not body.endswith(b"\n"):
        body += b"\n"
    rows = _split(body, ncols, delim)
    if rows is None and (body.startswith(b"\n") or b"\n\n" in body):
        body = b"".join(line + b"\n" for line in body.split(b"\n") if line)
        rows = _split(body, ncols, delim)
    return rows


def _split(body: bytes, ncols: int, delim: bytes) -> PlainRows | None:
    """``PlainRows`` when every line of ``body`` has ``ncols`` cells, none is blank and none is
    longer than ``MAX_LINE``."""
    a = np.frombuffer(body, dtype=np.uint8)
    seps = np.flatnonzero((a == _NL) | (a == delim[0]))
    if not len(seps) or len(seps) % ncols:
        return None
    bounds = seps.reshape(-1, ncols)
    kinds = a[bounds]
    if not ((kinds[:, -1] == _NL).all() and (kinds[:, :-1] == delim[0]).all()):
        return None
    widths = np.diff(bounds[:, -1], prepend=-1)
    if widths.min() <= 1 or widths.max() > MAX_LINE:   # a blank line, or one for pyarrow
        return None
    return PlainRows(body, bounds, delim)


def nonblank(arr) -> np.ndarray:
    """Whether each string of a pyarrow array holds more than white space (pyarrow's own test)."""
    import pyarrow.compute as pc

    return pc.not_equal(pc.utf8_trim_whitespace(arr), "").to_numpy(zero_copy_only=False)
