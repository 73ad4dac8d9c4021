"""PostgreSQL for the benchmark: a database of its own, set up as ``db init`` does,
filled from a generated SQLite store, and dropped after.

The server is ``DEALCOACH_BENCH_DATABASE_URL`` (an admin URL; default: the local
server as ``postgres``).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TABLES = (
    "dealcoach.sessions, dealcoach.deal_changes, dealcoach.drafts, "
    "dealcoach.playbook_copies, dealcoach.deals"
)


def server_url() -> str:
    return os.environ.get("DEALCOACH_BENCH_DATABASE_URL") or DEFAULT_URL


def reachable(url: str) -> str | None:
    """None when the server answers, else why not."""
    import psycopg

    try:
        with closing(psycopg.connect(url, connect_timeout=5, autocommit=True)) as db:
            db.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"no PostgreSQL server ({str(exc).splitlines()[0]})"
    return None


def create_database(admin: str) -> str:
    """A new database set up for dealcoach; its URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    from dealcoach.adapters.postgres_store import set_up

    name = f"dealcoach_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with closing(psycopg.connect(admin, autocommit=True)) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    parts = conninfo_to_dict(admin)
    who = parts.get("user", "postgres")
    url = f"postgresql://{who}@{parts.get('host', '127.0.0.1')}:{parts.get('port', 5432)}/{name}"
    set_up(url)
    return url


def drop_database(admin: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with closing(psycopg.connect(admin, autocommit=True)) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty(url: str) -> None:
    """Every table of the store emptied: no deals."""
    import psycopg

    with closing(psycopg.connect(url, autocommit=True)) as db:
        db.execute(f"TRUNCATE {TABLES} RESTART IDENTITY")


def copy_store(sqlite_path: Path, url: str) -> None:
    """The deals and sessions of a SQLite store copied into the (empty) PostgreSQL store,
    the columns they share, in one transaction; then vacuumed and analysed."""
    import psycopg

    empty(url)
    source = sqlite3.connect(sqlite_path)
    try:
        with closing(psycopg.connect(url)) as db, db.transaction():
            for table in ("deals", "sessions"):
                theirs = {
                    row[0]
                    for row in db.execute(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = 'dealcoach' AND table_name = %s",
                        (table,),
                    )
                }
                ours = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
                # ids, and who made a session (the SQLite store leaves it out): PostgreSQL's
                shared = [c for c in ours if c in theirs and c not in ("id", "made_by")]
                columns = ", ".join(shared)
                rows = source.execute(f"SELECT {columns} FROM {table} ORDER BY rowid")
                with db.cursor().copy(f"COPY dealcoach.{table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
    finally:
        source.close()
    # As autovacuum leaves a store that has been in use: statistics, and the visibility
    # map that lets the pipeline's queries read their covering indexes alone.
    with closing(psycopg.connect(url, autocommit=True)) as db:
        db.execute("VACUUM ANALYZE dealcoach.deals, dealcoach.sessions")
