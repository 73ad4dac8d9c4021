"""The SQLite store's schema: its versions, their migrations, and the pipeline's queries."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from dealcoach.adapters.json_views import answers_from_json, figures_from_result
from dealcoach.core.records import Deal, Session

DB_NAME = "deals.sqlite3"
SCHEMA_VERSION = 4

MIGRATIONS: dict[int, str] = {
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
    # The pipeline shows a band's short label and the next step's title, from the index.
    3: """
    ALTER TABLE sessions ADD COLUMN band_short TEXT;
    ALTER TABLE sessions ADD COLUMN next_step_title TEXT;
    DROP INDEX sessions_recent;
    CREATE INDEX sessions_recent ON sessions(
        deal_key, id, score, created_at, band, band_label, band_short, next_step, next_step_title
    );
    """,
    # A copy of each playbook a session was scored with, by its digest: a deal keeps its
    # playbook when the file moves or is gone.
    4: """
    CREATE TABLE playbook_copies (
        digest TEXT PRIMARY KEY,
        playbook_id TEXT NOT NULL,
        text TEXT NOT NULL
    );
    """,
}


# What a store of this version holds: each table with its columns. A file at our version
# whose tables differ is not ours, whatever its user_version says.
SHAPE: dict[str, set[str]] = {
    "deals": {"key", "name", "playbook_id", "playbook_source", "created_at"},
    "sessions": {
        "id", "deal_key", "created_at", "command", "playbook_id", "playbook_version",
        "playbook_hash", "answers", "score", "band", "gates", "next_step", "note",
        "objective", "result", "band_label", "band_short", "next_step_title",
    },
    "drafts": {"deal_key", "command", "playbook_id", "answers", "updated_at"},
    "playbook_copies": {"digest", "playbook_id", "text"},
}  # fmt: skip


def shape_of(db: sqlite3.Connection) -> dict[str, set[str]]:
    """The tables of a database with their columns (SQLite's own tables left out)."""
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: {row[1] for row in db.execute(f"PRAGMA table_info({t!r})")} for t in tables}


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION in one transaction (a store of version 0 must
    be empty: tables there are someone else's)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise sqlite3.DatabaseError("it holds tables that are not dealcoach's")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    db.execute(statement)
            if target == 2:
                _fill_band_labels(db)
            if target == 3:
                _fill_titles(db)
            db.execute(f"PRAGMA user_version = {target}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


# Each deal's last session, and the scores of its recent sessions oldest first: both
# read from the sessions_recent index alone (no table rows, no JSON).
LAST_SESSIONS = """
SELECT d.key, d.name, d.playbook_id, d.playbook_source, d.created_at,
    s.id, s.created_at, s.score, s.band, s.band_label, s.band_short, s.next_step,
    s.next_step_title
FROM deals AS d
JOIN sessions AS s INDEXED BY sessions_recent
    ON s.deal_key = d.key AND s.id = (SELECT max(id) FROM sessions WHERE deal_key = d.key)
ORDER BY d.key
"""
TRENDS = """
SELECT s.deal_key, s.score
FROM deals AS d
JOIN sessions AS s INDEXED BY sessions_recent
    ON s.deal_key = d.key AND s.id >= coalesce(
        (SELECT id FROM sessions WHERE deal_key = d.key ORDER BY id DESC LIMIT 1 OFFSET ?), 0)
ORDER BY d.key, s.id
"""


def _fill_titles(db: sqlite3.Connection) -> None:
    """Copy the next step's title of sessions stored before schema version 3 out of their
    result (their band had no short label: the label stands for it)."""
    rows = db.execute("SELECT id, result FROM sessions WHERE next_step_title IS NULL")
    db.executemany(
        "UPDATE sessions SET next_step_title = ? WHERE id = ?",
        [(_title_of(json.loads(result)), session_id) for session_id, result in rows],
    )


def _title_of(result: dict[str, Any]) -> str | None:
    step = result.get("next_step")
    title = step.get("title") if isinstance(step, dict) else None
    return title if isinstance(title, str) else None


def _fill_band_labels(db: sqlite3.Connection) -> None:
    """Copy the band label of sessions stored before schema version 2 out of their result."""
    rows = db.execute("SELECT id, result FROM sessions WHERE band_label IS NULL")
    db.executemany(
        "UPDATE sessions SET band_label = ? WHERE id = ?",
        [(label_of(json.loads(result)), session_id) for session_id, result in rows],
    )


def label_of(result: dict[str, Any]) -> str | None:
    band = result.get("band")
    label = band.get("label") if isinstance(band, dict) else None
    return label if isinstance(label, str) else None


# --- Rows to records ------------------------------------------------------------


def session_of(row: sqlite3.Row) -> Session:
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
        band_label=row["band_label"] or label_of(result) or row["band"],
        band_short=row["band_short"] or row["band_label"] or row["band"],
        next_step_title=row["next_step_title"] or _title_of(result) or row["next_step"],
        gates=json.loads(row["gates"]),
        next_step=row["next_step"],
        note=row["note"],
        objective=row["objective"],
        figures=figures_from_result(result),
    )


def deal_of(row: sqlite3.Row) -> Deal:
    return Deal(
        row["key"], row["name"], row["playbook_id"], row["playbook_source"], row["created_at"]
    )
