"""The export ledger: what was actually sent abroad, as keyed hashes of data subjects.

Each batch records the HMAC-SHA256 (with the local secret key, see ``kuajing.secrets``) of every
data subject it carried, per flow and category. The ledger answers the number of *distinct*
individuals per exporter over a counting period, deduplicated across batches and flows. Raw
identifiers are never stored: they are hashed in memory and dropped.

Embedded SQLite by default (``sqlite:///~/.kuajing/ledger.db``); any SQLAlchemy URL works, for
example ``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from sqlalchemy import (Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table,
                        create_engine, func, insert, select)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from ..errors import InputError, Location
from ..secrets import default_home, load_or_create_key, subject_hash

__all__ = ["Ledger", "default_url", "CATEGORIES", "HASH_RE", "Batch"]

CATEGORIES = ("personal_information", "sensitive")
#: A kuajing subject hash, and nothing more (``\Z``: a trailing newline is not allowed either).
HASH_RE = re.compile(r"^[0-9a-f]{32}\Z")

metadata = MetaData()

batches = Table(
    "kuajing_ledger_batches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("exporter", String(200), nullable=False),
    Column("flow", String(200), nullable=False),
    Column("category", String(40), nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("label", String(200), nullable=True),
    Column("subjects", Integer, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

subjects = Table(
    "kuajing_ledger_subjects", metadata,
    Column("batch_id", Integer, ForeignKey("kuajing_ledger_batches.id"), nullable=False),
    Column("exporter", String(200), nullable=False),
    Column("flow", String(200), nullable=False),
    Column("category", String(40), nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("subject_hash", String(32), nullable=False),
    Index("ix_kuajing_ledger_lookup", "exporter", "sent_on", "category", "subject_hash"),
)


def default_url(home: Path | None = None) -> str:
    return f"sqlite:///{(home or default_home()) / 'ledger.db'}"


@dataclass(frozen=True)
class Batch:
    id: int
    exporter: str
    flow: str
    category: str
    sent_on: dt.date
    label: str | None
    subjects: int


class Ledger:
    """A ledger in a database. Create with ``Ledger.open(url, key_path)``."""

    def __init__(self, engine: Engine, key: bytes) -> None:
        self.engine = engine
        self._key = key

    @classmethod
    def open(cls, url: str | None = None, key_file: Path | None = None, *,
             key: bytes | None = None) -> "Ledger":
        """Open (creating if needed) the ledger at ``url``, default ``$KUAJING_HOME/ledger.db``.

        The hashing key is ``key`` when given (the command line reads a key file the user names
        with ``kuajing.secrets.load_key``, which never creates one); otherwise ``key_file`` is read,
        or created when it does not exist (default: the installation key). The key is read before
        anything is created, so a bad key leaves no new database behind.
        """
        if key is None:
            key = load_or_create_key(key_file)
        url = url or default_url()
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            path = Path(url[len("sqlite:///"):]).expanduser()
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                if not path.exists():
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
                    os.close(fd)
            except OSError as exc:
                why = ("a folder of the path is a file" if isinstance(exc, (FileExistsError,
                                                                            NotADirectoryError))
                       else exc.strerror)
                raise InputError(f"cannot create the ledger database: {why}",
                                 location=Location(str(path)),
                                 expected="a path whose folders are folders you can write",
                                 hint="fix --db, or set KUAJING_HOME to a folder you own") from None
            url = f"sqlite:///{path}"
        try:
            engine = create_engine(url)
            metadata.create_all(engine)
        except (ArgumentError, OperationalError, SQLAlchemyError, ModuleNotFoundError) as exc:
            raise InputError("cannot open the ledger database", location=Location(_safe_url(url)),
                             expected="an SQLAlchemy URL such as sqlite:///ledger.db or "
                             "postgresql+psycopg://user@host/db",
                             found=type(exc).__name__) from None
        return cls(engine, key)

    def add_batch(self, *, exporter: str, flow: str, category: str, sent_on: dt.date,
                  identifiers: Iterable[tuple[str, str]] = (), hashes: Iterable[str] = (),
                  label: str | None = None) -> Batch:
        """Record one batch. ``identifiers`` are (kind, normalised value) pairs, hashed here and
        never stored; ``hashes`` are subject hashes already computed with the same key (from a scan).
        Within a batch each subject is stored once."""
        if category not in CATEGORIES:
            raise InputError(f"unknown category '{category}'", path="--category",
                             expected=" or ".join(CATEGORIES), found=repr(category))
        seen: set[str] = set()
        for n, h in enumerate(hashes):
            if not isinstance(h, str) or not HASH_RE.match(h):
                # never echo the value: a raw identifier passed by mistake must not reach a message
                raise InputError(f"item {n} is not a kuajing subject hash", path=f"subject_hashes[{n}]",
                                 expected="32 lower-case hexadecimal characters (HMAC-SHA256 under the "
                                 "installation key)", found=f"a value of {len(str(h))} characters",
                                 hint="record raw identifiers with a CSV or text SOURCE instead: they are "
                                 "hashed, never stored")
            seen.add(h)
        for kind, value in identifiers:
            seen.add(subject_hash(self._key, kind, value))
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        with self.engine.begin() as conn:
            batch_id = conn.execute(insert(batches).values(
                exporter=exporter, flow=flow, category=category, sent_on=sent_on, label=label,
                subjects=len(seen), recorded_at=now)).inserted_primary_key[0]
            rows = [{"batch_id": batch_id, "exporter": exporter, "flow": flow, "category": category,
                     "sent_on": sent_on, "subject_hash": h} for h in sorted(seen)]
            for i in range(0, len(rows), 5000):
                conn.execute(insert(subjects), rows[i:i + 5000])
        return Batch(batch_id, exporter, flow, category, sent_on, label, len(seen))

    def distinct(self, exporter: str, start: dt.date, end: dt.date, *,
                 flows: Iterable[str] | None = None, category: str | None = None) -> int:
        """Distinct data subjects sent by ``exporter`` between ``start`` and ``end`` (inclusive),
        optionally only in ``flows`` and only of ``category``."""
        q = select(func.count(func.distinct(subjects.c.subject_hash))).where(
            subjects.c.exporter == exporter, subjects.c.sent_on >= start, subjects.c.sent_on <= end)
        if flows is not None:
            q = q.where(subjects.c.flow.in_(list(flows)))
        if category is not None:
            q = q.where(subjects.c.category == category)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def flows_recorded(self, exporter: str) -> set[str]:
        """The flows of ``exporter`` with at least one batch (of any date, even an empty one)."""
        q = select(batches.c.flow).where(batches.c.exporter == exporter).distinct()
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(q)}

    def batches(self, exporter: str | None = None) -> list[Batch]:
        q = select(batches).order_by(batches.c.sent_on, batches.c.id)
        if exporter is not None:
            q = q.where(batches.c.exporter == exporter)
        with self.engine.connect() as conn:
            return [Batch(r.id, r.exporter, r.flow, r.category, r.sent_on, r.label, r.subjects)
                    for r in conn.execute(q)]

    def exporters(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(batches.c.exporter).distinct())]


def _safe_url(url: str) -> str:
    """A URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
