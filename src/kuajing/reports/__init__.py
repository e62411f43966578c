"""Renderers: thin functions over the Assessment/Finding records (one module per format)."""

from __future__ import annotations

from typing import Callable, TextIO

__all__ = ["RENDERERS", "render"]


def _renderers() -> dict[str, Callable]:
    from . import json_report, markdown, terminal

    return {"text": terminal.render, "json": json_report.render, "markdown": markdown.render}


RENDERERS = ("text", "json", "markdown")


def render(fmt: str, result, out: TextIO, lang: str = "en") -> None:
    fn = _renderers()[fmt]
    if fmt == "json":
        fn(result, out)
    else:
        fn(result, out, lang=lang)
