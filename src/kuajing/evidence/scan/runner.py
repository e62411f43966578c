"""Plan the work, run it on a pool of worker processes, merge the partial tallies.

Files are cut into units (byte ranges of about ``chunk`` bytes for text and CSV in UTF-8 or
GB18030, whole files otherwise, one unit per SQL table). Units run in ``workers`` processes (two
by default: both cores), results come back in order, so the findings file is written in input
order while memory stays bounded by a few chunks per worker. Line and row numbers of later units
are shifted by the records of earlier units of the same dataset.
"""

from __future__ import annotations

import codecs
import datetime as dt
import fnmatch
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError, Location
from .classify import MinorRule
from .count import HashTable, Partial
from .decode import SAMPLE, count_lines, detect_encoding, line_end, looks_binary, plan_ranges, splittable
from .engine import Engine, Segment
from .findings_file import Findings, SubjectRewrite, save_blocks, write_lines
from .result import ScanResult
from .sources import BINARY_EXTENSIONS, JSON_DOC_LIMIT, Unit, Unreadable, csv_header, format_of, segments

__all__ = ["ScanOptions", "plan", "run_scan"]

DEFAULT_CHUNK = 8 * 1024 * 1024


@dataclass
class ScanOptions:
    on: dt.date
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    workers: int = 2
    chunk: int = DEFAULT_CHUNK
    sample_rows: int | None = None
    tables: tuple[str, ...] = ()
    findings_path: Path | None = None
    keyword_engine: str | None = None
    progress: Callable[[int], None] | None = None   # called with bytes done
    skipped: list = field(default_factory=list)


# -- planning -----------------------------------------------------------------------------------

def _is_url(target: str) -> bool:
    return "://" in target and not Path(target).exists()


def _matches(rel: str, name: str, globs: tuple[str, ...]) -> bool:
    """A glob matches the path below the folder or the name."""
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in globs)


def _walk(target: Path, opts: ScanOptions, name_of: Callable[[str], str]) -> Iterable[Path]:
    """The files below ``target`` that the globs admit; folders that cannot be read are noted
    in ``opts.skipped`` (a scan must not look complete when it is not)."""
    if target.is_file():
        yield target
        return

    def unreadable(exc: OSError) -> None:
        opts.skipped.append({"path": name_of(str(exc.filename or target)),
                             "reason": f"cannot read folder ({exc.strerror or 'error'})"})

    for root, dirs, files in os.walk(target, onerror=unreadable):
        kept = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            sub = Path(root) / d
            if _matches(sub.relative_to(target).as_posix(), d, opts.exclude):
                continue
            if sub.is_symlink():   # not followed: it may lead outside the folder, or loop
                opts.skipped.append({"path": name_of(str(sub)), "reason": "symbolic link to a folder, "
                                     "not followed (name its target to scan it)"})
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            path = Path(root) / name
            rel = path.relative_to(target).as_posix()
            if opts.include and not _matches(rel, name, opts.include):
                continue
            if _matches(rel, name, opts.exclude):
                continue
            yield path


def _line_end(path: Path, head: bytes, enc: str, quoted: bool) -> bytes:
    """``decode.line_end`` of the first 64 KiB, or, when they hold no line end at all (a first
    line longer than that), of the text up to the first 1 MiB block that holds one (at most
    64 MiB read)."""
    dec = codecs.getincrementaldecoder(enc)("replace")
    sample = dec.decode(head)
    if "\r" not in sample and "\n" not in sample:
        with open(path, "rb") as fh:
            fh.seek(len(head))
            for _ in range(64):
                block = fh.read(1 << 20)
                sample = dec.decode(block, final=not block)
                if not block or "\r" in sample or "\n" in sample:
                    break
    return line_end(sample, quoted)


