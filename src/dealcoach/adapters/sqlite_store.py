"""The deal store in SQLite: deals, an append-only history of sessions, and drafts.

It stands behind :class:`dealcoach.core.store.DealStore`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

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

DB_NAME = "deals.sqlite3"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE deals (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        playbook_id TEXT NOT NULL,
        playbook_source TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deal_key TEXT NOT NULL REFERENCES deals(key),
        created_at TEXT NOT NULL,
        command TEXT NOT NULL,
        playbook_id TEXT NOT NULL,
        playbook_version TEXT NOT NULL,
        playbook_hash TEXT NOT NULL,
        answers TEXT NOT NULL,
        score REAL NOT NULL,
        band TEXT NOT NULL,
        gates TEXT NOT NULL,
        next_step TEXT NOT NULL,
        note TEXT,
        objective TEXT,
        result TEXT NOT NULL
    );
    CREATE INDEX sessions_by_deal ON sessions(deal_key, id);
    CREATE TABLE drafts (
        deal_key TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        playbook_id TEXT NOT NULL,
        answers TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # The pipeline reads everything it shows of a deal's sessions from one index, and the
    # band label from a column of its own (filled for older sessions from their result)
    # instead of decoding each stored result. The index also serves as sessions_by_deal.
    2: """
    ALTER TABLE sessions ADD COLUMN band_label TEXT;
    CREATE INDEX sessions_recent
        ON sessions(deal_key, id, score, created_at, band, band_label, next_step);
    DROP INDEX sessions_by_deal;
    """,
}


def _session(row: sqlite3.Row) -> Session:
    result = json.loads(row["result"])
    return Session(
        id=row["id"],
        deal_key=row["deal_key"],
        created_at=row["created_at"],
        command=row["command"],
        playbook_id=row["playbook_id"],
        playbook_version=row["playbook_version"],
        playbook_hash=row["playbook_hash"],
        answers=answers_from_json(json.loads(row["answers"])),
        score=row["score"],
        band=row["band"],
        band_label=row["band_label"] or _label_of(result) or row["band"],
        gates=json.loads(row["gates"]),
        next_step=row["next_step"],
        note=row["note"],
        objective=row["objective"],
        figures=figures_from_result(result),
    )


def _deal(row: sqlite3.Row) -> Deal:
    return Deal(
        row["key"], row["name"], row["playbook_id"], row["playbook_source"], row["created_at"]
    )


class SqliteStore:
    """Deals in one SQLite file: WAL, a busy timeout, one transaction per write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = self._open(path)

    def _fail(self, what: str) -> DealcoachError:
        return DealcoachError(f"{self.path}: {what}")

    def _open(self, path: Path) -> sqlite3.Connection:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._fail(
                f"cannot create the folder for deals ({exc.strerror}); "
                "set DEALCOACH_HOME to a folder you can write"
            ) from None
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._fail(
                f"cannot open the deal database ({exc}); "
                "set DEALCOACH_HOME to a folder you can write"
            ) from None
        db.row_factory = sqlite3.Row
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                db.close()
                raise self._fail(
                    f"was written by a newer dealcoach (store version {version}, "
                    f"this one reads up to {SCHEMA_VERSION}); upgrade dealcoach"
                )
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if version < SCHEMA_VERSION:
                self._migrate(db)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            db.close()
            if "readonly" in str(exc) or "unable to open" in str(exc):
                raise self._fail(
                    f"cannot write the deal database ({exc}); "
                    "set DEALCOACH_HOME to a folder you can write"
                ) from None
            raise self._fail(
                f"is not a dealcoach database ({exc}); move it away, "
                "or set DEALCOACH_HOME to another folder"
            ) from None
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise sqlite3.DatabaseError("it holds tables that are not dealcoach's")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                if target == 2:
                    _fill_band_labels(db)
                db.execute(f"PRAGMA user_version = {target}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._fail(f"cannot write the deal database ({exc})") from None
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    def deal(self, key: str) -> Deal | None:
        row = self._db.execute("SELECT * FROM deals WHERE key = ?", (key,)).fetchone()
        return _deal(row) if row else None

    def deals(self) -> list[Deal]:
        return [_deal(r) for r in self._db.execute("SELECT * FROM deals ORDER BY key")]

    def sessions(self, key: str) -> list[Session]:
        rows = self._db.execute("SELECT * FROM sessions WHERE deal_key = ? ORDER BY id", (key,))
        return [_session(r) for r in rows]

    def last_session(self, key: str) -> Session | None:
        row = self._db.execute(
            "SELECT * FROM sessions WHERE deal_key = ? ORDER BY id DESC LIMIT 1", (key,)
        ).fetchone()
        return _session(row) if row else None

    def pipeline(self, per_deal: int) -> list[DealLine]:
        """Every deal that has a session, with its last session and the scores of its
        last ``per_deal`` sessions: two queries through one covering index, in one read
        transaction; no per-deal round trips, no answers or results decoded.
        """
        cursor = self._db.cursor()
        cursor.row_factory = None  # plain tuples: these are the queries of many rows
        with gc_paused():
            cursor.execute("BEGIN")  # one snapshot for both queries
            try:
                trends: dict[str, list[float]] = {}
                for key, value in cursor.execute(_TRENDS, (max(per_deal, 1) - 1,)):
                    trend = trends.get(key)
                    if trend is None:
                        trends[key] = [value]
                    else:
                        trend.append(value)
                lines = [
                    DealLine(
                        Deal(*row[:5]),
                        SessionBrief(row[5], row[6], row[7], row[8], row[9] or row[8], row[10]),
                        trends[row[0]],
                    )
                    for row in cursor.execute(_LAST_SESSIONS)
                ]
            finally:
                cursor.execute("COMMIT")
        return lines

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> Session:
        """Store a session (creating its deal if new) in one transaction.

        ``ends_draft``: the session finishes the deal's draft, which is removed in
        the same transaction (a session from an answers file leaves it alone).
        """
        created = now()
        with self._write() as db:
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
                    playbook_version, playbook_hash, answers, score, band, band_label,
                    gates, next_step, note, objective, result)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                    json.dumps(session.gates),
                    session.next_step,
                    session.note,
                    session.objective,
                    json.dumps(session.result),
                ),
            )
            if ends_draft:
                db.execute("DELETE FROM drafts WHERE deal_key = ?", (deal.key,))
            session_id = cursor.lastrowid
        assert session_id is not None
        facts = {f.name: getattr(session, f.name) for f in fields(SessionFacts)}
        return Session(
            **facts,
            id=session_id,
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
        row = self._db.execute("SELECT * FROM drafts WHERE deal_key = ?", (key,)).fetchone()
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


# Each deal's last session, and the scores of its recent sessions oldest first: both
# read from the sessions_recent index alone (no table rows, no JSON).
_LAST_SESSIONS = """
SELECT d.key, d.name, d.playbook_id, d.playbook_source, d.created_at,
    s.id, s.created_at, s.score, s.band, s.band_label, s.next_step
FROM deals AS d
JOIN sessions AS s INDEXED BY sessions_recent
    ON s.deal_key = d.key AND s.id = (SELECT max(id) FROM sessions WHERE deal_key = d.key)
ORDER BY d.key
"""
_TRENDS = """
SELECT s.deal_key, s.score
FROM deals AS d
JOIN sessions AS s INDEXED BY sessions_recent
    ON s.deal_key = d.key AND s.id >= coalesce(
        (SELECT id FROM sessions WHERE deal_key = d.key ORDER BY id DESC LIMIT 1 OFFSET ?), 0)
ORDER BY d.key, s.id
"""


def _fill_band_labels(db: sqlite3.Connection) -> None:
    """Copy the band label of sessions stored before schema version 2 out of their result."""
    rows = db.execute("SELECT id, result FROM sessions WHERE band_label IS NULL")
    db.executemany(
        "UPDATE sessions SET band_label = ? WHERE id = ?",
        [(_label_of(json.loads(result)), session_id) for session_id, result in rows],
    )


def _label_of(result: dict[str, Any]) -> str | None:
    band = result.get("band")
    label = band.get("label") if isinstance(band, dict) else None
    return label if isinstance(label, str) else None


def open_store(home: Path) -> SqliteStore:
    """The store in the folder ``home`` (created if needed)."""
    return SqliteStore(home / DB_NAME)
