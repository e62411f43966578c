"""``kuajing law list|show|params``: the dated, cited law corpus."""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console
from rich.table import Table

from .. import DISCLAIMER_EN
from ..reports.text import value_text
from .common import parse_date

law_app = typer.Typer(help="Browse the law corpus: instruments, articles and dated parameters.",
                      no_args_is_help=True)


def _date(as_of: str | None) -> dt.date:
    return parse_date(as_of) or dt.date.today()


@law_app.command("list")
def list_cmd(as_of: str = typer.Option(None, "--as-of", help="Show status on this date.")) -> None:
    """List the instruments with their dates and status on the as-of date."""
    from ..law.corpus import load_law

    law, on = load_law(), _date(as_of)
    table = Table(title=f"Law corpus as of {on}")
    for col in ("id", "name", "中文", "effective", "status", "articles"):
        table.add_column(col)
    for inst in sorted(law.instruments.values(), key=lambda i: i.effective):
        version = law.version_on(inst, on)
        status = f"in force ({version.label})" if version else (
            "not yet in force" if on < inst.effective else "repealed")
        table.add_row(inst.id, inst.name.en, inst.name.zh, str(inst.effective), status,
                      str(len(inst.articles)))
    Console(width=160).print(table)
    typer.echo(DISCLAIMER_EN)


@law_app.command("show")
def show_cmd(citation: str = typer.Argument(..., help="instrument:article, e.g. csl:21, or an "
                                            "instrument id, e.g. pipl"),
             as_of: str = typer.Option(None, "--as-of", help="Resolve numbering on this date.")) -> None:
    """Show an article (or an instrument), resolved to the number in force on the date."""
    from ..law.corpus import load_law

    law, on = load_law(), _date(as_of)
    console = Console(width=120)
    if ":" not in citation:
        inst = law.instruments.get(citation)
        if inst is None:
            from ..errors import CitationError

            raise CitationError(f"unknown instrument '{citation}'",
                                expected="one of: " + ", ".join(sorted(law.instruments)))
        console.print(f"[bold]{inst.name.en}[/] / {inst.name.zh}")
        console.print(f"Issuer: {inst.issuer.en} / {inst.issuer.zh}; {inst.document_number or ''}")
        console.print(f"Promulgated {inst.promulgated}, effective {inst.effective}"
                      + (f", repealed {inst.repealed}" if inst.repealed else "")
                      + f"; confidence {inst.confidence}")
        for v in inst.versions:
            console.print(f"  version {v.id}: {v.label}, {v.effective} – {v.until or 'in force'}")
        for a in inst.articles:
            console.print(f"  {inst.id}:{a.key} — {law.resolve(f'{inst.id}:{a.key}', on).cited_as}: "
                          f"{a.title.en}")
        for s in inst.sources:
            console.print(f"  source: {s}")
        console.print(DISCLAIMER_EN)
        return
    ref = law.resolve(citation, on)
    art = law.article(citation).article
    console.print(f"[bold]{ref.cited_as}[/] ({citation}) as of {on}"
                  + ("" if ref.in_force else " — NOT IN FORCE on this date"))
    if ref.also_numbered:
        console.print(f"Also numbered: {ref.also_numbered}")
    instrument, number = citation.split(":", 1)
    for other, label in law.carrying_number(instrument, number):
        console.print(f"Note: {citation} is the stable key of this article; Art. {number} of the {label} "
                      f"is {other}.")
    console.print(f"{art.title.en}\n{art.title.zh}\n")
    console.print(art.summary.en)
    console.print(art.summary.zh)
    console.print(f"\nTopics: {', '.join(art.topics)}; confidence {art.confidence}")
    if art.note:
        console.print(f"Note: {art.note}")
    console.print("(Paraphrase in kuajing's own words, not the text of the law.)")
    console.print(DISCLAIMER_EN)


@law_app.command("params")
def params_cmd(as_of: str = typer.Option(None, "--as-of", help="Values in force on this date."),
               prefix: str = typer.Option("", "--prefix", help="Only ids starting with this.")) -> None:
    """List the parameters of the law with the value in force on the date and its citation."""
    from ..law.corpus import load_law

    law, on = load_law(), _date(as_of)
    table = Table(title=f"Parameters in force on {on}")
    for col in ("id", "value", "unit", "cited as", "from", "conf.", "verified"):
        table.add_column(col)
    for pid in sorted(law.parameters):
        if not pid.startswith(prefix):
            continue
        used = law.used(pid, on)
        if used is None:
            continue
        table.add_row(pid, value_text(used.value), used.unit, used.cited_as, str(used.valid_from),
                      used.confidence, str(law.param(pid).last_verified))
    Console(width=180).print(table)
    typer.echo(DISCLAIMER_EN)


def register(app: typer.Typer) -> None:
    app.add_typer(law_app, name="law")