def _file_units(path: Path, opts: ScanOptions, ds: str) -> list[Unit]:
    size = path.stat().st_size
    if size == 0:
        opts.skipped.append({"path": ds, "reason": "empty file"})
        return []
    fmt = format_of(path)
    if fmt == "parquet":
        return [Unit("parquet", str(path), ds, end=size)]
    if fmt == "xlsx":
        return [Unit("xlsx", str(path), ds, end=size)]
    if path.suffix.lower() in BINARY_EXTENSIONS:
        opts.skipped.append({"path": ds, "reason": "binary file type (extension)"})
        return []
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE)
    if looks_binary(head):
        opts.skipped.append({"path": ds, "reason": "binary content"})
        return []
    enc = detect_encoding(head)
    nl = _line_end(path, head, enc, quoted=fmt == "csv")
    if fmt == "json" and size <= JSON_DOC_LIMIT:
        return [Unit("json_doc", str(path), ds, encoding=enc, end=size, newline=nl)]
    if not splittable(enc):
        # UTF-16/32: byte offsets cannot be cut at newline bytes; a table up to JSON_DOC_LIMIT
        # is read whole, anything else decoded in sequence as text (``_run_unit`` notes it)
        if fmt not in ("csv", "jsonl") or size > JSON_DOC_LIMIT:
            return [Unit("text_seq", str(path), ds, encoding=enc, end=size, newline=nl)]
        ranges = [(0, size)]
        first_line = head.decode(enc, "replace").lstrip("\ufeff").split(nl.decode(), 1)[0].encode("utf-8")
        header_encoding = "utf-8"
    else:
        ranges = plan_ranges(path, size, opts.chunk, quoted=fmt == "csv", newline=nl)
        first_line = head.split(nl, 1)[0]
        header_encoding = enc
    if fmt == "csv":
        delimiter = "\t" if path.suffix.lower() == ".tsv" or first_line.count(b"\t") > first_line.count(b",") else ","
        header = csv_header(first_line, header_encoding, delimiter)
        return [Unit("csv", str(path), ds, encoding=enc, start=s, end=e, index=i, delimiter=delimiter,
                     header=header, newline=nl) for i, (s, e) in enumerate(ranges)]
    kind = "jsonl" if fmt == "jsonl" else "text"
    return [Unit(kind, str(path), ds, encoding=enc, start=s, end=e, index=i, newline=nl)
            for i, (s, e) in enumerate(ranges)]


def _sql_units(url: str, opts: ScanOptions, shown: Callable[[str], str],
               name_of: Callable[[str], str]) -> list[Unit]:
    import sqlalchemy as sa

    try:
        parsed = sa.engine.make_url(url)
    except Exception:  # noqa: BLE001
        parsed = None
    if parsed is not None and parsed.drivername.startswith("sqlite"):
        db = parsed.database
        if db and db != ":memory:" and not Path(db).is_file():
            raise InputError("no such SQLite database file", location=Location(shown(str(db))),
                             expected="an existing SQLite file (kuajing never creates one)")
    try:
        engine = sa.create_engine(url)
    except Exception:  # noqa: BLE001 - SQLAlchemy raises many types for a bad URL
        raise InputError("not a usable database URL", location=Location("<database>"),
                         expected="a SQLAlchemy URL such as sqlite:///crm.db",
                         found="(not shown: the URL may hold a password)") from None
    where = engine.url.render_as_string(hide_password=True)
    try:
        names = sa.inspect(engine).get_table_names()
    except Exception:  # noqa: BLE001
        raise InputError("cannot read the list of tables", location=Location(shown(where)),
                         hint="check that the database exists and the driver is installed") from None
    finally:
        engine.dispose()
    if opts.tables:
        missing = [t for t in opts.tables if t not in names]
        if missing:
            raise InputError("table not found", location=Location(shown(where)), path="--table",
                             expected="one of: " + ", ".join(map(shown, names)),
                             found=", ".join(map(shown, missing)))
        names = [n for n in names if n in opts.tables]
    return [Unit("sql", url, name_of(f"{where}#{n}"), table=n, sample_rows=opts.sample_rows, end=1)
            for n in names]


