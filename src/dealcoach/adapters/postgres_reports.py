"""The PostgreSQL store's reads of many deals at once (the pipeline, the review's
history, the closed deals, those with a CRM id) and its bulk write (an import), each in
one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from dealcoach.adapters import postgres_errors, store_history, store_rows
from dealcoach.adapters.postgres_errors import Target
from dealcoach.core._gc import gc_paused
from dealcoach.core.records import Deal, DealChange, DealLine, History, Session, now

IMPORT_LOCK = 0x6465616C  # the advisory lock an import holds and every deal write shares

# A session's warning numbers come as text: deals share a few, and the text of each is
# decoded once (store_rows.limits_of), not 10,000 times by the driver.
# The times of the many-row queries come as the records keep them (store_rows.moment:
# UTC, to the second, ISO form), formatted by the server: converting 80,000 timestamps
# to datetimes and back in Python took a quarter of a second on 10,000 deals.
_ISO_UTC = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""
_LAST_SESSIONS = f"""
SELECT d.key, d.name, d.playbook_id, d.playbook_source, {_ISO_UTC.format("d.created_at")},
    d.owner, d.stage, d.amount, d.close_date, d.crm_id, d.status,
    s.id, {_ISO_UTC.format("s.created_at")}, s.score, s.band, s.band_label, s.band_short,
    s.next_step, s.next_step_title, s.known, s.verified, s.band_rank, s.top_band,
    s.limits::text
