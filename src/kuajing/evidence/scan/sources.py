"""Readers per format: each turns a unit of work into ``Segment``s of decoded UTF-8 text.

Formats (by extension, case-insensitive):

* text and logs (anything not listed below that is not binary): scanned as text, records are
  lines; labels such as ``姓名：`` or ``"name":`` mark names and addresses;
* JSON Lines (``.jsonl``, ``.ndjson``): parsed with pyarrow (nested objects flattened to
  ``a.b`` columns, lists of objects or lists and maps kept as the cell's JSON text); records
  are objects; a range pyarrow refuses (a key whose type changes, a line that is no object) is
  read line by line with ``json`` instead, flattened as ``.json`` documents are, a line that is
  no object kept whole as the row's ``line`` cell;
* CSV / TSV (``.csv``, ``.tsv``): parsed with pyarrow, every column read as text; records are
  rows; column names give field-name matches; a range pyarrow refuses (a row with more or fewer
  cells than the header) is read row by row with the ``csv`` module, extra cells as columns
  ``column_N``, and only a range the ``csv`` module refuses too is scanned as text; a range
  without quotes or CR whose lines all have the header's width skips the parser (``plain_csv``,
  same segments);
* JSON (``.json``): a document up to 64 MiB whose top level is an array of objects (or an object
  holding one) becomes a table of flattened key paths; anything else is scanned as text;
* Parquet (``.parquet``, ``.pq``): row group by row group, struct and nested columns as for
  JSON Lines, binary columns skipped with a note naming them, a row group that cannot be read
  skipped with a note naming it and its rows; Excel (``.xlsx``, ``.xlsm``: every sheet, first
  row = header, a sheet damaged part way kept up to the damage, with a note);
* SQL databases by SQLAlchemy URL: every table (or those named), in full or the first N rows.

Structured rows become one line of text each, cells separated by U+001F, so the same matchers
run on every format; the offsets of row starts map a match back to row and column.
Error messages name the file, unit and field — never a cell value (parsers' own messages, which
may quote data, are not passed on).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .decode import iter_decoded, read_range, to_lines, to_utf8
from .engine import Segment
from .plain_csv import PlainRows, nonblank, plain_rows
from .recognizers import FieldRecognizer, all_recognizers
from .width import fold_text

__all__ = ["Unit", "Unreadable", "segments", "format_of", "TEXT_FORMATS", "field_recognizer", "csv_header",
           "BINARY_EXTENSIONS", "JSON_DOC_LIMIT", "ROWS_PER_SEGMENT"]

TEXT_FORMATS = {"text", "jsonl"}
JSON_DOC_LIMIT = 64 * 1024 * 1024
ROWS_PER_SEGMENT = 50_000
CELLS_PER_SEGMENT = 4_000_000     # rows read one by one (Python lists) are cut by cells too
BINARY_EXTENSIONS = {
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".pdf", ".zip", ".gz", ".bz2", ".xz",
    ".7z", ".rar", ".tar", ".jar", ".class", ".so", ".dll", ".exe", ".bin", ".o", ".a", ".pyc",
    ".mp3", ".mp4", ".avi", ".mov", ".wav", ".woff", ".woff2", ".ttf", ".otf", ".xls", ".doc",
    ".ppt", ".docx", ".pptx", ".sqlite", ".db", ".sqlite3", ".orc", ".avro", ".feather", ".arrow",
}


class Unreadable(Exception):
    """A whole file its reader cannot open (not a Parquet file, not a workbook): the scan lists it
    under ``skipped`` with this reason, which never holds data."""


@dataclass(frozen=True)
class Unit:
    """One piece of work: a byte range of a text or CSV file, a whole file, or one SQL table."""

    kind: str                 # text | text_seq | csv | json_doc | parquet | xlsx | sql
    path: str                 # file path, or the SQLAlchemy URL for ``sql``
    dataset: str              # how reports name it (never holds a password)
    encoding: str | None = None
    start: int = 0
    end: int = 0
    index: int = 0            # order of the unit within its dataset
    table: str | None = None
    delimiter: str = ","
    header: tuple[str, ...] | None = None
    sample_rows: int | None = None
    newline: bytes = b"\n"   # the file's line end (``decode.line_end``): b"\r" where lines end in CR

    @property
    def size(self) -> int:
        return max(self.end - self.start, 0)


def format_of(path: Path) -> str:
    ext = path.suffix.lower()
    return {
        ".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
        ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx", ".xlsm": "xlsx",
    }.get(ext, "text")


def _field_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("\u3000", "_").replace("-", "_")


def field_recognizer(name: str) -> FieldRecognizer | None:
    """The recognizer whose field names include this column / key name (last path part), also
    when written in full-width forms (``ｎａｍｅ``, ``width``)."""
    key = _field_key(fold_text(name).rsplit(".", 1)[-1])
    for rec in all_recognizers():
        if isinstance(rec, FieldRecognizer) and key in rec.field_names:
            return rec
    return None


def csv_header(raw_first_line: bytes, encoding: str, delimiter: str) -> tuple[str, ...]:
    text, _ = to_utf8(raw_first_line, encoding)
    # the line ends at CR or LF as for the CSV parser (not at U+2028 and the like, as ``splitlines``)
    first = text.decode("utf-8").replace("\r", "\n").split("\n", 1)[0]
    try:
        row = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error:   # a header the csv module refuses: its cells split on the delimiter
        row = first.split(delimiter)
    names, seen = [], {}
    for i, name in enumerate(row):
        name = name.strip() or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return tuple(names)


# -- structured rows → segment ---------------------------------------------------------------

#: floats below this that are whole numbers are written as integers (a phone typed as a number);
#: it keeps them within int64, and beyond 2**53 a float has lost digits anyway
_INTEGRAL_BELOW = 1e18


def _integral(v) -> bool:
    return isinstance(v, float) and v.is_integer() and abs(v) < _INTEGRAL_BELOW


def _binary_note(column: str) -> str:
    return f"column {column}: binary data, not scanned"


def _is_binary(t) -> bool:
    """Bytes, not text: binary, large, fixed-size and view binary types (and dictionaries of them)."""
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        t = t.value_type
    return (pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t)
            or pa.types.is_binary_view(t))


def _holds_binary(t) -> bool:
    """Whether a nested type has binary values somewhere inside it."""
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        t = t.value_type
    if _is_binary(t):
        return True
    return pa.types.is_nested(t) and any(_holds_binary(t.field(i).type) for i in range(t.num_fields))


def _plain(v):
    """A value of ``to_pylist`` made ready for ``json.dumps``: integral floats as integers (a
    phone typed as a number), bytes dropped (binary is not scanned), a map whose keys JSON cannot
    hold kept as its ``[key, value]`` pairs."""
    if isinstance(v, dict):
        if all(k is None or isinstance(k, (str, int, float, bool)) for k in v):
            return {k: _plain(x) for k, x in v.items()}
        return [[_plain(k), _plain(x)] for k, x in v.items()]
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if _integral(v):
        return int(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return None
    return v


def _json_text(arr):
    """Each cell of a nested column (list of objects, list of lists, map, union…) as its JSON
    text, so ``"phone": "13812345678"`` is scanned in that column's field. Per cell in Python:
    such columns are rare, flat ones never come here."""
    import pyarrow as pa

    try:
        values = arr.to_pylist(maps_as_pydicts="strict")
    except (KeyError, TypeError, ValueError, pa.ArrowException):
        values = arr.to_pylist()      # a map with a repeated key: its (key, value) pairs, all kept
    return pa.array([None if v is None else json.dumps(_plain(v), ensure_ascii=False, default=str)
                     for v in values], type=pa.string())


def _as_text(arr):
    """Text of a non-string Arrow column: integral floats without exponent (a phone typed as a
    number), lists of scalars joined by spaces, other nested values (lists of objects or lists,
    maps, lists of floats) as JSON text; binary dropped (the readers note it)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = arr.type
    if pa.types.is_null(t) or _is_binary(t):
        return pa.nulls(len(arr), pa.string())
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return arr
    if pa.types.is_floating(t):
        integral = pc.and_(pc.equal(arr, pc.floor(arr)), pc.less(pc.abs(arr), _INTEGRAL_BELOW))
        integral = pc.fill_null(integral, False)
        text = pc.cast(arr, pa.string())
        if not pc.any(integral).as_py():
            return text
        as_int = pc.cast(pc.filter(arr, integral), pa.int64(), safe=False)
        return pc.replace_with_mask(text, integral, pc.cast(as_int, pa.string()))
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        v = t.value_type
        if not (pa.types.is_nested(v) or pa.types.is_floating(v) or _holds_binary(v)):
            try:
                return pc.binary_join(pc.cast(arr, pa.list_(pa.string())), " ")
            except pa.ArrowException:
                pass
        return _json_text(arr)
    if pa.types.is_nested(t):
        return _json_text(arr)
    try:
        return pc.cast(arr, pa.string(), safe=False)
    except pa.ArrowException:
        return _json_text(arr)