def plan(targets: list[str], opts: ScanOptions, shown: Callable[[str], str]) -> list[Unit]:
    """The units of work. Datasets are named as outputs show them: ``shown`` masks identifiers
    in names (``Engine.shown_name``); two files whose names mask alike get ``(2)``, ``(3)``…"""
    units: list[Unit] = []
    taken: dict[str, str] = {}   # name as shown -> path

    def name_of(path: str) -> str:
        base = shown(path)
        name, k = base, 1
        while taken.setdefault(name, path) != path:
            k += 1
            name = f"{base} ({k})"
        return name

    for target in targets:
        if _is_url(target):
            units.extend(_sql_units(target, opts, shown, name_of))
            continue
        path = Path(target)
        if not path.exists():
            raise InputError("no such file or folder", location=Location(shown(target)),
                             expected="a file, a folder or a database URL such as sqlite:///crm.db")
        for f in _walk(path, opts, name_of):
            ds = name_of(str(f))
            try:
                units.extend(_file_units(f, opts, ds))
            except OSError as exc:
                opts.skipped.append({"path": ds, "reason": f"cannot read ({exc.strerror or 'error'})"})
    return units


# -- workers ------------------------------------------------------------------------------------

_ENGINE: Engine | None = None
_CHUNK = DEFAULT_CHUNK


def _init(key: bytes, on: dt.date, minor: MinorRule, findings: bool, keyword_engine, chunk: int) -> None:
    global _ENGINE, _CHUNK
    _ENGINE = Engine(key, on, minor, findings=findings, keyword_engine=keyword_engine)
    _CHUNK = chunk


def _run_unit(unit: Unit) -> Partial:
    part = Partial(unit=(unit.dataset, unit.index))
    notes: list[str] = []
    tally = part.tally(unit.dataset)
    tally.encoding = unit.encoding
    rows = scanned = 0
    as_text = False   # a table range that fell back to text
    try:
        for seg in _readable(segments(unit, _CHUNK, notes), unit, notes):
            if seg.row_starts is not None:
                rows += len(seg.row_starts)
            else:
                as_text = True
            scanned += len(seg.data) - 2
            _ENGINE.scan(seg, part)
    except Unreadable as exc:   # nothing of it was read: not a dataset, a skipped file
        del part.datasets[unit.dataset]
        part.skipped.append({"path": unit.dataset, "reason": str(exc)})
    if unit.kind == "text_seq" and format_of(Path(unit.path)) in ("csv", "jsonl"):
        notes.append(f"a table in {unit.encoding} larger than {JSON_DOC_LIMIT >> 20} MiB is scanned "
                     "as plain text (locations are lines, not rows); convert it to UTF-8 to scan it as a table")
    if rows:
        part.newlines = rows
    part.lines = part.newlines
    if unit.kind == "csv" and splittable(unit.encoding or "utf-8"):
        # a CSV range (only CSV can fall back to text): its lines number the lines of later
        # ranges that do; counted again from the file (page cache), about 1 % of the range's work
        try:
            part.lines = count_lines(Path(unit.path), unit.start, unit.end, unit.newline)
        except OSError as exc:   # gone or changed since it was planned
            _note_unreadable(unit, notes, exc)
        if as_text:   # this range fell back to text: its rows are its lines after the header
            part.newlines = max(part.lines - (unit.index == 0), 0)
    tally.bytes += scanned if unit.kind == "sql" else unit.size   # source bytes of files
    # notes hold no values, but may name a column (named after an identifier, in a file without
    # a header): shown as every name is
    for note in map(_ENGINE.shown_name, notes):
        if note not in tally.notes:
            tally.notes.append(note)
    part.localize(_ENGINE.store)
    return part


def _note_unreadable(unit: Unit, notes: list[str], exc: BaseException) -> None:
    note = f"part {unit.index + 1} could not be read completely ({type(exc).__name__})"
    if note not in notes:
        notes.append(note)


def _readable(segs: Iterator[Segment], unit: Unit, notes: list[str]) -> Iterator[Segment]:
    """The segments of a unit until its reader fails: a damaged or vanished file makes its
    library raise almost anything (OSError, XML parse errors, zip errors…); the rest of the scan
    goes on and the dataset gets a note. Errors of the engine itself are not caught here."""
    while True:
        try:
            seg = next(segs)
        except StopIteration:
            return
        except Unreadable:
            raise
        except Exception as exc:  # noqa: BLE001 - see above; the note names the type, never data
            _note_unreadable(unit, notes, exc)
            return
        yield seg


