"""The deal store in SQLite: deals, an append-only history of sessions, and drafts.

It stands behind :class:`dealcoach.core.store.DealStore`: WAL, a busy timeout, one
transaction per write, read commands on a read-only connection. Every SQLite error
becomes a one-line message that says what is wrong and what to do; none advises moving
a good database away because of a passing problem.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from dealcoach.adapters import sqlite_files, store_errors, store_rows
from dealcoach.adapters import sqlite_schema as schema
from dealcoach.adapters.json_views import answers_json
from dealcoach.adapters.sqlite_reports import SqliteReports
from dealcoach.core._gc import gc_paused
from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import (
    Deal,
    DealChange,
    DealLine,
    Draft,
    NewSession,
    Session,
    now,
)

DB_NAME = schema.DB_NAME
SCHEMA_VERSION = schema.SCHEMA_VERSION
_MIGRATIONS = schema.MIGRATIONS


class DealWrite:
    """One write transaction on a deal: its deal and last session as they are now, read
    inside the transaction, and what is written on them (a session, or a change)."""

    def __init__(self, store: SqliteStore, key: str) -> None:
        self._store = store
        self.deal = store.deal(key)
        self.last = store.last_session(key)
        self.recorded: Session | None = None
        self.written = False

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> None:
        """Add the session (creating its deal if new); the draft ends with it when asked."""
        assert self.recorded is None, "one session per write"
        self.recorded = self._store._insert(deal, session, ends_draft=ends_draft)
        self.written = True

    def change(self, deal: Deal, change: DealChange) -> None:
        """Set the deal's attributes and status, and keep the change with who made it."""
        assert self._store._db is not None
        db = self._store._db
        db.execute(
            "UPDATE deals SET owner = ?, stage = ?, amount = ?, close_date = ?, crm_id = ?,"
            " status = ? WHERE key = ?",
            (deal.owner, deal.stage, deal.amount, deal.close_date, deal.crm_id, deal.status,
             deal.key),
        )  # fmt: skip
        db.execute(
            "INSERT INTO deal_changes (deal_key, created_at, made_by, kind, changes, reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (deal.key, now(), self._store.user, change.kind, store_rows.changes_json(change),
             change.reason),
        )  # fmt: skip
        self.written = True


