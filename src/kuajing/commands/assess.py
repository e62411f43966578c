"""``kuajing assess`` and ``kuajing schema``."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from ..findings import Status
from .common import Lang, check_output, open_output, parse_date, secret_key


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailOn(str, Enum):
    violation = "violation"
    at_risk = "at_risk"
    needs_evidence = "needs_evidence"


def assess_cmd(
    profile: Path = typer.Argument(..., help="Profile file (YAML or JSON) describing the actor, "
                                   "its channels and services."),
    as_of: str = typer.Option(None, "--as-of", help="Apply the law of this date (YYYY-MM-DD). "
                              "Default: the profile's as_of, else today."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: FailOn = typer.Option(FailOn.at_risk, "--fail-on",
                                   help="Exit 1 when a binding finding is at least this bad."),
    ledger: str = typer.Option(None, "--ledger", help="Take the export counts from the export "
                               "ledger at this SQLAlchemy URL ('default' for ~/.kuajing/ledger.db)."),
    key: Path = typer.Option(None, "--key", help="An existing secret key file of the ledger "
                             "(default: the installation key)."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the text and Markdown reports."),
) -> None:
    """Assess a profile: obligation by obligation, with provisions, exposure and remediation.

    Exit codes: 0 nothing violated or at risk, 1 a violation or at-risk finding, 2 input error.
    """
    from ..assess import assess
    from ..reports import render

    check_output(output, "--output")
    book = None
    if ledger:
        from ..export.ledger import Ledger

        book = Ledger.open(None if ledger == "default" else ledger, key=secret_key(key, "--key"))
    result = assess(profile, as_of=parse_date(as_of), ledger=book)
    if output:
        with open_output(output, "--output") as fh:
            render(fmt.value, result, fh, lang=lang.value)
    else:
        render(fmt.value, result, sys.stdout, lang=lang.value)
    code = result.exit_code(Status(fail_on.value))
    if code:
        raise typer.Exit(code)


def schema_cmd() -> None:
    """Print the JSON Schema of the profile format, for editor completion and validation."""
    from ..facts.profile import Profile

    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kuajing profile (format 1)"
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    app.command("assess")(assess_cmd)
    app.command("schema")(schema_cmd)