def _arrow_columns(table, notes: list[str]) -> tuple[list[str], list]:
    """Names and columns of a pyarrow table or record batch (JSON Lines, Parquet) as segments
    take them: struct columns flattened into ``a.b`` columns, level by level; other nested
    columns stay whole (``_as_text`` makes them JSON text). Binary columns are noted by name."""
    import pyarrow as pa

    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()
    for f in table.schema:
        if _is_binary(f.type):
            note = _binary_note(f.name)
        elif _holds_binary(f.type):
            note = f"column {f.name}: binary values inside it not scanned"
        else:
            continue
        if note not in notes:
            notes.append(note)
    return table.column_names, [table.column(i) for i in range(table.num_columns)]


def table_segment(dataset: str, table: str | None, columns: list[str], arrays: list,
                  first_row: int) -> Segment:
    """One segment from equally long columns (pyarrow arrays or Python lists of str/None)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(arrays[0]) if arrays else 0
    cols = []
    for arr in arrays:
        if not isinstance(arr, (pa.Array, pa.ChunkedArray)):
            arr = pa.array([None if v is None else str(v) for v in arr], type=pa.string())
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            arr = _as_text(arr)
        arr = arr.cast(pa.large_string())
        cols.append(pc.fill_null(arr, "") if arr.null_count else arr)
    if not cols or n == 0:
        return Segment(dataset=dataset, data=b"\n\n", table=table, row_starts=np.zeros(0, np.int64),
                       first_row=first_row, columns=columns)
    # each row: its cells, each followed by U+001F, then a newline
    rows = pc.binary_join_element_wise(*cols, pa.scalar("\n", pa.large_string()),
                                       pa.scalar("\x1f", pa.large_string()))
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset:rows.offset + n + 1]
    body = memoryview(rows.buffers()[2])[offsets[0]:offsets[-1]]
    row_starts = (offsets[:-1] - offsets[0] + 1).astype(np.int64)
    field_columns = []
    for ci, name in enumerate(columns):
        rec = field_recognizer(name)
        if rec is None:
            continue
        filled = np.flatnonzero(nonblank(cols[ci]))
        if len(filled):
            field_columns.append((ci, rec, filled))
    return Segment(dataset=dataset, data=b"".join((b"\n", body, b"\n")), table=table,
                   row_starts=row_starts, first_row=first_row, columns=columns,
                   field_columns=field_columns)


# -- readers ------------------------------------------------------------------------------------

def segments(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    """Decoded segments of one unit; ``notes`` collects dataset notes (no data values)."""
    reader = _READERS[unit.kind]
    yield from reader(unit, chunk, notes)


def _text_range(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    # A range after the first usually starts just after a newline (``plan_ranges``): read from
    # that newline, and it is the segment's leading sentinel without copying the range again.
    lead = unit.start > 0
    raw = read_range(Path(unit.path), unit.start - lead, unit.end)
    if lead and raw[:1] not in (b"\n", unit.newline):         # a long line cut at a space
        raw, lead = raw[1:], False
    data, replaced = to_utf8(raw, unit.encoding or "utf-8")
    data = to_lines(data, unit.newline)
    if replaced:
        notes.append(f"bytes not valid in {unit.encoding} were replaced (U+FFFD) before matching")
    if not lead:
        data = b"\n" + data
    open_end = False
    if not data.endswith(b"\n"):
        open_end = unit.end < Path(unit.path).stat().st_size
        data += b"\n"
    yield Segment(dataset=unit.dataset, data=data, open_end=open_end)


def _as_lines(unit: Unit, data: bytes) -> Segment:
    """A range (or document) that did not parse, as text: lines are records and the first line
    of ``data`` is line 1 of the range. As in ``_text_range``, a final newline is added only when
    missing, and a range cut inside a long line leaves that line open for the next one."""
    open_end = False
    if not data.endswith(b"\n"):
        open_end = unit.end < Path(unit.path).stat().st_size
        data += b"\n"
    return Segment(dataset=unit.dataset, data=b"\n" + data, first_line=1, open_end=open_end)


def _text_seq(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    line = 1
    for data, replaced in iter_decoded(Path(unit.path), unit.encoding or "utf-8", chunk, unit.newline):
        if replaced:
            notes.append(f"bytes not valid in {unit.encoding} were replaced (U+FFFD) before matching")
        if data.startswith("\ufeff".encode()):
            data = data[3:]
        yield Segment(dataset=unit.dataset, first_line=line,
                      data=b"\n" + data + (b"" if data.endswith(b"\n") else b"\n"))
        line += data.count(b"\n")


def _csv_range(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    raw = read_range(Path(unit.path), unit.start, unit.end)
    data, replaced = to_utf8(raw, unit.encoding or "utf-8")
    data = to_lines(data, unit.newline)
    if replaced:
        notes.append(f"bytes not valid in {unit.encoding} were replaced (U+FFFD) before matching")
    header = list(unit.header or ())
    skip = 1 if unit.index == 0 else 0
    rows = plain_rows(data, len(header), unit.delimiter, skip_first=bool(skip)) if header else None
    if rows is not None:
        yield from _plain_segments(unit.dataset, header, rows)
        return
    # a header line with no newline after it: the parser cannot skip it (an empty table)
    parse = data + b"\n" if skip and b"\n" not in data and b"\r" not in data else data
    try:
        if not header:
            raise ValueError("no header")
        table = pacsv.read_csv(
            io.BytesIO(parse),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=skip, use_threads=True,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=unit.delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError, pa.ArrowException):
        # the parser's message may quote the row: never pass it on
        read = _csv_rows(unit, data, header) if header else None
        if read is None:
            notes.append(f"part {unit.index + 1}: rows that do not parse as CSV (not even row by row); "
                         "scanned as plain text (locations are lines, not rows)")
            yield _as_lines(unit, data)     # the first range's line 1 is the header: file line 1
            return
        rows, ragged = read
        if ragged:
            notes.append(f"part {unit.index + 1}: rows without the header's {len(header)} cells: {ragged}; "
                         "read row by row (extra cells as columns column_N, missing cells empty)")
        for off, stop, width in _batches(rows, len, len(header)):
            names = _extra_names(header, width)
            part = rows[off:stop]
            arrays = [[r[i] if i < len(r) else None for r in part] for i in range(width)]
            yield table_segment(unit.dataset, None, names, arrays, first_row=1 + off)
        return
    for off in range(0, max(table.num_rows, 1), ROWS_PER_SEGMENT):
        part = table.slice(off, ROWS_PER_SEGMENT)
        yield table_segment(unit.dataset, None, header, [part.column(i) for i in range(len(header))],
                            first_row=1 + off)


def _csv_rows(unit: Unit, data: bytes, header: list[str]) -> tuple[list[list[str]], int] | None:
    """The rows of a CSV range pyarrow refused, read by the ``csv`` module (slower, but it takes
    rows with more or fewer cells than the header), and how many rows do not have the header's
    number of cells. Rows are numbered as pyarrow numbers them: the first
    range's header line is skipped (up to the first CR or LF, as ``csv_header`` reads it) and blank
    lines are dropped. ``None`` when the ``csv`` module refuses the range too (a quote left open,
    a closing quote followed by more text)."""
    text = data.decode("utf-8")
    if unit.index == 0:
        ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
        cut = min(ends) if ends else len(text)
        text = text[cut + (2 if text.startswith("\r\n", cut) else 1):]
    rows, ragged, width = [], 0, len(header)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))      # one cell may be as long as the range
    try:
        # strict: a quote left open would make the rest of the range one cell (one record for
        # every identifier after it); the range is then scanned as lines instead
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=unit.delimiter, strict=True):
            if not row:
                continue
            ragged += len(row) != width
            rows.append(row)
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(limit)
    return rows, ragged


def _extra_names(header: list[str], width: int) -> list[str]:
    """The header, then ``column_N`` for each cell beyond it (N its 1-based position)."""
    names, taken = list(header), set(header)
    for i in range(len(header), width):
        name = f"column_{i + 1}"
        while name in taken:
            name += "_2"
        names.append(name)
        taken.add(name)
    return names


def _batches(rows: list, width_of, width: int) -> Iterator[tuple[int, int, int]]:
    """``(start, stop, columns)`` of the segments rows read one by one are cut into: at most
    ``ROWS_PER_SEGMENT`` rows and about ``CELLS_PER_SEGMENT`` cells, the columns of a batch being
    the widest of its rows (``width_of``), so one very wide row, or a key on every line of its
    own, does not give every row of the range as many empty cells. Rows of none: one batch."""
    off = 0
    while True:
        stop, cols = off, width
        while stop < len(rows) and stop - off < ROWS_PER_SEGMENT:
            cols = max(cols, width_of(rows[stop]))
            stop += 1
            if (stop - off) * cols >= CELLS_PER_SEGMENT:
                break
        yield off, stop, cols
        off = stop
        if off >= len(rows):
            return


def _plain_segments(dataset: str, header: list[str], rows: PlainRows) -> Iterator[Segment]:
    """The segments ``table_segment`` would make of these rows, without a parser."""
    named = [(ci, rec) for ci, rec in enumerate(map(field_recognizer, header)) if rec is not None]
    filled = {ci: rows.filled(ci) for ci, _ in named}
    for off in range(0, len(rows), ROWS_PER_SEGMENT):
        stop = min(off + ROWS_PER_SEGMENT, len(rows))
        data, row_starts = rows.segment_data(off, stop)
        field_columns = [(ci, rec, np.flatnonzero(filled[ci][off:stop])) for ci, rec in named]
        yield Segment(dataset=dataset, data=data, row_starts=row_starts, first_row=1 + off,
                      columns=header, field_columns=[f for f in field_columns if len(f[2])])


def _jsonl_range(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    import pyarrow as pa
    import pyarrow.json as pajson

    raw = read_range(Path(unit.path), unit.start, unit.end)
    data, replaced = to_utf8(raw, unit.encoding or "utf-8")
    data = to_lines(data, unit.newline)
    if replaced:
        notes.append(f"bytes not valid in {unit.encoding} were replaced (U+FFFD) before matching")
    try:
        table = pajson.read_json(io.BytesIO(data), read_options=pajson.ReadOptions(block_size=1 << 24),
                                 parse_options=pajson.ParseOptions(unexpected_field_behavior="infer"))
    except (pa.ArrowException, ValueError):
        # the parser's message may quote the data: never pass it on
        rows, other = _jsonl_rows(data)
        if other:
            notes.append(f"part {unit.index + 1}: lines that are not JSON objects: {other}; each kept "
                         "whole as one row, its text in column line")
        yield from _flat_segments(unit.dataset, rows)
        return
    names, columns = _arrow_columns(table, notes)
    for off in range(0, max(table.num_rows, 1), ROWS_PER_SEGMENT):
        yield table_segment(unit.dataset, None, names, [c.slice(off, ROWS_PER_SEGMENT) for c in columns],
                            first_row=1 + off)


def _jsonl_rows(data: bytes) -> tuple[list[dict], int]:
    """The rows of a JSON Lines range pyarrow refused (a key whose type changes from line to
    line, a line that is no object), read line by line: each object flattened as ``_flatten``
    does; a line that is not JSON objects kept whole as a row whose ``line`` cell is its text
    (so its identifiers are found at that row), counted. Blank lines (JSON white space only) are
    dropped and objects on one line are rows of their own, as pyarrow reads them, so rows are
    numbered as pyarrow would number them."""
    decoder = json.JSONDecoder()
    rows, other = [], 0
    for line in data.decode("utf-8").split("\n"):
        objects, i = [], 0
        while True:
            while i < len(line) and line[i] in " \t\r":
                i += 1
            if i == len(line):
                break
            try:
                obj, i = decoder.raw_decode(line, i)
            except (ValueError, RecursionError):
                obj = None
            if not isinstance(obj, dict):
                objects = None
                break
            objects.append(obj)
        if objects is None:
            rows.append({"line": line.rstrip("\r")})
            other += 1
            continue
        for obj in objects:
            row: dict = {}
            _flatten(obj, "", row)
            rows.append(row)
    return rows, other


def _flat_segments(dataset: str, rows: list[dict]) -> Iterator[Segment]:
    """Segments of flattened records: the columns of a segment are its records' keys in order
    of first appearance, a key a record lacks is an empty cell."""
    columns: dict[str, None] = {}

    def width(row: dict) -> int:
        # called by ``_batches`` on each row of the batch it is building, before it yields it:
        # the keys of the batch so far
        for k in row:
            columns.setdefault(k, None)
        return len(columns)

    for off, stop, _ in _batches(rows, width, 0):
        names = list(columns)
        columns.clear()
        part = rows[off:stop]
        yield table_segment(dataset, None, names, [[r.get(c) for r in part] for c in names],
                            first_row=1 + off)


def _flatten(obj, prefix: str, out: dict) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _flatten(v, f"{prefix}[{i}]", out)
    else:
        out[prefix or "value"] = _cell_text(obj)     # integral floats without ".0", as in tables


def _json_doc(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    raw = read_range(Path(unit.path), 0, unit.end)
    data, replaced = to_utf8(raw, unit.encoding or "utf-8")
    data = to_lines(data, unit.newline)
    if replaced:
        notes.append(f"bytes not valid in {unit.encoding} were replaced (U+FFFD) before matching")
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        notes.append("not a valid JSON document; scanned as plain text")
        doc = None
    records = None
    if isinstance(doc, list) and all(isinstance(x, dict) for x in doc):   # ``[]``: a table of 0 rows
        records = doc
    elif isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            records = lists[0]
    if records is None:
        yield _as_lines(unit, data)
        return
    flat = []
    for rec in records:
        row: dict = {}
        _flatten(rec, "", row)
        flat.append(row)
    yield from _flat_segments(unit.dataset, flat)   # no records: one empty table segment


def _parquet(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(unit.path)
    except (pa.ArrowException, OSError):
        raise Unreadable("not a readable Parquet file") from None
    # row group by row group: one that cannot be read (a damaged page) loses its own rows only;
    # rows keep their numbers in the file
    first = 1
    for group in range(pf.num_row_groups):
        size = pf.metadata.row_group(group).num_rows
        batches = pf.iter_batches(batch_size=ROWS_PER_SEGMENT, row_groups=[group])
        done = 0
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError, ValueError) as exc:   # its message may quote data
                last = first + size - 1
                lost = f"; rows {first + done}-{last} skipped" if done else "; skipped"
                notes.append(f"row group {group + 1} (rows {first}-{last}) could not be read"
                             f"{' completely' if done else ''} ({type(exc).__name__}){lost}")
                break
            if batch is None:
                break
            names, columns = _arrow_columns(batch, notes)
            yield table_segment(unit.dataset, None, names, columns, first_row=first + done)
            done += batch.num_rows
        first += size


def _xlsx(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(unit.path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise Unreadable("not a readable Excel workbook") from None
    try:
        for ws in wb.worksheets:
            rows = _sheet_rows(ws, notes)
            header = next(rows, None)
            if header is None:
                continue
            names = [str(h).strip() if h is not None and str(h).strip() else f"column_{i + 1}"
                     for i, h in enumerate(header)]
            batch, first = [], 1
            for row in rows:
                batch.append(row)
                if len(batch) >= ROWS_PER_SEGMENT:
                    yield _xlsx_segment(unit, ws.title, names, batch, first)
                    first += len(batch)
                    batch = []
            if batch:
                yield _xlsx_segment(unit, ws.title, names, batch, first)
    finally:
        wb.close()


def _sheet_rows(ws, notes: list[str]) -> Iterator[tuple]:
    """The rows of a sheet, up to the first one its reader fails on (damaged sheet XML, a
    truncated part): the rows before stay scanned and a note names the sheet."""
    rows = ws.iter_rows(values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - openpyxl and its XML parser raise many types
            # the reader's message may quote the sheet's text: only its type is shown
            notes.append(f"sheet {ws.title}: could not be read completely ({type(exc).__name__}); "
                         "rows after the damage skipped")
            return
        yield row


def _cell_text(v) -> str | None:
    if v is None:
        return None
    if _integral(v):
        return str(int(v))  # a phone or card typed as a number
    return str(v)


def _xlsx_segment(unit: Unit, sheet: str, names: list[str], rows: list, first: int) -> Segment:
    width = max(len(names), max((len(r) for r in rows), default=0))
    names = _extra_names(names, width)
    arrays = [[_cell_text(r[i]) if i < len(r) else None for r in rows] for i in range(width)]
    return table_segment(unit.dataset, sheet, names, arrays, first_row=first)


def _sql(unit: Unit, chunk: int, notes: list[str]) -> Iterator[Segment]:
    import sqlalchemy as sa

    engine = sa.create_engine(unit.path)
    try:
        meta = sa.MetaData()
        table = sa.Table(unit.table, meta, autoload_with=engine)
        names = [c.name for c in table.columns]
        query = sa.select(table)
        if unit.sample_rows:
            query = query.limit(unit.sample_rows)
        first = 1
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(query)
            while True:
                rows = result.fetchmany(ROWS_PER_SEGMENT)
                if not rows:
                    if first == 1:   # an empty table is still a table
                        yield table_segment(unit.dataset, unit.table, names, [[] for _ in names], first_row=1)
                    break
                arrays = [[_cell_text(r[i]) if not isinstance(r[i], (bytes, memoryview)) else None
                           for r in rows] for i in range(len(names))]
                for i, name in enumerate(names):
                    note = _binary_note(name)
                    if note not in notes and any(isinstance(r[i], (bytes, memoryview)) for r in rows):
                        notes.append(note)
                yield table_segment(unit.dataset, unit.table, names, arrays, first_row=first)
                first += len(rows)
    finally:
        engine.dispose()


_READERS = {
    "text": _text_range, "text_seq": _text_seq, "csv": _csv_range, "jsonl": _jsonl_range, "json_doc": _json_doc,
    "parquet": _parquet, "xlsx": _xlsx, "sql": _sql,
}
