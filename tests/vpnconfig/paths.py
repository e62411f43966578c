"""Where the real data and our own fixtures are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REALDATA = (REPO / ".." / "shared" / "realdata").resolve()
FIXTURES = Path(__file__).parent / "fixtures"


def realdata(sub: str) -> Path:
    """A folder of ../shared/realdata; fails (never skips) naming the missing path."""
    path = REALDATA / sub
    if not path.is_dir():
        pytest.fail(f"real data missing: {path} (expected the shared/ folder beside the repository)")
    return path
