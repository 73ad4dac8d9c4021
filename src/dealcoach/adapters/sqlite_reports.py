"""The SQLite store's reads of many deals at once (the review's history, the closed
deals, those with a CRM id) and its bulk write (an import), each in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from dealcoach.adapters import sqlite_schema as schema
from dealcoach.adapters import store_errors, store_history, store_rows
from dealcoach.core.records import Deal, DealChange, History, Session, now

if TYPE_CHECKING:
    from pathlib import Path


class SqliteReports:
    """Mixed into :class:`~dealcoach.adapters.sqlite_store.SqliteStore`."""

    user: str
    where: str
    path: Path

    def _reading(self) -> AbstractContextManager[sqlite3.Connection | None]:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def closed(self) -> list[tuple[Deal, Session | None]]:
        """Every closed deal with its last session (the one before it was closed)."""
        return self._with_last(schema.CLOSED)

    def with_crm_ids(self) -> list[tuple[Deal, Session | None]]:
        """Every deal that has a CRM id, with its last session (None: never qualified)."""
        return self._with_last(schema.WITH_CRM_ID)

    def _with_last(self, where: str) -> list[tuple[Deal, Session | None]]:
        with self._reading() as db:
            if db is None:
                return []
            deals = db.execute(schema.SOME_DEALS.format(where)).fetchall()
            rows = db.execute(schema.THEIR_LAST.format(where))
            last = {r["deal_key"]: store_rows.session_of(r) for r in rows}
            return [(d, last.get(d.key)) for d in map(store_rows.deal_of, deals)]

    def history(self, since: str, *, timeline: bool = False) -> History:
        """Where each deal stood before ``since``, the outcomes since, every session."""
        with self._reading() as db:
            if db is None:
                return History({}, [], {})
            plain = db.cursor()
            plain.row_factory = None
            plain.execute("BEGIN")
            try:
                return store_history.history(
                    lambda q, p: plain.execute(q, p).fetchall(),
                    lambda q, p: db.execute(q, p).fetchall(),
                    store_history.SQLITE,
                    since,
                    timeline=timeline,
                )
            finally:
                plain.execute("COMMIT")

    @contextmanager
    def import_write(self) -> Iterator[SqliteImport]:
        """One write transaction (SQLite's write lock serialises it with every other):
        the deals read inside it, then the import's writes."""
        try:
            with self._write() as db:
                rows = db.execute("SELECT * FROM deals ORDER BY key")
                yield SqliteImport(db, self.user, [store_rows.deal_of(r) for r in rows])
        except sqlite3.IntegrityError as exc:
            raise store_errors.conflict(self.where, exc) from None


class SqliteImport:
    def __init__(self, db: sqlite3.Connection, user: str, deals: list[Deal]) -> None:
        self._db, self._user, self.deals = db, user, deals

    def apply(
        self, created: list[tuple[Deal, DealChange]], updated: list[tuple[Deal, DealChange]]
    ) -> None:
        moment = now()
        changes = [
            (d.key, moment, self._user, c.kind, store_rows.changes_json(c), c.reason)
            for d, c in (*created, *updated)
        ]
        db = self._db
        db.executemany(schema.INSERT_DEAL, [store_rows.deal_row(d) for d, _ in created])
        db.executemany(schema.UPDATE_DEAL, [store_rows.deal_update(d) for d, _ in updated])
        db.executemany(schema.INSERT_CHANGE, changes)
