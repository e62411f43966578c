"""``kuajing audit logs``: what VPN session logs prove (retention, gaps, real names, clocks)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .audit import audit_app
from .common import check_output, open_output, parse_date


class Format(str, Enum):
    text = "text"
    json = "json"


class Kind(str, Enum):
    auto = "auto"
    openvpn = "openvpn"
    openvpn_status = "openvpn-status"
    charon = "charon"
    radius = "radius"
    csv = "csv"
    jsonl = "jsonl"


@audit_app.command("logs")
def audit_logs_cmd(
    paths: List[Path] = typer.Argument(..., help="Log files: OpenVPN logs or status files, "
                                       "strongSwan charon logs, FreeRADIUS detail files, CSV or "
                                       "JSON Lines (with --map). .gz files are read as they are."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Apply the law of this date "
                                        "(YYYY-MM-DD). Default: today."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    kind: Kind = typer.Option(Kind.auto, "--kind", help="Log format; auto tells it from the "
                              "content."),
    directory: Optional[Path] = typer.Option(None, "--directory", help="Account directory CSV: "
                                             "account, person_id or name, kind (employee, "
                                             "contractor, third_party, service)."),
    gap: str = typer.Option("24h", "--gap", help="Report silences longer than this (90m, 24h, "
                            "2d)."),
    since: Optional[str] = typer.Option(None, "--since", help="The date logging began on this "
                                        "system (YYYY-MM-DD), to tell a young system from "
                                        "deleted logs."),
    mapping: Optional[str] = typer.Option(None, "--map", help="Columns of a CSV/JSONL log: "
                                          "time=ts,user=login,address=src_ip[,event=action]."),
    time_format: Optional[str] = typer.Option(None, "--time-format", help="strptime format of "
                                              "the CSV/JSONL time, or epoch / epoch_ms. Default: "
                                              "ISO 8601 or epoch seconds."),
    tolerance: str = typer.Option("5m", "--tolerance", help="Clock tolerance before a record "
                                  "out of order counts as an anomaly."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this "
                                          "file."),
) -> None:
    """Audit VPN session logs: earliest and latest record, gaps, the retention period of the law,
    real-name attribution, shared accounts and clock anomalies.

    Exit codes: 0 nothing violated or at risk, 1 a violation or at-risk finding, 2 input error.
    """
    from ..evidence.sessionlogs import options_from, run_audit, run_checks
    from ..evidence.sessionlogs.report import build_document, exit_code, render_text
    from ..secrets import load_or_create_key

    day = parse_date(as_of) or dt.date.today()
    options = options_from(kind=kind.value, gap=gap, since=parse_date(since, "--since"),
                           mapping=mapping, time_format=time_format, tolerance=tolerance)
    check_output(output, "--output")
    result = run_audit(paths, as_of=day, options=options, directory=directory,
                       key=load_or_create_key())
    findings = run_checks(result)
    doc = build_document(result, findings)
    out = open_output(output, "--output") if output else sys.stdout
    try:
        if fmt is Format.json:
            json.dump(doc, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            render_text(doc, out)
    finally:
        if output:
            out.close()
    code = exit_code(findings)
    if code:
        raise typer.Exit(code)
