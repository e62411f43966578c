"""JSON: the stable, documented document (docs/json-format.md)."""

from __future__ import annotations

import json
from typing import TextIO

__all__ = ["render"]


def render(result, out: TextIO) -> None:
    json.dump(result.model_dump(mode="json"), out, ensure_ascii=False, indent=2)
    out.write("\n")
