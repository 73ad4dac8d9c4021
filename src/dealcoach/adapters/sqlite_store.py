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
from dataclasses import fields
from pathlib import Path

from dealcoach.adapters import sqlite_files, store_errors
from dealcoach.adapters import sqlite_schema as schema
from dealcoach.adapters.json_views import answers_from_json, answers_json, figures_from_result
from dealcoach.core._gc import gc_paused
from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import (
    Deal,
    DealLine,
    Draft,
    NewSession,
    Session,
    SessionBrief,
    SessionFacts,
    now,
)

DB_NAME = schema.DB_NAME
SCHEMA_VERSION = schema.SCHEMA_VERSION
_MIGRATIONS = schema.MIGRATIONS


class SessionWrite:
    """One write transaction on a deal: its deal and last session as they are now, read
    inside the transaction, and the session to record on them (at most one)."""

    def __init__(self, store: SqliteStore, key: str) -> None:
        self._store = store
        self.deal = store.deal(key)
        self.last = store.last_session(key)
        self.recorded: Session | None = None

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> Session:
        """Add the session (creating its deal if new); the draft ends with it when asked."""
        assert self.recorded is None, "one session per write"
        self.recorded = self._store._insert(deal, session, ends_draft=ends_draft)
        return self.recorded


class SqliteStore:
    """Deals in one SQLite file. ``write=False`` opens it read-only, and never creates it."""

    def __init__(self, path: Path, *, write: bool = True) -> None:
        self.path = path
        self.writable = write
        self._db = self._open(path) if write else sqlite_files.open_reading(path)

    def _fail(self, what: str) -> DealcoachError:
        return DealcoachError(f"{self.path}: {what}")

    def _open(self, path: Path) -> sqlite3.Connection:
        return sqlite_files.open_writing(path)

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
    def session_write(self, key: str) -> Iterator[SessionWrite]:
        """A write transaction on the deal ``key``: read its last session, record the
        new one, commit; nothing another process writes meanwhile is lost."""
        db = self._begin()
        try:
            with self._reading():
                write = SessionWrite(self, key)
            yield write
        except BaseException:
            _quietly_roll_back(db)
            raise
        self._end(db, commit=write.recorded is not None)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def deal(self, key: str) -> Deal | None:
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute("SELECT * FROM deals WHERE key = ?", (key,)).fetchone()
            return schema.deal_of(row) if row else None

    def deals(self) -> list[Deal]:
        with self._reading() as db:
            if db is None:
                return []
            return [schema.deal_of(r) for r in db.execute("SELECT * FROM deals ORDER BY key")]

    def sessions(self, key: str) -> list[Session]:
        with self._reading() as db:
            if db is None:
                return []
            rows = db.execute("SELECT * FROM sessions WHERE deal_key = ? ORDER BY id", (key,))
            return [schema.session_of(r) for r in rows]

    def last_session(self, key: str) -> Session | None:
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute(
                "SELECT * FROM sessions WHERE deal_key = ? ORDER BY id DESC LIMIT 1", (key,)
            ).fetchone()
            return schema.session_of(row) if row else None

    def playbook_copy(self, digest: str) -> str | None:
        """The text of the playbook a session was scored with, by its digest."""
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute(
                "SELECT text FROM playbook_copies WHERE digest = ?", (digest,)
            ).fetchone()
            return str(row[0]) if row else None

    def pipeline(self, per_deal: int) -> list[DealLine]:
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
                    trends: dict[str, list[float]] = {}
                    for key, value in cursor.execute(schema.TRENDS, (max(per_deal, 1) - 1,)):
                        trends.setdefault(key, []).append(value)
                    return [
                        DealLine(
                            Deal(*row[:5]),
                            SessionBrief(
                                id=row[5],
                                created_at=row[6],
                                score=row[7],
                                band=row[8],
                                band_label=row[9] or row[8],
                                band_short=row[10] or row[9] or row[8],
                                next_step=row[11],
                                next_step_title=row[12] or row[11],
                            ),
                            trends[row[0]],
                        )
                        for row in cursor.execute(schema.LAST_SESSIONS)
                    ]
                finally:
                    cursor.execute("COMMIT")

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> Session:
        """Store a session (creating its deal if new) in one transaction."""
        with self.session_write(deal.key) as write:
            return write.record(deal, session, ends_draft=ends_draft)

    def _insert(self, deal: Deal, session: NewSession, *, ends_draft: bool) -> Session:
        assert self._db is not None
        db = self._db
        created = now()
        db.execute(
            """
            INSERT INTO deals (key, name, playbook_id, playbook_source, created_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET playbook_id = excluded.playbook_id,
                playbook_source = excluded.playbook_source
            """,
            (deal.key, deal.name, deal.playbook_id, deal.playbook_source, deal.created_at),
        )
        cursor = db.execute(
            """
            INSERT INTO sessions (deal_key, created_at, command, playbook_id,
                playbook_version, playbook_hash, answers, score, band, band_label, band_short,
                gates, next_step, next_step_title, note, objective, result)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                deal.key,
                created,
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
        facts = {f.name: getattr(session, f.name) for f in fields(SessionFacts)}
        return Session(
            **facts,
            id=cursor.lastrowid,
            deal_key=deal.key,
            created_at=created,
            figures=figures_from_result(session.result),
        )

    def save_draft(self, draft: Draft) -> None:
        with self._write() as db:
            db.execute(
                """
                INSERT INTO drafts (deal_key, command, playbook_id, answers, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(deal_key) DO UPDATE SET command = excluded.command,
                    playbook_id = excluded.playbook_id, answers = excluded.answers,
                    updated_at = excluded.updated_at
                """,
                (
                    draft.deal_key,
                    draft.command,
                    draft.playbook_id,
                    json.dumps({"answers": answers_json(draft.answers), "asked": draft.asked}),
                    draft.updated_at,
                ),
            )

    def draft(self, key: str) -> Draft | None:
        with self._reading() as db:
            if db is None:
                return None
            row = db.execute("SELECT * FROM drafts WHERE deal_key = ?", (key,)).fetchone()
            if row is None:
                return None
            payload = json.loads(row["answers"])
            return Draft(
                row["deal_key"],
                row["command"],
                row["playbook_id"],
                answers_from_json(payload.get("answers", {})),
                [str(q) for q in payload.get("asked", [])],
                row["updated_at"],
            )

    def discard_draft(self, key: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE deal_key = ?", (key,))


def _quietly_roll_back(db: sqlite3.Connection) -> None:
    # No transaction left, or the disk refuses: SQLite rolls back on the next open.
    with suppress(sqlite3.Error):
        db.execute("ROLLBACK")


def open_store(home: Path, *, write: bool = True) -> SqliteStore:
    """The store in the folder ``home``: created if needed to write; read-only to read."""
    try:
        not_a_folder = home.exists() and not home.is_dir()
    except OSError:
        not_a_folder = True  # a path through a file, such as /dev/null/deals
    if not_a_folder or any(p.exists() and not p.is_dir() for p in home.parents):
        raise DealcoachError(
            f"{home}: is not a folder, so it cannot hold deals; set DEALCOACH_HOME to a folder"
        )
    return SqliteStore(home / DB_NAME, write=write)
