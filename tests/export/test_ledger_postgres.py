"""The export ledger on a real PostgreSQL server (the one Debian's postgresql-15 package ships).

The test starts a throwaway server on a Unix socket in a temporary directory, as the `postgres`
system user when run as root (PostgreSQL refuses to run as root), and stops it afterwards.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kuajing.export.ledger import Ledger


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    if which:
        return Path(which).parent
    raise AssertionError("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
                         "postgresql package to run the PostgreSQL ledger test")


@pytest.fixture(scope="module")
def pg_url():
    bin_dir = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="kuajing-pg-", dir="/tmp"))
    os.chmod(base, 0o777)
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    port = str(54000 + os.getpid() % 900)
    run = lambda *a: subprocess.run(prefix + list(a), check=True, capture_output=True, text=True)  # noqa: E731
    run(str(bin_dir / "initdb"), "-D", str(base / "data"), "-A", "trust", "-U", "kuajing")
    run(str(bin_dir / "pg_ctl"), "-D", str(base / "data"), "-l", str(base / "log"), "-w", "-o",
        f"-k {base} -c listen_addresses='' -p {port}", "start")
    try:
        yield f"postgresql+psycopg://kuajing@/postgres?host={base}&port={port}"
    finally:
        subprocess.run(prefix + [str(bin_dir / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate",
                                 "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_ledger_counts_distinct_subjects_on_postgresql(pg_url, tmp_path):
    book = Ledger.open(pg_url, tmp_path / "home" / "secret.key")
    D = dt.date
    book.add_batch(exporter="acme", flow="crm", category="personal_information", sent_on=D(2026, 1, 2),
                   identifiers=[("person_id", v) for v in ("A", "B", "C")])
    book.add_batch(exporter="acme", flow="support", category="sensitive", sent_on=D(2026, 2, 2),
                   identifiers=[("person_id", v) for v in ("C", "D")])
    assert book.distinct("acme", D(2026, 1, 1), D(2026, 12, 31)) == 4
    assert book.distinct("acme", D(2026, 1, 1), D(2026, 12, 31), category="sensitive") == 2
    assert [b.subjects for b in book.batches("acme")] == [3, 2]
