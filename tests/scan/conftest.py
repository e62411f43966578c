"""Shared fixtures of the scanner tests.

Every identifier written in these tests is synthetic (made up, with check characters computed by
the functions under test or published as test vectors); the published vectors are read from
../shared/realdata/pii-cn, never copied into the repository.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kuajing.evidence.scan.classify import minor_rule
from kuajing.evidence.scan.count import Partial
from kuajing.evidence.scan.engine import Engine, Segment

REPO = Path(__file__).resolve().parents[2]
REALDATA = (REPO / "../shared/realdata/pii-cn").resolve()
ON = dt.date(2026, 3, 1)
KEY = bytes(range(32))


def realdata(relative: str) -> Path:
    """A file of the published test vectors; fails (never skips) when it is missing."""
    path = REALDATA / relative
    if not path.is_file():
        pytest.fail(f"published test vectors missing: {path} (expected ../shared/realdata/pii-cn "
                    "beside the repository; see its SOURCES.md)")
    return path


def jsonl(relative: str) -> list[dict]:
    return [json.loads(line) for line in realdata(relative).read_text(encoding="utf-8").splitlines()
            if line.strip()]


_ENGINES: dict = {}


def engine(keyword_engine: str | None = None, findings: bool = True) -> Engine:
    k = (keyword_engine, findings)
    if k not in _ENGINES:
        _ENGINES[k] = Engine(KEY, ON, minor_rule(ON), findings=findings, keyword_engine=keyword_engine)
    return _ENGINES[k]


def find(text: str, keyword_engine: str | None = None) -> list[dict]:
    """Findings of one piece of text (one segment, scanned in memory)."""
    part = Partial()
    engine(keyword_engine).scan(Segment("t.txt", b"\n" + text.encode("utf-8") + b"\n"), part)
    return part.findings


def entities(text: str) -> list[tuple[str, str]]:
    return [(f["entity"], f["masked"]) for f in find(text)]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh KUAJING_HOME so the secret key is created in the test's folder."""
    h = tmp_path / "home"
    monkeypatch.setenv("KUAJING_HOME", str(h))
    return h
