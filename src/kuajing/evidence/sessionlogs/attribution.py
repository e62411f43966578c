"""Real-name attribution: do sessions resolve to a person, and is any account shared?

The account directory is a CSV with a header row: ``account`` (required), ``person_id`` and/or
``name`` (at least one of them; the person the account belongs to), and optionally ``kind``, one
of ``employee``, ``contractor``, ``third_party``, ``service``. A session resolves to a person when
its account is in the directory with a person and is not a ``service`` account. Accounts are
matched without regard to case or surrounding spaces.

A session is a record that starts one (``connect``). An account is shared when it is active from
two or more distinct addresses at overlapping times: a session from address B starts or shows
activity while a session of the same account from address A is open (no end seen) and was
active within ``CONCURRENCY_WINDOW``. Sessions without an end are taken to be over after that
much silence. Ports do not make addresses distinct.

Nothing here keeps a raw account or address in the report: accounts appear masked (``zh***``)
with a keyed hash (``secrets.subject_hash``) when a key is given, and addresses only as counts.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError, Location
from ...secrets import subject_hash
from .model import EventKind, Record

__all__ = ["Directory", "DirectoryEntry", "load_directory", "Attribution", "mask",
           "CONCURRENCY_WINDOW", "KINDS"]

KINDS = ("employee", "contractor", "third_party", "service")
CONCURRENCY_WINDOW = dt.timedelta(hours=1)
_PRUNE_EVERY = 4096
_MAX_ADDRESSES_KEPT = 16


def mask(value: str | None, key: bytes | None = None, kind: str = "account") -> str:
    """``zhang.san`` → ``zh***`` (plus ``#`` and 8 hex of a keyed hash when a key is given)."""
    value = (value or "").strip()
    if not value:
        return "(none)"
    shown = value[:2] if len(value) > 3 else value[:1]
    text = f"{shown}***"
    if key is not None:
        text += "#" + subject_hash(key, f"vpn_{kind}", value.casefold())[:8]
    return text


def _norm(account: str) -> str:
    return account.strip().casefold()


@dataclass(frozen=True)
class DirectoryEntry:
    account: str
    person: str | None
    kind: str | None
    line: int

    @property
    def is_person(self) -> bool:
        return bool(self.person) and self.kind != "service"


@dataclass
class Directory:
    file: str
    entries: dict[str, DirectoryEntry]
    has_kind: bool

    def get(self, account: str) -> DirectoryEntry | None:
        return self.entries.get(_norm(account))


def load_directory(path: str | Path) -> Directory:
    """Read the accounts CSV strictly; every problem is an InputError with line and column."""
    file = str(path)
    try:
        fh = open(path, encoding="utf-8-sig", errors="replace", newline="")
    except FileNotFoundError:
        raise InputError("account directory not found", location=Location(file),
                         hint="give a CSV with columns account, person_id or name, kind") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise InputError(f"account directory cannot be read: {exc.strerror}",
                         location=Location(file)) from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"not a CSV file: {exc}", location=Location(file, 1, 1)) from None
        if not header:
            raise InputError("the account directory is empty", location=Location(file, 1, 1),
                             expected="a header line: account,person_id,name,kind")
        names = [h.strip().lower() for h in header]
        if "account" not in names:
            raise InputError("the account directory has no 'account' column",
                             location=Location(file, 1, 1),
                             expected="columns account, person_id or name, kind",
                             found=",".join(header))
        if "person_id" not in names and "name" not in names:
            raise InputError("the account directory names no person column",
                             location=Location(file, 1, 1),
                             expected="a 'person_id' or 'name' column", found=",".join(header))
        ai = names.index("account")
        pi = names.index("person_id") if "person_id" in names else None
        ni = names.index("name") if "name" in names else None
        ki = names.index("kind") if "kind" in names else None
        entries: dict[str, DirectoryEntry] = {}
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(f"not a CSV row: {exc}",
                                 location=Location(file, reader.line_num, 1)) from None
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) < len(names):
                row = row + [""] * (len(names) - len(row))
            account = row[ai].strip()
            if not account:
                raise InputError("a directory row has no account", location=Location(file, line, 1),
                                 path="account", expected="an account name", found="empty")
            person = " ".join(x for x in ((row[pi].strip() if pi is not None else ""),
                                          (row[ni].strip() if ni is not None else "")) if x) or None
            kind = None
            if ki is not None:
                kind = row[ki].strip().lower() or None
                if kind is not None and kind not in KINDS:
                    col = 1 + sum(len(c) + 1 for c in row[:ki])
                    raise InputError("unknown account kind", location=Location(file, line, col),
                                     path="kind", expected="one of: " + ", ".join(KINDS),
                                     found=row[ki])
            key = _norm(account)
            if key in entries:
                raise InputError("an account is listed twice", location=Location(file, line, 1),
                                 path="account",
                                 found=f"also on line {entries[key].line} (accounts match "
                                       "without regard to case)")
            entries[key] = DirectoryEntry(account, person, kind, line)
    return Directory(file, entries, ki is not None)


@dataclass
class _Shared:
    first: Record
    addresses: set = field(default_factory=set)
    overlaps: int = 0


