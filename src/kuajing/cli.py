"""The ``kuajing`` command line.

Each command group lives in its own module under ``kuajing.commands`` and exposes
``register(app)``; this module discovers them, so adding a command touches one file.
User mistakes (KuajingError) become a short message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from . import __version__, commands
from .errors import KuajingError

__all__ = ["app", "main", "EXIT_OK", "EXIT_FINDINGS", "EXIT_INPUT"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

app = typer.Typer(
    name="kuajing",
    help="Is your cross-border connectivity and data export lawful under PRC law? "
    "Cited, dated rules over your profile and your real evidence. Not legal advice.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kuajing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """kuajing: cross-border connectivity and data-export compliance under PRC law."""


def _register_all() -> None:
    for mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{mod.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning kuajing errors into exit code 2."""
    try:
        result = app(args=argv, standalone_mode=False)
    except KuajingError as exc:
        typer.echo(f"error: {exc}", err=True)
        return EXIT_INPUT
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return EXIT_INPUT
    except Exception as exc:  # click usage errors and the like
        if isinstance(exc, _click_exceptions()):
            exc.show()
            return EXIT_INPUT
        raise
    # with standalone_mode=False click returns the code of a typer.Exit instead of raising it
    return result if isinstance(result, int) else EXIT_OK


def _click_exceptions() -> tuple[type, ...]:
    """Click's exception class: typer may vendor its own copy of click, or use the package."""
    found = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(importlib.import_module(name).ClickException)
        except (ImportError, AttributeError):
            continue
    return tuple(found)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
