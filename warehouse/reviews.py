"""The review store: the blocks' half-year review entries and the audit log, in one SQLite file.

These are user writes, not statistics: they live in ``$IPDASH_HOME/records/reviews.sqlite``, which no
warehouse build touches. Every change is a new row with who and when; "current" is the latest
revision of an entry; triggers refuse UPDATE and DELETE, so nothing is ever overwritten or lost.
Two people editing one entry: each save names the revision it started from; if someone saved
in between, nothing is written, the second person is told, and their text goes to the audit log
(and back to their form). WAL mode: readers never wait for a writer; one writer at a time.

Swapping this module for PostgreSQL keeps its functions (see docs/scaling.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from warehouse import accounts
from warehouse.accounts import Account
from warehouse.connection import home

HALVES = ("H1", "H2")
STATES = ("draft", "submitted")
# Statuses for which a submitted entry must say why (cause) and what will be done (countermeasure).
NEEDS_EXPLANATION = ("off_track", "not_achieved")
MAX_TEXT = 4000
MAX_OWNER = 200
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan TEXT NOT NULL,
    block TEXT NOT NULL,
    kpi_id TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    half TEXT NOT NULL CHECK (half IN ('H1', 'H2')),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted')),
    assessment TEXT NOT NULL,
    cause TEXT NOT NULL,
    countermeasure TEXT NOT NULL,
    owner TEXT NOT NULL,
    next_review TEXT,
    status TEXT,
    warehouse_version TEXT,
    author TEXT NOT NULL,
    author_role TEXT NOT NULL,
    written_at TEXT NOT NULL,
    UNIQUE (plan, block, kpi_id, fiscal_year, half, revision)
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT,
    client TEXT,
    target TEXT,
    detail TEXT
);
CREATE TRIGGER IF NOT EXISTS review_entries_append_only_u BEFORE UPDATE ON review_entries
    BEGIN SELECT RAISE(ABORT, 'review entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS review_entries_append_only_d BEFORE DELETE ON review_entries
    BEGIN SELECT RAISE(ABORT, 'review entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_append_only_u BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_append_only_d BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def store_path(root: Path | None = None) -> Path:
    return (root or home()) / "records" / "reviews.sqlite"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class EntryKey:
    plan: str
    block: str  # Japanese block name, as in the warehouse
    kpi_id: str
    fiscal_year: int
    half: str


@dataclass(frozen=True)
class EntryText:
    """What an editor writes."""

    assessment: str = ""
    cause: str = ""
    countermeasure: str = ""
    owner: str = ""
    next_review: str | None = None  # ISO date
    state: str = "draft"


@dataclass(frozen=True)
class Entry:
    """One stored revision of an entry."""

    key: EntryKey
    revision: int
    text: EntryText
    status: str | None
    warehouse_version: str | None
    author: str
    author_role: str
    written_at: str


@dataclass(frozen=True)
class SaveResult:
    saved: Entry | None  # the new revision; None on a conflict
    current: Entry | None  # on a conflict: what someone else saved meanwhile
    yours: EntryText

    @property
    def conflict(self) -> bool:
        return self.saved is None


class ReviewRefused(ValueError):
    """The entry cannot be saved as it is (reasons are short codes, labelled by the page)."""

    def __init__(self, reasons: list[str]):
        super().__init__(", ".join(reasons))
        self.reasons = reasons


def problems(text: EntryText, status: str | None) -> list[str]:
    """Why ``text`` cannot be saved: codes such as ``cause_required``. A draft may be incomplete."""
    found: list[str] = []
    if text.state not in STATES:
        found.append("state_unknown")
    for name in ("assessment", "cause", "countermeasure"):
        if len(getattr(text, name)) > MAX_TEXT:
            found.append(f"{name}_too_long")
    if len(text.owner) > MAX_OWNER:
        found.append("owner_too_long")
    if text.next_review:
        try:
            dt.date.fromisoformat(text.next_review)
        except ValueError:
            found.append("next_review_invalid")
    if text.state == "submitted" and status in NEEDS_EXPLANATION:
        found += [f"{name}_required" for name in ("cause", "countermeasure") if not getattr(text, name).strip()]
    return found


class ReviewStore:
    """One SQLite file; a short-lived connection per call (safe from any thread or process)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or store_path()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=FULL")  # user writes: a commit survives a power cut too
            con.execute("PRAGMA foreign_keys=ON")
            if not self._ready:
                self._migrate(con)
            yield con
        finally:
            con.close()

    def _migrate(self, con: sqlite3.Connection) -> None:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer version (schema {version})")
        con.executescript(_SCHEMA)
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._ready = True

    # --- writes ----------------------------------------------------------------------------------

    def save(self, key: EntryKey, text: EntryText, *, base_revision: int, actor: Account | None,
             status: str | None, warehouse_version: str | None = None, client: str | None = None,
             throttle: accounts.Throttle | None = None) -> SaveResult:
        """Append a revision if ``base_revision`` is still the latest; otherwise report the conflict.

        Raises PermissionError (recorded in the audit log) when ``actor`` may not write this block,
        ReviewRefused when the text breaks a rule."""
        target = f"{key.plan}/{key.block}/{key.kpi_id}/{key.fiscal_year}/{key.half}"
        if not accounts.may_write(actor, key.block, throttle=throttle):
            self.audit("review.denied", actor=actor.name if actor else None, client=client, target=target)
            raise PermissionError(f"{actor.name if actor else 'anonymous'} may not write {key.block}")
        assert actor is not None
        reasons = problems(text, status)
        if key.half not in HALVES:
            reasons.append("half_unknown")
        if reasons:
            raise ReviewRefused(reasons)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")  # one writer: the revision check and the insert are atomic
            try:
                latest = self._latest(con, key)
                if (latest.revision if latest else 0) != base_revision:
                    self._audit(con, "review.conflict", actor.name, client, target,
                                {"base_revision": base_revision, "current_revision": latest.revision if latest else 0,
                                 **asdict(text)})
                    con.execute("COMMIT")
                    return SaveResult(saved=None, current=latest, yours=text)
                entry = Entry(key=key, revision=base_revision + 1, text=text, status=status,
                              warehouse_version=warehouse_version, author=actor.name, author_role=actor.role,
                              written_at=_now())
                con.execute(
                    "INSERT INTO review_entries (plan, block, kpi_id, fiscal_year, half, revision, state, assessment, "
                    "cause, countermeasure, owner, next_review, status, warehouse_version, author, author_role, "
                    "written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (key.plan, key.block, key.kpi_id, key.fiscal_year, key.half, entry.revision, text.state,
                     text.assessment, text.cause, text.countermeasure, text.owner, text.next_review, status,
                     warehouse_version, actor.name, actor.role, entry.written_at))
                self._audit(con, "review.save", actor.name, client, target,
                            {"revision": entry.revision, "state": text.state})
                con.execute("COMMIT")
                return SaveResult(saved=entry, current=entry, yours=text)
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def audit(self, action: str, *, actor: str | None = None, client: str | None = None, target: str | None = None,
              detail: dict[str, object] | None = None) -> None:
        """Record a login, lockout, logout or refused write."""
        with self._connect() as con:
            self._audit(con, action, actor, client, target, detail)

    @staticmethod
    def _audit(con: sqlite3.Connection, action: str, actor: str | None, client: str | None, target: str | None,
               detail: dict[str, object] | None) -> None:
        con.execute("INSERT INTO audit_log (at, action, actor, client, target, detail) VALUES (?, ?, ?, ?, ?, ?)",
                    (_now(), action, actor, client, target,
                     json.dumps(detail, ensure_ascii=False) if detail is not None else None))

    # --- reads -----------------------------------------------------------------------------------

    _COLUMNS = ("plan, block, kpi_id, fiscal_year, half, revision, state, assessment, cause, countermeasure, owner, "
                "next_review, status, warehouse_version, author, author_role, written_at")

    @staticmethod
    def _entry(row: tuple[object, ...]) -> Entry:
        key = EntryKey(*row[:5])  # type: ignore[arg-type]
        text = EntryText(assessment=row[7], cause=row[8], countermeasure=row[9], owner=row[10],  # type: ignore[arg-type]
                         next_review=row[11], state=row[6])  # type: ignore[arg-type]
        return Entry(key=key, revision=int(row[5]), text=text, status=row[12], warehouse_version=row[13],  # type: ignore
                     author=str(row[14]), author_role=str(row[15]), written_at=str(row[16]))

    def _latest(self, con: sqlite3.Connection, key: EntryKey) -> Entry | None:
        sql = (f"SELECT {self._COLUMNS} FROM review_entries WHERE plan = ? AND block = ? AND kpi_id = ? "  # noqa: S608
               "AND fiscal_year = ? AND half = ? ORDER BY revision DESC LIMIT 1")
        row = con.execute(sql, (key.plan, key.block, key.kpi_id, key.fiscal_year, key.half)).fetchone()
        return self._entry(row) if row else None

    def exists(self) -> bool:
        return self.path.exists()

    def entries(self, *, plan: str, block: str) -> list[Entry]:
        """Every revision of every entry of one block in one plan, oldest first."""
        if not self.exists():
            return []
        with self._connect() as con:
            rows = con.execute(f"SELECT {self._COLUMNS} FROM review_entries WHERE plan = ? AND block = ? "  # noqa: S608
                               "ORDER BY kpi_id, fiscal_year, half, revision", (plan, block)).fetchall()
        return [self._entry(r) for r in rows]

    def current(self, *, plan: str, block: str) -> dict[EntryKey, Entry]:
        """The latest revision of each entry."""
        return {e.key: e for e in self.entries(plan=plan, block=block)}  # oldest first: the latest wins

    def history(self, key: EntryKey) -> list[Entry]:
        return [e for e in self.entries(plan=key.plan, block=key.block) if e.key == key]

    def stamp(self) -> int:
        """Changes whenever an entry is written: the cache key of review reads."""
        if not self.exists():
            return 0
        with self._connect() as con:
            return int(con.execute("SELECT coalesce(max(id), 0) FROM review_entries").fetchone()[0])

    def audit_entries(self, limit: int = 200) -> list[dict[str, object]]:
        if not self.exists():
            return []
        with self._connect() as con:
            cur = con.execute("SELECT id, at, action, actor, client, target, detail FROM audit_log "
                              "ORDER BY id DESC LIMIT ?", (limit,))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def integrity(self) -> str:
        with self._connect() as con:
            return str(con.execute("PRAGMA integrity_check").fetchone()[0])

    # --- backup ----------------------------------------------------------------------------------

    def backup(self, destination: Path) -> Path:
        """A consistent copy (SQLite's online backup API: a snapshot even while others write)."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        tmp = destination.with_name(destination.name + ".tmp")
        tmp.unlink(missing_ok=True)
        with self._connect() as con:
            target = sqlite3.connect(tmp)
            try:
                con.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            finally:
                target.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, destination)
        return destination