def _preload_readers(units: list[Unit]) -> None:
    """Import the readers' libraries once, before the workers are forked (each worker would
    import pyarrow on its first table otherwise)."""
    if any(u.kind in ("csv", "jsonl", "json_doc", "parquet") for u in units):
        import pyarrow.compute  # noqa: F401
        import pyarrow.csv  # noqa: F401
        import pyarrow.json  # noqa: F401
        import pyarrow.parquet  # noqa: F401


# -- the scan -----------------------------------------------------------------------------------

def run_scan(targets: list[str], opts: ScanOptions, key: bytes, minor: MinorRule) -> ScanResult:
    want = opts.findings_path is not None
    args = (key, opts.on, minor, want, opts.keyword_engine, opts.chunk)
    # the engine is built here first: it masks identifiers in the names of datasets, and with
    # fork the workers inherit it (compiled matchers, loaded kernels); other start methods build
    # it again in each worker
    _init(*args)
    units = plan(targets, opts, shown=_ENGINE.shown_name)
    total = Partial()
    table = HashTable()
    offsets: dict[str, tuple[int, int]] = {}
    tmp = opts.findings_path.with_name(opts.findings_path.name + ".partial") if want else None
    out = open(tmp, "wb") if want else None
    finished = False
    try:
        total_bytes = sum(u.size for u in units)
        parallel = opts.workers > 1 and len(units) > 1 and total_bytes > opts.chunk
        if parallel:
            forked = mp.get_start_method() == "fork"
            if forked:
                _preload_readers(units)
            init = {} if forked else {"initializer": _init, "initargs": args}
            with ProcessPoolExecutor(max_workers=opts.workers, mp_context=mp.get_context(), **init) as pool:
                # a bounded window of units in flight: results are merged in input order and at
                # most 2 × workers partial results wait in memory
                pending: deque = deque()
                for unit in units:
                    pending.append((unit, pool.submit(_run_unit, unit)))
                    if len(pending) >= 2 * opts.workers:
                        done_unit, fut = pending.popleft()
                        _absorb(total, table, fut.result(), done_unit, offsets, out, opts)
                while pending:
                    done_unit, fut = pending.popleft()
                    _absorb(total, table, fut.result(), done_unit, offsets, out, opts)
        else:
            for unit in units:
                _absorb(total, table, _run_unit(unit), unit, offsets, out, opts)
        finished = True
    finally:
        if out:
            out.close()
            if not finished:   # interrupted or failed: no half-written findings are left behind
                tmp.unlink(missing_ok=True)
    result = ScanResult.build(total, table.strings, opts.on, minor, skipped=list(opts.skipped),
                              keyword_engine=opts.keyword_engine or _engine_name())
    if want:
        _finish_findings(tmp, opts.findings_path, result)
    return result


def _finish_findings(tmp: Path, final: Path, result: ScanResult) -> None:
    """Write the findings lines of the provisional blocks, with record anchors replaced by
    resolved subject hashes."""
    with open(tmp, "rb") as src, open(final, "wb") as dst:
        write_lines(src, dst, SubjectRewrite(*result.moved))
    tmp.unlink()


def _engine_name() -> str:
    from .keywords import hyperscan_available

    return "hyperscan" if hyperscan_available() else "re"


def _absorb(total: Partial, table: HashTable, part: Partial, unit: Unit, offsets: dict, out,
            opts: ScanOptions) -> None:
    # lines of text, and rows of a file cut into units, are numbered after earlier units:
    # ``offsets`` holds (lines, rows) before this unit per dataset
    lines, rows = offsets.get(unit.dataset, (0, 0))
    if out is not None:
        rows_follow = unit.kind in ("csv", "jsonl")
        for block in part.findings.blocks:
            if not block.rows:
                block.shift(lines)
            elif rows_follow:
                block.shift(rows)
        save_blocks(part.findings.blocks, out)
    offsets[unit.dataset] = (lines + part.lines, rows + part.newlines)
    opts.skipped.extend(part.skipped)
    part.findings = Findings()
    table.absorb(total, part)
    if opts.progress:
        opts.progress(unit.size)
