"""Opening the SQLite file of a deal store: for writing (created and upgraded as
needed) or for reading (read-only, creating nothing), with a clear error for a file
that cannot hold deals."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from dealcoach.adapters import sqlite_schema as schema
from dealcoach.adapters import store_errors
from dealcoach.core.errors import DealcoachError

SCHEMA_VERSION = schema.SCHEMA_VERSION
BUSY_TIMEOUT_MS = 30_000


class _OlderStore(DealcoachError):
    """A store of an older schema, opened where it cannot be upgraded."""


def _fail(path: Path, what: str) -> DealcoachError:
    return DealcoachError(f"{path}: {what}")


def _check_file(path: Path) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(
            path, "is not a regular file, so it cannot hold deals; set DEALCOACH_HOME to a folder"
        )


def open_writing(path: Path, user: str) -> sqlite3.Connection:
    """A connection that writes the store, creating it (and its folder) when new and
    upgrading it when older (``user`` owns the deals from before owners were kept)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(
            path,
            f"cannot create the folder for deals ({exc.strerror}); "
            "set DEALCOACH_HOME to a folder you can write",
        ) from None
    _check_file(path)
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise store_errors.cannot_write(path, exc) from None
    db.row_factory = sqlite3.Row
    try:
        _prepare(path, db, migrate=True, user=user)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
    except DealcoachError:
        db.close()
        raise
    except sqlite3.DatabaseError as exc:
        db.close()
        raise store_errors.on_open(path, exc) from None
    return db


def open_reading(path: Path, user: str) -> sqlite3.Connection | None:
    """A read-only connection, or None when nothing is stored yet (reading creates
    nothing). An older store is upgraded first when the file can be written."""
    _check_file(path)
    if not path.exists():
        return None  # nothing stored yet: reading creates nothing
    uri = f"file:{quote(str(path))}?mode=ro"
    last: sqlite3.Error | None = None
    # A read-only medium (or an immutable file) has no room for WAL's shared memory:
    # then read it as immutable, which no other writer can be changing.
    for suffix in ("", "&immutable=1"):
        try:
            db = sqlite3.connect(uri + suffix, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            db.row_factory = sqlite3.Row
            _prepare(path, db, migrate=False, user=user)
            return db
        except _OlderStore:
            db.close()
            if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
                return open_writing(path, user)  # upgrade it (in one transaction), then read
            raise
        except DealcoachError:
            db.close()
            raise
        except sqlite3.DatabaseError as exc:
            db.close()
            last = exc
        except sqlite3.Error as exc:
            last = exc
    assert last is not None
    raise store_errors.on_open(path, last) from None


def _prepare(path: Path, db: sqlite3.Connection, *, migrate: bool, user: str) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise _fail(
            path,
            f"was written by a newer dealcoach (store version {version}, "
            f"this one reads up to {SCHEMA_VERSION}); upgrade dealcoach",
        )
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if version < SCHEMA_VERSION:
        if not migrate:
            raise _OlderStore(
                f"{path}: holds deals of an older dealcoach (store version "
                f"{version}) and is read-only here, so it cannot be upgraded; run "
                "dealcoach once where it can write this file"
            )
        schema.migrate(db, user)
    shape = schema.shape_of(db)
    if any(not columns <= shape.get(table, set()) for table, columns in schema.SHAPE.items()):
        raise _fail(
            path,
            "is not a dealcoach database: its tables are not dealcoach's; move it away, "
            "or set DEALCOACH_HOME to another folder",
        )
