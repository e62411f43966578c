"""``kuajing rules list|test``: the rulebook and its scenario cases."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

rules_app = typer.Typer(help="The rulebook: list rules, run their legal scenario cases.",
                        no_args_is_help=True)


@rules_app.command("list")
def list_cmd() -> None:
    """List every rule with its strength, subject and provisions."""
    from ..rules.engine import load_rules

    table = Table(title="kuajing rulebook")
    for col in ("id", "area", "subject", "strength", "provisions", "title"):
        table.add_column(col)
    for r in load_rules():
        m = r.meta
        table.add_row(m.id, m.area, m.subject, m.strength.value, ", ".join(m.provisions), m.title.en)
    Console(width=200).print(table)


@rules_app.command("test")
def test_cmd() -> None:
    """Run every rule's scenario cases; exit 1 if any disagrees."""
    from ..rules.engine import load_rules
    from ..rules.testing import load_cases, run_case

    failed = total = gaps = 0
    for rule in load_rules():
        path = rule.folder / "cases.yaml"
        for case in load_cases(path).cases:
            total += 1
            gaps += bool(case.gap)
            result = run_case(rule, case, file=str(path))
            if not result.passed:
                failed += 1
                typer.echo(f"FAIL {rule.meta.id}: {case.name}")
                for m in result.mismatches or ["known gap closed: remove 'gap'"]:
                    typer.echo(f"  - {m}")
    typer.echo(f"{total - failed} passed, {failed} failed" + (f" ({gaps} known gaps)" if gaps else ""))
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")
