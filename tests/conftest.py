"""Shared test setup: every test keeps kuajing's secret key and stores in its own temporary home."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_kuajing_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "kuajing-home"))
