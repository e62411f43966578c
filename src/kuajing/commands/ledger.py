"""``kuajing ledger add|count|batches``: the export ledger of data subjects actually sent abroad."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputError, Location
from .common import parse_date, secret_key

ledger_app = typer.Typer(help="The export ledger: keyed hashes of the data subjects each batch sent "
                         "abroad, and exact distinct counts per counting period.", no_args_is_help=True)

DB = typer.Option(None, "--db", help="SQLAlchemy URL (default: sqlite:///~/.kuajing/ledger.db; "
                  "$KUAJING_HOME moves it).")
KEY = typer.Option(None, "--key", help="An existing secret key file (default: the installation key "
                   "~/.kuajing/secret.key, created 0600 on first use; $KUAJING_HOME moves it).")


def _normalise(value: str) -> str:
    """Identifiers of other kinds compare after trimming, upper-casing and dropping spaces and
    dashes."""
    return re.sub(r"[\s\-]", "", value).upper()


def normaliser(kind: str, on: dt.date):
    """How values of ``kind`` are normalised before hashing: for a kind the scanner finds
    (``cn_mobile``, ``cn_landline``, ``cn_resident_id``…) as the scanner normalises it, by the first
    of its recognizers that accepts the value (``+86 138 1234 5678`` is ``13812345678``, a 15-digit
    identity number its 18 characters), so a batch recorded from a file hashes a person as a
    ``--from-scan`` batch does; otherwise ``_normalise``."""
    from ..evidence.scan.model import Validation
    from ..evidence.scan.recognizers import all_recognizers

    recs = [r for r in all_recognizers() if r.entity == kind and r.rank > 0]
    if not recs:
        return _normalise

    def norm(value: str) -> str:
        for rec in recs:
            if rec.validate(value, on) is not Validation.INVALID:
                return rec.normalize(value)
        return recs[0].normalize(value)
    return norm


def _identifiers(path: Path, column: str | None, normalise=_normalise):
    """Normalised identifiers from ``path``. Errors name the file and line, never the value."""
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", location=Location(str(path))) from None
    with fh:
        if column is None:
            n = 0
            try:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        yield normalise(line.strip())
            except UnicodeDecodeError:
                raise InputError("not a UTF-8 text file", location=Location(str(path), n + 1),
                                 expected="one identifier per line, UTF-8 encoded",
                                 found="bytes that are not UTF-8") from None
            return
        reader = None
        try:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or column not in reader.fieldnames:
                raise InputError(f"column '{column}' not found", location=Location(str(path), 1, 1),
                                 path="--column", expected="one of: " + ", ".join(reader.fieldnames or []),
                                 found=column)
            for row in reader:
                value = (row.get(column) or "").strip()
                if value:
                    yield normalise(value)
        except (csv.Error, UnicodeDecodeError) as exc:
            line = getattr(reader, "line_num", 0) or 0
            raise InputError(f"not a readable UTF-8 CSV file ({type(exc).__name__})",
                             location=Location(str(path), max(line, 1))) from None


@ledger_app.command("add")
def add_cmd(
    source: Path = typer.Argument(..., help="CSV (with --column) or a text file with one identifier "
                                  "per line; or a scan result (--from-scan)."),
    flow: str = typer.Option(..., "--flow", help="Data flow id (as in the profile)."),
    sent_on: str = typer.Option(..., "--date", help="Date the batch was sent (YYYY-MM-DD)."),
    exporter: str = typer.Option("default", "--exporter", help="Data exporter (the profile's actor "
                                 "name)."),
    column: str = typer.Option(None, "--column", help="CSV column holding the identifier."),
    kind: str = typer.Option("person_id", "--kind", help="Identifier type (namespaces the hash); "
                             "a type the scanner finds (cn_mobile, cn_landline, cn_resident_id, email…) "
                             "is normalised as the scanner normalises it."),
    sensitive: bool = typer.Option(False, "--sensitive", help="The batch carried sensitive PI."),
    from_scan: bool = typer.Option(False, "--from-scan", help="SOURCE is a `kuajing scan --format "
                                   "json --with-hashes` result: its subject hashes are recorded, and "
                                   "those of its sensitive categories also as sensitive."),
    db: str = DB, key: Path = KEY,
) -> None:
    """Record one batch sent abroad. Identifiers are hashed in memory; only hashes are stored."""
    from ..export.ledger import Ledger

    date = parse_date(sent_on, "--date")
    ledger = Ledger.open(db, key=secret_key(key, "--key"))
    category = "sensitive" if sensitive else "personal_information"
    if from_scan:
        hashes, sensitive_hashes = _scan_hashes(source)
        batch = ledger.add_batch(exporter=exporter, flow=flow, category=category, sent_on=date,
                                 hashes=hashes, label=source.name)
        _report(batch, flow, exporter, category)
        if sensitive_hashes and not sensitive:
            extra = ledger.add_batch(exporter=exporter, flow=flow, category="sensitive", sent_on=date,
                                     hashes=sensitive_hashes, label=source.name)
            typer.echo(f"batch {extra.id}: {extra.subjects} of them with sensitive personal information "
                       "(the scan's sensitive categories).")
        return
    normalise = normaliser(kind, date)
    batch = ledger.add_batch(exporter=exporter, flow=flow, category=category, sent_on=date,
                             identifiers=((kind, v) for v in _identifiers(source, column, normalise)),
                             label=source.name)
    _report(batch, flow, exporter, category)


def _report(batch, flow: str, exporter: str, category: str) -> None:
    typer.echo(f"batch {batch.id}: {batch.subjects} distinct data subjects recorded for flow "
               f"'{flow}' of exporter '{exporter}' on {batch.sent_on} ({category}).")


def _scan_hashes(path: Path) -> tuple[list[str], list[str]]:
    """(all subject hashes, those in categories the scan marks sensitive), validated."""
    from ..export.ledger import HASH_RE
    from ..yamlsource import load_yaml

    doc = load_yaml(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    overall = data.get("overall") if isinstance(data.get("overall"), dict) else {}
    hashes = overall.get("subject_hashes")
    if not isinstance(hashes, list):
        raise InputError("not a kuajing scan result with subject hashes", location=Location(str(path)),
                         expected="the JSON of `kuajing scan --format json --with-hashes`",
                         path="overall.subject_hashes")
    by_cat = overall.get("subject_hashes_by_category") or {}
    cats = overall.get("categories") or {}
    if not isinstance(by_cat, dict) or not isinstance(cats, dict):
        raise InputError("not a kuajing scan result", location=Location(str(path)),
                         path="overall.subject_hashes_by_category",
                         expected="the JSON of `kuajing scan --format json --with-hashes`")
    sensitive: set = set()
    for name, listed in by_cat.items():
        info = cats.get(name)
        if info is None or not isinstance(info, dict) or not isinstance(listed, list):
            raise InputError(f"category '{name}' of the subject hashes is not described in the scan",
                             location=Location(str(path)), path=f"overall.categories.{name}",
                             expected="the JSON of `kuajing scan --format json --with-hashes`")
        if info.get("sensitive") is True:
            sensitive.update(listed)
    for where, values in (("overall.subject_hashes", hashes), ("overall.subject_hashes_by_category",
                                                                 sorted(sensitive, key=str))):
        for n, h in enumerate(values):
            if not isinstance(h, str) or not HASH_RE.match(h):  # the value itself is never echoed
                raise InputError(f"item {n} is not a kuajing subject hash", location=Location(str(path)),
                                 path=f"{where}[{n}]",
                                 expected="32 lower-case hexadecimal characters (HMAC-SHA256 under the "
                                 "installation key)", found=f"a {type(h).__name__} value",
                                 hint="record raw identifiers with a CSV or text SOURCE instead: they are "
                                 "hashed, never stored")
    return list(hashes), sorted(sensitive)


FORMATS = ("text", "json")


@ledger_app.command("count")
def count_cmd(
    as_of: str = typer.Option(None, "--as-of", help="Count up to this date (default today)."),
    exporter: str = typer.Option(None, "--exporter", help="Only this exporter."),
    warn_at: str = typer.Option("0.8", "--warn-at", help="Warn at these fractions of each threshold, "
                                "comma-separated (e.g. 0.8,0.9)."),
    exclude_flow: list[str] = typer.Option([], "--exclude-flow", help="Leave out this flow (repeatable), "
                                           "e.g. one exempt as HR management or contract necessity: exempt "
                                           "flows do not count toward the thresholds."),
    fmt: str = typer.Option("text", "--format", help="text or json"),
    db: str = DB, key: Path = KEY,
) -> None:
    """Distinct individuals per exporter in the counting period the law sets on the date, against
    the thresholds in force, with warnings. Every recorded flow counts unless excluded; `kuajing
    assess PROFILE --ledger URL` leaves out the flows the profile shows as exempt."""
    from ..export.ledger import Ledger
    from ..law.corpus import load_law

    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}'", path="--format", expected=" or ".join(FORMATS),
                         found=fmt)
    on = parse_date(as_of) or dt.date.today()
    try:
        fractions = sorted(float(x) for x in warn_at.split(",") if x.strip())
    except ValueError:
        raise InputError("--warn-at must be fractions", path="--warn-at", expected="e.g. 0.8,0.9",
                         found=warn_at) from None
    if not fractions or any(not 0 < f <= 1 for f in fractions):
        raise InputError("--warn-at fractions must be above 0 and at most 1", path="--warn-at",
                         expected="e.g. 0.8,0.9", found=warn_at)
    law = load_law()
    years = law.value("xb.counting_period.years_back", on)
    if years is None:
        raise InputError(f"no counting period is defined by law on {on}", path="--as-of",
                         expected="a date from 2022-09-01 on")
    start = dt.date(on.year - int(years.value), 1, 1)
    ledger = Ledger.open(db, key=secret_key(key, "--key"))
    limits = {pid: law.value(pid, on) for pid in ("xb.exempt.small_volume_max",
                                                   "xb.assessment.trigger.pi_exported",
                                                   "xb.assessment.trigger.sensitive_exported")}
    excluded = set(exclude_flow)
    rows = []
    for name in sorted([exporter] if exporter else ledger.exporters()):
        recorded = ledger.flows_recorded(name)
        flows = sorted(recorded - excluded)
        total = ledger.distinct(name, start, on, flows=flows)
        sens = ledger.distinct(name, start, on, flows=flows, category="sensitive")
        warnings = []
        if not recorded:
            warnings.append(f"no batch is recorded for exporter '{name}': check --exporter against the "
                            "profile's actor name")
        for pid, limit in limits.items():
            if limit is None:
                continue
            count = sens if "sensitive" in pid else total
            frac = count / limit.value
            hit = [f for f in fractions if frac >= f]
            if frac >= 1:
                warnings.append(f"{pid}: {count:,} reached the threshold {limit.value:,.0f}")
            elif hit:
                warnings.append(f"{pid}: {count:,} is {frac:.0%} of {limit.value:,.0f}")
        if sens and limits["xb.exempt.small_volume_max"] is not None:
            warnings.append(f"sensitive personal information of {sens:,} individuals: the small-volume "
                            "exemption does not apply, whatever the number")
        rows.append({"exporter": name, "from": start.isoformat(), "to": on.isoformat(),
                     "flows": flows, "excluded_flows": sorted(excluded & recorded),
                     "individuals": total, "sensitive_individuals": sens, "warnings": warnings})
    if fmt == "json":
        typer.echo(json.dumps({"format": "kuajing.ledger-count/1", "as_of": on.isoformat(),
                               "warn_at": fractions, "exporters": rows}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Distinct individuals sent abroad, {start} to {on}")
    for col in ("exporter", "individuals", "sensitive", "warnings"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["exporter"], f"{r['individuals']:,}", f"{r['sensitive_individuals']:,}",
                      "\n".join(r["warnings"]) or "—")
    Console(width=140).print(table)
    if excluded:
        typer.echo("Left out: " + ", ".join(sorted(excluded)))
    from .. import DISCLAIMER_EN

    typer.echo(DISCLAIMER_EN)


@ledger_app.command("batches")
def batches_cmd(exporter: str = typer.Option(None, "--exporter"), db: str = DB, key: Path = KEY) -> None:
    """List the recorded batches (no identifiers: counts only)."""
    from ..export.ledger import Ledger

    table = Table(title="Export ledger batches")
    for col in ("id", "exporter", "flow", "category", "sent on", "subjects", "label"):
        table.add_column(col)
    for b in Ledger.open(db, key=secret_key(key, "--key")).batches(exporter):
        table.add_row(str(b.id), b.exporter, b.flow, b.category, str(b.sent_on), str(b.subjects),
                      b.label or "")
    Console(width=140).print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(ledger_app, name="ledger")