class Attribution:
    """Streams records; counts sessions per account and finds accounts used from two places."""

    def __init__(self, window: dt.timedelta = CONCURRENCY_WINDOW) -> None:
        self.window = window
        self.sessions = 0
        self.sessions_without_account = 0
        self.per_account: dict[str, int] = {}  # normalized account -> sessions
        self.display: dict[str, str] = {}  # normalized -> as first seen
        self.accounts_seen: set[str] = set()  # any record with an account
        self.first_session: dict[str, Record] = {}
        self.auth_failures = 0
        self.shared: dict[str, _Shared] = {}
        self._active: dict[str, dict[str, list]] = {}
        self._events = 0

    def add(self, rec: Record) -> None:
        kind = rec.kind
        account = rec.account
        if kind is EventKind.connect:
            self.sessions += 1
            if account is None:
                self.sessions_without_account += 1
                return
            key = account.strip().casefold()
            self.per_account[key] = self.per_account.get(key, 0) + 1
            if key not in self.first_session:
                self.first_session[key] = rec
        elif kind is EventKind.auth_fail:
            self.auth_failures += 1
            return
        elif account is None:
            return
        else:
            key = account.strip().casefold()
        if key not in self.display:
            self.display[key] = account
            self.accounts_seen.add(key)
        address = rec.address
        if address is None:
            return
        self._track(key, address, rec)

    def _track(self, key: str, address: str, rec: Record) -> None:
        t = rec.time
        addrs = self._active.get(key)
        if addrs is None:
            self._active[key] = {address: [t, t, rec.kind is not EventKind.disconnect]}
            return
        entry = addrs.get(address)
        if rec.kind is EventKind.disconnect:
            if entry is not None:
                entry[2] = False
                entry[1] = t
            return
        if entry is None:
            entry = addrs[address] = [t, t, True]
        else:
            if rec.kind is EventKind.connect:
                entry[2] = True
            if t > entry[1] or rec.kind is EventKind.connect:
                entry[1] = t
        if len(addrs) > 1:
            window = self.window
            stale = []
            for other, e in addrs.items():
                if other == address:
                    continue
                if not e[2] or t - e[1] > window:
                    if t - e[1] > window:
                        stale.append(other)
                    continue
                if e[1] - t > window:  # the other session is far ahead in time (unsorted input)
                    continue
                shared = self.shared.get(key)
                if shared is None:
                    shared = self.shared[key] = _Shared(rec)
                shared.overlaps += 1
                if len(shared.addresses) < _MAX_ADDRESSES_KEPT:
                    shared.addresses.add(address)
                    shared.addresses.add(other)
            for other in stale:
                del addrs[other]
        self._events += 1
        if self._events % _PRUNE_EVERY == 0:
            self._prune(t)

    def _prune(self, now: dt.datetime) -> None:
        window = self.window
        for key in list(self._active):
            addrs = self._active[key]
            for a in [a for a, e in addrs.items() if abs(now - e[1]) > window]:
                del addrs[a]
            if not addrs:
                del self._active[key]

    # -- results ----------------------------------------------------------------------------------
    def summary(self, directory: Directory | None, key: bytes | None) -> dict:
        """The attribution section of the report (accounts masked)."""
        out: dict = {
            "directory": directory.file if directory else None,
            "sessions": self.sessions,
            "sessions_without_account": self.sessions_without_account,
            "accounts": len(self.accounts_seen | set(self.per_account)),
            "failed_logins": self.auth_failures,
            "concurrency_window_seconds": self.window.total_seconds(),
        }
        shared = sorted(self.shared.items(), key=lambda kv: kv[1].first.time)
        out["shared_accounts"] = {
            "count": len(shared),
            "examples": [
                {"account": mask(self.display.get(k, k), key), "addresses": len(s.addresses),
                 "overlaps": s.overlaps, "first_overlap": s.first.time.isoformat(sep=" "),
                 "source": s.first.where()}
                for k, s in shared[:10]
            ],
        }
        if directory is None:
            out.update({"sessions_attributed": None, "share": None, "unknown_accounts": None,
                        "service_accounts": None, "accounts_without_person": None,
                        "third_party_accounts": None})
            return out
        attributed = 0
        unknown: list[str] = []
        unknown_sessions = 0
        service: list[str] = []
        no_person: list[str] = []
        third: list[str] = []
        for acct in sorted(self.per_account):  # accounts that started sessions
            n = self.per_account[acct]
            entry = directory.get(acct)
            if entry is None:
                unknown.append(acct)
                unknown_sessions += n
                continue
            if entry.kind == "service":
                service.append(acct)
            elif not entry.person:
                no_person.append(acct)
            else:
                attributed += n
            if entry.kind == "third_party":
                third.append(acct)

        def group(keys: list[str], sessions: int | None = None) -> dict:
            g = {"count": len(keys),
                 "examples": [mask(self.display.get(k, k), key) for k in keys[:10]]}
            if sessions is not None:
                g["sessions"] = sessions
            firsts = [self.first_session[k] for k in keys if k in self.first_session]
            first = min(firsts, key=lambda r: r.time) if firsts else None
            g["first_session"] = first.where() if first is not None else None
            return g

        out["sessions_attributed"] = attributed
        out["share"] = round(attributed / self.sessions, 4) if self.sessions else None
        out["unknown_accounts"] = group(unknown, unknown_sessions)
        out["service_accounts"] = group(service, sum(self.per_account.get(a, 0) for a in service))
        out["accounts_without_person"] = group(
            no_person, sum(self.per_account.get(a, 0) for a in no_person))
        out["third_party_accounts"] = group(third, sum(self.per_account.get(a, 0) for a in third)) \
            if directory.has_kind else None
        return out
