"""The SQLite store's schema: its versions, their migrations, and the pipeline's queries."""

from __future__ import annotations

import json
import sqlite3

from dealcoach.adapters.store_rows import (
    assumed_of,
    assumed_text,
    figures_of,
    label_of,
    title_of,
)

DB_NAME = "deals.sqlite3"
SCHEMA_VERSION = 5

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
    # A team's deals: owners and attributes, outcomes, who recorded each session, and
    # the history of attribute changes. Deals from before have the migrating user as
    # their owner (a file of one user's deals); their sessions' author is unknown.
    # Each session also keeps what the warnings and the review read without decoding
    # its answers or result (filled for older sessions from them).
    5: """
    ALTER TABLE deals ADD COLUMN owner TEXT;
    ALTER TABLE deals ADD COLUMN stage TEXT;
    ALTER TABLE deals ADD COLUMN amount REAL;
    ALTER TABLE deals ADD COLUMN close_date TEXT;
    ALTER TABLE deals ADD COLUMN crm_id TEXT;
    ALTER TABLE deals ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
    CREATE UNIQUE INDEX deals_by_crm_id ON deals(crm_id) WHERE crm_id IS NOT NULL;
    ALTER TABLE sessions ADD COLUMN made_by TEXT;
    ALTER TABLE sessions ADD COLUMN known REAL;
    ALTER TABLE sessions ADD COLUMN verified REAL;
    ALTER TABLE sessions ADD COLUMN assumed TEXT;  -- question ids, joined by commas
    ALTER TABLE sessions ADD COLUMN band_rank INTEGER;
    ALTER TABLE sessions ADD COLUMN top_band INTEGER;
    ALTER TABLE sessions ADD COLUMN limits TEXT;
    DROP INDEX sessions_recent;
    CREATE INDEX sessions_recent ON sessions(
        deal_key, id, score, created_at, band, band_label, band_short, next_step,
        next_step_title, assumed, known, verified, band_rank, top_band, limits
    );
    ALTER TABLE drafts ADD COLUMN made_by TEXT;
    CREATE TABLE deal_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deal_key TEXT NOT NULL REFERENCES deals(key),
        created_at TEXT NOT NULL,
        made_by TEXT,
        kind TEXT NOT NULL,
        changes TEXT NOT NULL,
        reason TEXT
    );
    CREATE INDEX deal_changes_by_deal ON deal_changes(deal_key, id);
    """,
}


# What a store of this version holds: each table with its columns. A file at our version
# whose tables differ is not ours, whatever its user_version says.
SHAPE: dict[str, set[str]] = {
    "deals": {
        "key", "name", "playbook_id", "playbook_source", "created_at",
        "owner", "stage", "amount", "close_date", "crm_id", "status",
    },
    "sessions": {
        "id", "deal_key", "created_at", "command", "playbook_id", "playbook_version",
        "playbook_hash", "answers", "score", "band", "gates", "next_step", "note",
        "objective", "result", "band_label", "band_short", "next_step_title", "made_by",
        "known", "verified", "assumed", "band_rank", "top_band", "limits",
    },
    "drafts": {"deal_key", "command", "playbook_id", "answers", "updated_at", "made_by"},
    "playbook_copies": {"digest", "playbook_id", "text"},
    "deal_changes": {"id", "deal_key", "created_at", "made_by", "kind", "changes", "reason"},
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


def migrate(db: sqlite3.Connection, user: str) -> None:
    """Bring the schema to SCHEMA_VERSION in one transaction (a store of version 0 must
    be empty: tables there are someone else's). ``user`` owns the deals from before
    owners were kept."""
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
            if target == 5:
                db.execute("UPDATE deals SET owner = ? WHERE owner IS NULL", (user,))
                _fill_figures(db)
            db.execute(f"PRAGMA user_version = {target}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


# Each deal with its last session (none for a deal never qualified), and the scores and
# assumptions of its recent sessions oldest first, read from the sessions_recent index
# alone (no answers or results decoded).
LAST_SESSIONS = """
SELECT d.key, d.name, d.playbook_id, d.playbook_source, d.created_at, d.owner, d.stage,
    d.amount, d.close_date, d.crm_id, d.status,
    s.id, s.created_at, s.score, s.band, s.band_label, s.band_short, s.next_step,
    s.next_step_title, s.known, s.verified, s.band_rank, s.top_band, s.limits
FROM deals AS d
LEFT JOIN sessions AS s INDEXED BY sessions_recent
    ON s.deal_key = d.key AND s.id = (SELECT max(id) FROM sessions WHERE deal_key = d.key)
ORDER BY d.key
"""
# {time}: s.created_at, or NULL where the times are not wanted.
TRENDS = """
SELECT s.deal_key, s.score, s.assumed, {time}
FROM deals AS d
JOIN sessions AS s INDEXED BY sessions_recent
    ON s.deal_key = d.key AND s.id >= coalesce(
        (SELECT id FROM sessions WHERE deal_key = d.key ORDER BY id DESC LIMIT 1 OFFSET ?), 0)
ORDER BY d.key, s.id
"""


# Some deals (closed ones, those with a CRM id), and the last session of each.
CLOSED = "d.status != 'open'"
WITH_CRM_ID = "d.crm_id IS NOT NULL"
SOME_DEALS = "SELECT d.* FROM deals AS d WHERE {} ORDER BY d.key"
THEIR_LAST = """
SELECT s.* FROM sessions AS s JOIN deals AS d ON d.key = s.deal_key
WHERE {} AND s.id = (SELECT max(id) FROM sessions WHERE deal_key = d.key)
"""
INSERT_DEAL = """
INSERT INTO deals (key, name, playbook_id, playbook_source, created_at, owner, stage, amount,
    close_date, crm_id, status)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
UPDATE_DEAL = """
UPDATE deals SET owner = ?, stage = ?, amount = ?, close_date = ?, crm_id = ?, status = ?
WHERE key = ?
"""
INSERT_CHANGE = """
INSERT INTO deal_changes (deal_key, created_at, made_by, kind, changes, reason)
VALUES (?, ?, ?, ?, ?, ?)
"""


def _fill_titles(db: sqlite3.Connection) -> None:
    """Copy the next step's title of sessions stored before schema version 3 out of their
    result (their band had no short label: the label stands for it)."""
    rows = db.execute("SELECT id, result FROM sessions WHERE next_step_title IS NULL")
    db.executemany(
        "UPDATE sessions SET next_step_title = ? WHERE id = ?",
        [(title_of(json.loads(result)), session_id) for session_id, result in rows],
    )


def _fill_figures(db: sqlite3.Connection) -> None:
    """Copy known, verified and the assumed questions of sessions stored before schema
    version 5 out of their result and answers."""
    rows = db.execute("SELECT id, result, answers FROM sessions WHERE assumed IS NULL")
    db.executemany(
        "UPDATE sessions SET known = ?, verified = ?, assumed = ? WHERE id = ?",
        [
            (*figures_of(json.loads(result)), assumed_text(assumed_of(json.loads(answers))), sid)
            for sid, result, answers in rows
        ],
    )


def _fill_band_labels(db: sqlite3.Connection) -> None:
    """Copy the band label of sessions stored before schema version 2 out of their result."""
    rows = db.execute("SELECT id, result FROM sessions WHERE band_label IS NULL")
    db.executemany(
        "UPDATE sessions SET band_label = ? WHERE id = ?",
        [(label_of(json.loads(result)), session_id) for session_id, result in rows],
    )