class SqliteStore(SqliteReports):
    """Deals in one SQLite file. ``write=False`` opens it read-only, and never creates it.

    SQLite keeps no rights: whoever can write the file may change every deal in it.
    """

    def __init__(self, path: Path, *, user: str, write: bool = True) -> None:
        self.path = path
        self.user = user
        self.where = str(path)
        self.writable = write
        self._db = self._open(path) if write else sqlite_files.open_reading(path, user)

    def may_change(self, deal: Deal) -> bool:
        return True

    def _fail(self, what: str) -> DealcoachError:
        return DealcoachError(f"{self.path}: {what}")

    def _open(self, path: Path) -> sqlite3.Connection:
        return sqlite_files.open_writing(path, self.user)

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """Run queries; a damaged file or undecodable row is a clear error, not a trace."""
        try:
            yield self._db
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            passing = store_errors.passing(exc) if isinstance(exc, sqlite3.Error) else None
            raise (
                self._fail(passing) if passing else store_errors.damaged(self.path, exc)
            ) from None

    def _begin(self) -> sqlite3.Connection:
        if self._db is None or not self.writable:
            raise store_errors.cannot_write(self.path, OSError("it was opened read-only"))
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            reason = store_errors.passing(exc)
            raise (
                self._fail(reason) if reason else store_errors.cannot_write(self.path, exc)
            ) from None
        return self._db

    def _end(self, db: sqlite3.Connection, *, commit: bool) -> None:
        """Commit or roll back. A failed commit rolls back, and says nothing was recorded
        (a rollback that fails too is left to SQLite, which undoes it on the next open)."""
        if not commit:
            _quietly_roll_back(db)
            return
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            _quietly_roll_back(db)
            reason = store_errors.passing(exc) or f"{exc}"
            raise self._fail(f"nothing was recorded: {reason}") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._begin()
        try:
            yield db
        except BaseException:
            _quietly_roll_back(db)
            raise
        self._end(db, commit=True)

    @contextmanager
    def deal_write(self, key: str) -> Iterator[DealWrite]:
        """A write transaction on the deal ``key`` (SQLite's write lock serialises it with
        every other): read the deal and its last session, write, commit; nothing another
        process writes meanwhile is lost."""
        db = self._begin()
        try:
            with self._reading():
                write = DealWrite(self, key)
            yield write
        except sqlite3.IntegrityError as exc:
            _quietly_roll_back(db)
            raise store_errors.conflict(self.where, exc) from None
        except BaseException:
            _quietly_roll_back(db)
            raise
        self._end(db, commit=write.written)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def deal(self, key: str) -> Deal | None:
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute("SELECT * FROM deals WHERE key = ?", (key,)).fetchone()
            return store_rows.deal_of(row) if row else None

    def deals(self) -> list[Deal]:
        with self._reading() as db:
            if db is None:
                return []
            rows = db.execute("SELECT * FROM deals ORDER BY key")
            return [store_rows.deal_of(r) for r in rows]

    def sessions(self, key: str) -> list[Session]:
        with self._reading() as db:
            if db is None:
                return []
            rows = db.execute("SELECT * FROM sessions WHERE deal_key = ? ORDER BY id", (key,))
            return [store_rows.session_of(r) for r in rows]

    def last_session(self, key: str) -> Session | None:
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute(
                "SELECT * FROM sessions WHERE deal_key = ? ORDER BY id DESC LIMIT 1", (key,)
            ).fetchone()
            return store_rows.session_of(row) if row else None

    def deal_overview(self, key: str) -> tuple[Deal | None, Session | None, int]:
        deal = self.deal(key)
        if deal is None:
            return None, None, 0
        with self._reading() as db:
            assert db is not None  # it holds the deal
            count = db.execute("SELECT count(*) FROM sessions WHERE deal_key = ?", (key,))
            return deal, self.last_session(key), int(count.fetchone()[0])

    def changes(self, key: str) -> list[DealChange]:
        with self._reading() as db:
            if db is None:
                return []
            rows = db.execute("SELECT * FROM deal_changes WHERE deal_key = ? ORDER BY id", (key,))
            return [store_rows.change_of(r) for r in rows]

    def playbook_copy(self, digest: str) -> str | None:
        """The text of the playbook a session was scored with, by its digest."""
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute(
                "SELECT text FROM playbook_copies WHERE digest = ?", (digest,)
            ).fetchone()
            return str(row[0]) if row else None

    def pipeline(self, per_deal: int, *, times: bool = True) -> list[DealLine]:
        """Every deal that has a session, with its last session and the scores of its
        last ``per_deal`` sessions: two queries through one covering index, in one read
        transaction; no per-deal round trips, no answers or results decoded.
        """
        with self._reading() as db:
            if db is None:
                return []
            cursor = db.cursor()
            cursor.row_factory = None  # plain tuples: these are the queries of many rows
            with gc_paused():
                cursor.execute("BEGIN")  # one snapshot for both queries
                try:
                    recent = store_rows.recent_of(
                        cursor.execute(
                            schema.TRENDS.format(time="s.created_at" if times else "NULL"),
                            (max(per_deal, 1) - 1,),
                        )
                    )
                    return [
                        store_rows.deal_line(row, recent)
                        for row in cursor.execute(schema.LAST_SESSIONS)
                    ]
                finally:
                    cursor.execute("COMMIT")

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> Session:
        """Store a session (creating its deal if new) in one transaction."""
        with self.deal_write(deal.key) as write:
            write.record(deal, session, ends_draft=ends_draft)
        assert write.recorded is not None
        return write.recorded

    def _insert(self, deal: Deal, session: NewSession, *, ends_draft: bool) -> Session:
        assert self._db is not None
        db = self._db
        created = now()
        db.execute(
            """
            INSERT INTO deals (key, name, playbook_id, playbook_source, created_at, owner)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET playbook_id = excluded.playbook_id,
                playbook_source = excluded.playbook_source
            """,
            (
                deal.key, deal.name, deal.playbook_id, deal.playbook_source, deal.created_at,
                deal.owner or self.user,
            ),
        )  # fmt: skip
        cursor = db.execute(
            """
            INSERT INTO sessions (deal_key, created_at, made_by, command, playbook_id,
                playbook_version, playbook_hash, answers, score, band, band_label, band_short,
                gates, next_step, next_step_title, note, objective, result,
                known, verified, assumed, band_rank, top_band, limits)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                deal.key,
                created,
                self.user,
                session.command,
                session.playbook_id,
                session.playbook_version,
                session.playbook_hash,
                json.dumps(answers_json(session.answers)),
                session.score,
                session.band,
                session.band_label,
                session.band_short,
                json.dumps(session.gates),
                session.next_step,
                session.next_step_title,
                session.note,
                session.objective,
                json.dumps(session.result),
                *store_rows.session_values(session),
            ),
        )
        if session.playbook_text:
            db.execute(
                "INSERT OR IGNORE INTO playbook_copies (digest, playbook_id, text)"
                " VALUES (?, ?, ?)",
                (session.playbook_hash, session.playbook_id, session.playbook_text),
            )
        if ends_draft:
            db.execute("DELETE FROM drafts WHERE deal_key = ?", (deal.key,))
        assert cursor.lastrowid is not None
        return store_rows.recorded(session, cursor.lastrowid, deal.key, created, self.user)

    def save_draft(self, draft: Draft) -> None:
        with self._write() as db:
            db.execute(
                """
                INSERT INTO drafts (deal_key, command, playbook_id, answers, updated_at, made_by)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(deal_key) DO UPDATE SET command = excluded.command,
                    playbook_id = excluded.playbook_id, answers = excluded.answers,
                    updated_at = excluded.updated_at, made_by = excluded.made_by
                """,
                (
                    draft.deal_key,
                    draft.command,
                    draft.playbook_id,
                    json.dumps({"answers": answers_json(draft.answers), "asked": draft.asked}),
                    draft.updated_at,
                    self.user,
                ),
            )

    def draft(self, key: str) -> Draft | None:
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute("SELECT * FROM drafts WHERE deal_key = ?", (key,)).fetchone()
            if row is None:
                return None
            return store_rows.draft_of(row)

    def discard_draft(self, key: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE deal_key = ?", (key,))


def _quietly_roll_back(db: sqlite3.Connection) -> None:
    # No transaction left, or the disk refuses: SQLite rolls back on the next open.
    with suppress(sqlite3.Error):
        db.execute("ROLLBACK")


def open_store(home: Path, *, user: str, write: bool = True, name: str = DB_NAME) -> SqliteStore:
    """The store ``name`` in the folder ``home``: created if needed to write; read-only
    to read."""
    try:
        not_a_folder = home.exists() and not home.is_dir()
    except OSError:
        not_a_folder = True  # a path through a file, such as /dev/null/deals
    if not_a_folder or any(p.exists() and not p.is_dir() for p in home.parents):
        raise DealcoachError(
            f"{home}: is not a folder, so it cannot hold deals; set DEALCOACH_HOME to a folder"
        )
    return SqliteStore(home / name, user=user, write=write)
