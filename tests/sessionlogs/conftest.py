"""Shared helpers of the session-log tests.

Real logs are read from ../shared/realdata/vpn-logs beside the repository (never copied in); a
test that needs them fails, naming the missing path, when they are absent. Everything else is
generated here: synthetic accounts and documentation addresses (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24), small enough to keep the suite fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REALDATA = (REPO / ".." / "shared" / "realdata" / "vpn-logs").resolve()
KEY = bytes(range(32))
AS_OF = dt.date(2026, 3, 1)


def realdata(*parts: str) -> Path:
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"real log data missing: {path} (expected the shared realdata folder beside "
                    "the repository: ../shared/realdata/vpn-logs)")
    return path


def realdata_files() -> list[Path]:
    if not REALDATA.exists():
        return []
    return sorted(p for p in REALDATA.rglob("*") if p.is_file() and p.name != "SOURCES.md")


def ovpn_line(t: dt.datetime, msg: str) -> str:
    """An OpenVPN 2.5+ --log line (ISO time stamp)."""
    return f"{t:%Y-%m-%d %H:%M:%S} {msg}"


def hourly_openvpn_log(path: Path, start: dt.datetime, end: dt.datetime,
                       gaps: list[tuple[dt.datetime, dt.datetime]] = (),
                       step: dt.timedelta = dt.timedelta(hours=1)) -> Path:
    """A long OpenVPN log: one session start per step, silent inside each gap."""
    lines = []
    t = start
    i = 0
    while t <= end:
        if not any(a <= t < b for a, b in gaps):
            user = f"user{i % 7}"
            lines.append(ovpn_line(t, f"192.0.2.{i % 7 + 1}:{40000 + i % 999} [{user}] Peer "
                                      f"Connection Initiated with [AF_INET]192.0.2.{i % 7 + 1}:"
                                      f"{40000 + i % 999}"))
            i += 1
        t += step
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _kuajing_home(tmp_path, monkeypatch):
    """Keep the secret key of CLI runs inside the test's temporary folder."""
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))


def pytest_configure(config):
    config.addinivalue_line("markers", "realdata: reads the public logs in ../shared/realdata")