FROM dealcoach.deals AS d
LEFT JOIN LATERAL (
    SELECT * FROM dealcoach.sessions WHERE deal_key = d.key ORDER BY id DESC LIMIT 1
) AS s ON true
ORDER BY d.key COLLATE "C"
"""
# {time}: the time of each, or NULL where the times are not wanted (formatting 60,000
# of them is a fifth of the query).
_TIME = _ISO_UTC.format("t.created_at")
_TRENDS = """
SELECT d.key, t.score, t.assumed, {time}
FROM dealcoach.deals AS d
CROSS JOIN LATERAL (
    SELECT id, score, assumed, created_at FROM dealcoach.sessions WHERE deal_key = d.key
    ORDER BY id DESC LIMIT %s
) AS t
ORDER BY d.key COLLATE "C", t.id
"""


@contextmanager
def batched_transaction(db: psycopg.Connection[Any], begin: str = "BEGIN") -> Iterator[None]:
    """One transaction whose statements, BEGIN and COMMIT included, are sent at once
    (libpq's pipeline mode): one wait for the server, or one more for each result
    fetched inside the block, where psycopg's own transaction blocks wait at BEGIN and
    at COMMIT too. The statements run in order, each as if sent alone (one by one where
    the client library lacks pipeline mode); their results are read as the block ends.
    Whatever fails (a statement, the caller, the connection), the transaction is rolled
    back and the error goes on."""
    try:
        with db.pipeline() if psycopg.Pipeline.is_supported() else nullcontext():
            db.execute(begin)
            yield
            db.execute("COMMIT")
    except BaseException:
        with suppress(psycopg.Error):  # a broken connection rolls back on its own
            db.rollback()  # out of a failed pipeline and its transaction (and prepared
            # statements the server skipped are forgotten)
        raise


class PostgresReports:
    """Mixed into :class:`~dealcoach.adapters.postgres_store.PostgresStore`."""

    user: str
    target: Target
    _db: psycopg.Connection[dict[str, Any]]

    def _reading(self) -> AbstractContextManager[psycopg.Connection[dict[str, Any]]]:
        raise NotImplementedError

    def pipeline(self, per_deal: int, *, times: bool = True) -> list[DealLine]:
        """Every deal with its last session and the scores of its last ``per_deal``
        sessions: two queries in one snapshot, sent at once; no per-deal round trips."""
        with self._reading() as db, gc_paused():
            with batched_transaction(db, "BEGIN ISOLATION LEVEL REPEATABLE READ"):
                # binary: numbers come as they are kept, not as text to parse
                trends = db.cursor(row_factory=tuple_row, binary=True).execute(
                    _TRENDS.format(time=_TIME if times else "NULL"), (max(per_deal, 1),)
                )
                last = db.cursor(row_factory=tuple_row, binary=True).execute(_LAST_SESSIONS)
            # fetchall: psycopg builds the rows at once, much faster than row by row
            recent = store_rows.recent_of(trends.fetchall())
            return [store_rows.deal_line(row, recent) for row in last.fetchall()]

    def closed(self) -> list[tuple[Deal, Session | None]]:
        """Every closed deal with its last session (the one before it was closed)."""
        return self._with_last("d.status <> 'open'")

    def with_crm_ids(self) -> list[tuple[Deal, Session | None]]:
        return self._with_last("d.crm_id IS NOT NULL")

    def _with_last(self, where: str) -> list[tuple[Deal, Session | None]]:
        with self._reading() as db, db.transaction():
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            deals = db.execute(
                f'SELECT d.* FROM dealcoach.deals AS d WHERE {where} ORDER BY d.key COLLATE "C"'
            ).fetchall()
            rows = db.execute(
                "SELECT DISTINCT ON (s.deal_key) s.* FROM dealcoach.sessions AS s"
                f" JOIN dealcoach.deals AS d ON d.key = s.deal_key WHERE {where}"
                " ORDER BY s.deal_key, s.id DESC"
            ).fetchall()
            last = {r["deal_key"]: store_rows.session_of(r) for r in rows}
            return [(d, last.get(d.key)) for d in map(store_rows.deal_of, deals)]

    @contextmanager
    def import_write(self) -> Iterator[PostgresImport]:
        """One write transaction, holding the import lock that every write on a deal
        shares (so none runs meanwhile): the deals read inside it, then the writes."""
        try:
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (IMPORT_LOCK,))
                rows = self._db.execute('SELECT * FROM dealcoach.deals ORDER BY key COLLATE "C"')
                yield PostgresImport(self._db, self.user, [store_rows.deal_of(r) for r in rows])
        except psycopg.Error as exc:
            raise postgres_errors.on_query(self.target, exc) from None

    def history(self, since: str, *, timeline: bool = False) -> History:
        """Where each deal stood before ``since``, the outcomes since, and every deal's
        sessions: three queries in one snapshot."""
        with self._reading() as db, db.transaction():
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            plain = db.cursor(row_factory=tuple_row)
            return store_history.history(
                lambda q, p: plain.execute(q, p).fetchall(),
                lambda q, p: db.execute(q, p).fetchall(),
                store_history.POSTGRES,
                since,
                timeline=timeline,
            )


class PostgresImport:
    def __init__(
        self, db: psycopg.Connection[dict[str, Any]], user: str, deals: list[Deal]
    ) -> None:
        self._db, self._user, self.deals = db, user, deals

    def apply(
        self, created: list[tuple[Deal, DealChange]], updated: list[tuple[Deal, DealChange]]
    ) -> None:
        moment = now()
        columns = ", ".join(store_rows.DEAL_COLUMNS)
        with self._db.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO dealcoach.deals ({columns}) VALUES "
                f"({', '.join(['%s'] * len(store_rows.DEAL_COLUMNS))})",
                [store_rows.deal_row(d) for d, _ in created],
            )
            cursor.executemany(
                "UPDATE dealcoach.deals SET owner = %s, stage = %s, amount = %s,"
                " close_date = %s, crm_id = %s, status = %s WHERE key = %s",
                [store_rows.deal_update(d) for d, _ in updated],
            )
            cursor.executemany(
                "INSERT INTO dealcoach.deal_changes (deal_key, created_at, made_by, kind,"
                " changes, reason) VALUES (%s, %s, %s, %s, %s::json, %s)",
                [
                    (d.key, moment, self._user, c.kind, store_rows.changes_json(c), c.reason)
                    for d, c in (*created, *updated)
                ],
            )
