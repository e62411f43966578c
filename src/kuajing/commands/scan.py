"""``kuajing scan PATH...``: find, classify and count personal information before it leaves China."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import InputError, Location
from .common import Lang, check_output, open_output, parse_date, secret_key

__all__ = ["register", "scan_cmd"]


def scan_cmd(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or SQLAlchemy URLs "
                                      "such as sqlite:///crm.db."),
    fmt: str = typer.Option("text", "--format", "-f", help="Report format: text, json or markdown."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    findings: Path = typer.Option(None, "--findings", help="Write one JSON line per occurrence "
                                  "(masked value, hashes, location) to this .jsonl file."),
    include: list[str] = typer.Option([], "--include", help="Only files matching this glob "
                                      "(repeatable; matched on the path below the folder and on the name)."),
    exclude: list[str] = typer.Option([], "--exclude", help="Skip files matching this glob (repeatable)."),
    table: list[str] = typer.Option([], "--table", help="SQL: only this table (repeatable)."),
    sample_rows: int = typer.Option(None, "--sample-rows", min=1,
                                    help="SQL: read only the first N rows of each table (default: all)."),
    as_of: str = typer.Option(None, "--as-of", help="Scan date for ages and law parameters (YYYY-MM-DD)."),
    workers: int = typer.Option(2, "--workers", min=1, max=64, help="Worker processes."),
    hashes: bool = typer.Option(False, "--with-hashes", "--hashes",
                                help="JSON: include the subject hash lists (per dataset and "
                                "category), e.g. for `kuajing ledger add --from-scan`."),
    key_file: Path = typer.Option(None, "--key-file", help="An existing secret key file for the "
                                  "subject hashes (default: the installation key, shared with the "
                                  "export ledger, created on first use)."),
    progress: bool = typer.Option(None, "--progress/--no-progress",
                                  help="Progress bar on stderr (default: when stderr is a terminal)."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the text and Markdown reports "
                              "(the JSON report keeps its English keys and ids)."),
) -> None:
    """Find, classify (PIPL categories) and count personal information and distinct data subjects.

    Reports, findings and errors hold only masked values and keyed hashes, never a raw identifier.
    """
    from ..evidence.scan import scan
    from ..evidence.scan.report import FORMATS, render

    if fmt not in FORMATS:
        raise InputError("unknown report format", path="--format", expected=", ".join(FORMATS),
                         found=fmt)
    if findings is not None and findings.suffix.lower() not in (".jsonl", ".ndjson"):
        raise InputError("the findings file must be JSON Lines", location=Location(str(findings)),
                         path="--findings", expected="a name ending in .jsonl")
    on = parse_date(as_of)
    check_output(output, "--output")       # before the scan, which may take long
    check_output(findings, "--findings")   # the scan writes FILE.jsonl.partial beside it, then renames
    key = secret_key(key_file, "--key-file")
    show = sys.stderr.isatty() if progress is None else progress
    if show:
        from rich.progress import BarColumn, Progress, TextColumn, TransferSpeedColumn

        bar = Progress(TextColumn("scanning"), BarColumn(), TransferSpeedColumn(),
                       transient=True, console=_stderr_console())
        with bar:
            task = bar.add_task("scan", total=None)
            result = scan(paths, on=on, key=key, findings_path=findings, include=tuple(include),
                          exclude=tuple(exclude), workers=workers, sample_rows=sample_rows,
                          tables=tuple(table), progress=lambda n: bar.advance(task, n))
    else:
        result = scan(paths, on=on, key=key, findings_path=findings, include=tuple(include),
                      exclude=tuple(exclude), workers=workers, sample_rows=sample_rows,
                      tables=tuple(table))
    if output is not None:
        with open_output(output, "--output") as out:
            render(result, fmt, out, include_hashes=hashes, lang=lang.value)
    else:
        render(result, fmt, sys.stdout, include_hashes=hashes, lang=lang.value)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_cmd)
