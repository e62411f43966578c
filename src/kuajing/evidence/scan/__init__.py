"""The personal-information scanner: find, classify and count personal information.

    from kuajing.evidence.scan import scan
    result = scan(["exports/"], on=date(2026, 3, 1))
    result.overall.to_dict()["subjects"]
    result.subject_hashes("specific_identity")      # exact set of keyed subject hashes

Modules: ``recognizers/`` (one per family), ``checksums`` (MOD 11-2, Luhn, dates, regions),
``tokens`` (the token shapes, numpy reference), ``kernel/`` (the compiled token pass, checks,
normal forms, distinct values and batch HMAC; numba), ``keywords`` (hyperscan / re words and
labels), ``decode`` (encodings and chunks), ``sources`` (readers per format; ``plain_csv``: CSV
without quoting, by byte replacement), ``engine`` (one segment), ``hashes`` (the keyed hashes of
one process), ``classify`` (PIPL categories, minors), ``count`` (subjects and links), ``mask``,
``result``, ``report`` (renderers), ``findings_file`` (the findings JSON lines), ``runner``
(planning and the process pool).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .model import FORMAT_ID, Category, Validation
from .result import ScanResult

__all__ = ["scan", "ScanResult", "Category", "Validation", "FORMAT_ID"]


def scan(targets: list[str | Path], *, on: dt.date | None = None, key: bytes | None = None,
         findings_path: Path | None = None, include: tuple[str, ...] = (),
         exclude: tuple[str, ...] = (), workers: int = 2, sample_rows: int | None = None,
         tables: tuple[str, ...] = (), chunk: int | None = None, progress=None,
         keyword_engine: str | None = None) -> ScanResult:
    """Scan files, folders and database URLs. ``key`` defaults to the installation's secret key
    (``kuajing.secrets``), the same key the export ledger uses."""
    from ...secrets import load_or_create_key
    from .classify import minor_rule
    from .runner import DEFAULT_CHUNK, ScanOptions, run_scan

    on = on or dt.date.today()
    opts = ScanOptions(on=on, include=tuple(include), exclude=tuple(exclude), workers=workers,
                       chunk=chunk or DEFAULT_CHUNK, sample_rows=sample_rows, tables=tuple(tables),
                       findings_path=Path(findings_path) if findings_path else None,
                       keyword_engine=keyword_engine, progress=progress)
    return run_scan([str(t) for t in targets], opts, key if key is not None else load_or_create_key(),
                    minor_rule(on))
