"""Renderers of a ``ScanResult``: text (terminal), Markdown and JSON. Thin: they format only."""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .result import ScanResult

__all__ = ["render", "FORMATS"]

FORMATS = ("text", "json", "markdown")
ENTITY_COLUMNS = ("entity", "category", "occurrences", "subjects")


def render(result: ScanResult, fmt: str, out: TextIO, *, include_hashes: bool = False) -> None:
    if fmt == "json":
        json.dump(result.to_dict(include_hashes=include_hashes), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "markdown":
        _markdown(result.to_dict(), out)
    else:
        _text(result.to_dict(), out)


def _headline(block: dict) -> str:
    return (f"{block['occurrences']:,} occurrences, {block['subjects']:,} distinct subjects "
            f"({block['sensitive_subjects']:,} with sensitive personal information), "
            f"{block['records']:,} records, {block['bytes']:,} bytes")


def _minors(doc: dict) -> str:
    if doc["minor_age_below"] is None:
        return "minors not classified: no minor-age rule in force on this date"
    return f"minors: under {doc['minor_age_below']}, {doc['minor_age_provision']}"


def _text(doc: dict, out: TextIO) -> None:
    console = Console(file=out, width=120, highlight=False, soft_wrap=False)
    console.print(f"[bold]Personal information scan[/] as of {doc['as_of']} ({_minors(doc)})")
    blocks = [("All datasets", doc["overall"])] + [(d["dataset"], d) for d in doc["datasets"]]
    for title, block in blocks:   # names may hold brackets: never read as markup
        console.print(f"\n[bold]{escape(title)}[/]: {_headline(block)}")
        if block.get("encoding"):
            console.print(f"  encoding {block['encoding']}, {block['kind']}")
        for note in block.get("notes", []):
            console.print(f"  note: {escape(note)}")
        if not block["entities"]:
            continue
        table = Table(show_edge=False)
        for col in ENTITY_COLUMNS:
            table.add_column(col, justify="right" if col in ("occurrences", "subjects") else "left")
        for entity, e in block["entities"].items():
            table.add_row(entity, e["category"] or "", f"{e['occurrences']:,}", f"{e['subjects']:,}")
        console.print(table)
        cats = Table(show_edge=False)
        for col in ("PIPL category", "sensitive", "occurrences", "subjects"):
            cats.add_column(col)
        for name, c in block["categories"].items():
            cats.add_row(name, "yes" if c["sensitive"] else "no", f"{c['occurrences']:,}", f"{c['subjects']:,}")
        console.print(cats)
    for s in doc["skipped"]:
        console.print(f"skipped {escape(s['path'])}: {escape(s['reason'])}")
    console.print(f"\n{doc['disclaimer']}")


def _markdown(doc: dict, out: TextIO) -> None:
    out.write(f"# Personal information scan ({doc['as_of']})\n\n")
    if doc["minor_age_below"] is None:
        out.write("Minors not classified: no minor-age rule in force on this date.\n")
    else:
        out.write(f"Minors: under {doc['minor_age_below']} ({doc['minor_age_provision']}).\n")
    blocks = [("All datasets", doc["overall"])] + [(f"`{d['dataset']}`", d) for d in doc["datasets"]]
    for title, block in blocks:
        out.write(f"\n## {title}\n\n{_headline(block)}.\n")
        for note in block.get("notes", []):
            out.write(f"\n> {note}\n")
        if block["entities"]:
            out.write("\n| entity | category | occurrences | subjects |\n|---|---|---:|---:|\n")
            for entity, e in block["entities"].items():
                out.write(f"| {entity} | {e['category'] or ''} | {e['occurrences']:,} | {e['subjects']:,} |\n")
            out.write("\n| PIPL category | sensitive | occurrences | subjects |\n|---|---|---:|---:|\n")
            for name, c in block["categories"].items():
                out.write(f"| {name} | {'yes' if c['sensitive'] else 'no'} | {c['occurrences']:,} | "
                          f"{c['subjects']:,} |\n")
    if doc["skipped"]:
        out.write("\n## Skipped\n\n")
        for s in doc["skipped"]:
            out.write(f"- `{s['path']}`: {s['reason']}\n")
    out.write(f"\n_{doc['disclaimer']}_\n")
