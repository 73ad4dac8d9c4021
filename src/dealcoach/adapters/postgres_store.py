"""The deal store on a shared PostgreSQL database (psycopg 3): the team's pipeline.

It stands behind :class:`dealcoach.core.store.DealStore` with the same records, errors
and guarantees as the SQLite store: one transaction per write, a write on a deal
serialised with every other on it (an advisory lock on its key, held to the commit),
nothing overwritten. The user is the login role; what it may change the database
decides (row-level security, see :mod:`postgres_schema`), and dealcoach checks first
so that a rep is told before being asked anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors
from psycopg.rows import dict_row
from psycopg.types.json import Json

from dealcoach.adapters import postgres_errors, store_rows
from dealcoach.adapters import postgres_schema as schema
from dealcoach.adapters.json_views import answers_json
from dealcoach.adapters.postgres_reports import IMPORT_LOCK, PostgresReports, batched_transaction
from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import (
    Deal,
    DealChange,
    Draft,
    NewSession,
    Session,
    now,
)
from dealcoach.core.rights import MANAGER_ROLE, refused

CONNECT_TIMEOUT_S = 10

# psycopg logs what it ignores while cleaning up after a failure (a dropped connection);
# the failure itself becomes one clear message, so its log lines stay out of the terminal.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False

# Who the user is, and the store's version: the first query of a connection (it fails
# with UndefinedTable where dealcoach was never set up).
_OPENING = """
SELECT current_user AS who, pg_has_role(current_user, %s, 'MEMBER') AS boss,
    (SELECT coalesce(max(version), 0) FROM dealcoach.meta) AS version
"""
_DEAL = "SELECT * FROM dealcoach.deals WHERE key = %s"
_LAST_SESSION = "SELECT * FROM dealcoach.sessions WHERE deal_key = %s ORDER BY id DESC LIMIT 1"


class DealWrite:
    """One write transaction on a deal: its deal and last session as they are now, read
    inside the transaction under the deal's lock, and what is written on them."""

    def __init__(self, store: PostgresStore, deal: Deal | None, last: Session | None) -> None:
        self._store = store
        self.deal = deal
        self.last = last
        self.recorded: Session | None = None  # once committed
        self.written_on: Deal | None = None  # the deal written (whose owner a refusal names)
        self._pending: Callable[[], Session] | None = None  # the session, once its id is in

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> None:
        assert self._pending is None, "one session per write"
        self.written_on = deal if self.deal is None else self.deal
        # Its copy is there when the last session was scored with the same playbook.
        copied = self.last is not None and self.last.playbook_hash == session.playbook_hash
        self._pending = self._store._insert(deal, session, ends_draft=ends_draft, copied=copied)

    def _committed(self) -> None:
        if self._pending is not None:
            self.recorded = self._pending()

    def change(self, deal: Deal, change: DealChange) -> None:
        self.written_on = self.deal or deal
        db = self._store._db
        db.execute(
            "UPDATE dealcoach.deals SET owner = %s, stage = %s, amount = %s, close_date = %s,"
            " crm_id = %s, status = %s WHERE key = %s",
            (deal.owner, deal.stage, deal.amount, deal.close_date, deal.crm_id, deal.status,
             deal.key),
        )  # fmt: skip
        db.execute(
            "INSERT INTO dealcoach.deal_changes (deal_key, created_at, made_by, kind, changes,"
            " reason) VALUES (%s, %s, %s, %s, %s::json, %s)",
            (deal.key, now(), self._store.user, change.kind, store_rows.changes_json(change),
             change.reason),
        )  # fmt: skip


class PostgresStore(PostgresReports):
    """Deals in the schema ``dealcoach`` of a PostgreSQL database. ``write=False`` makes
    every transaction read-only: a read command cannot change the store."""

    def __init__(self, url: str, *, write: bool = True) -> None:
        self.target = postgres_errors.target(url)
        self.where = self.target.shown
        options: dict[str, Any] = {"application_name": "dealcoach"}
        if "connect_timeout" not in url:
            options["connect_timeout"] = CONNECT_TIMEOUT_S
        try:
            self._db: psycopg.Connection[dict[str, Any]] = psycopg.connect(
                url, autocommit=True, row_factory=dict_row, **options
            )
        except psycopg.Error as exc:
            raise postgres_errors.on_connect(self.target, exc) from None
        try:
            try:
                row = self._db.execute(_OPENING, (MANAGER_ROLE,)).fetchone()
            except errors.UndefinedTable:  # no dealcoach.meta: never set up
                row = None
            self._check_schema(row["version"] if row else None)
            assert row is not None
            self.user: str = row["who"]
            self.manager: bool = bool(row["boss"])
            if not write:
                self._db.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        except DealcoachError:
            self._db.close()
            raise
        except psycopg.Error as exc:
            self._db.close()
            raise postgres_errors.on_query(self.target, exc) from None

    def _check_schema(self, version: int | None) -> None:
        if version is None or version == 0:
            raise self.target.fail(
                "dealcoach is not set up in this database; its administrator sets it up "
                'with `dealcoach db init` (see the README, "For teams")'
            )
        if version > schema.SCHEMA_VERSION:
            raise self.target.fail(
                f"was set up by a newer dealcoach (store version {version}, this one reads "
                f"up to {schema.SCHEMA_VERSION}); upgrade dealcoach"
            )
        if version < schema.SCHEMA_VERSION:
            raise self.target.fail(
                f"holds deals of an older dealcoach (store version {version}); its "
                "administrator upgrades it, in one transaction, with `dealcoach db init`"
            )

    def may_change(self, deal: Deal) -> bool:
        return self.manager or deal.owner == self.user

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        try:
            yield self._db
        except psycopg.Error as exc:
            raise postgres_errors.on_query(self.target, exc) from None

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def deal_write(self, key: str) -> Iterator[DealWrite]:
        """A write transaction on the deal ``key``, under a lock on its key that every
        write on the deal takes (a new deal's too), held until the commit.

        Two waits for the server: BEGIN with the lock and the reads under it, then what
        is written with the COMMIT. A write's error arrives with the COMMIT, so the block
        reads nothing after writing (a read would meet the error first)."""
        db = self._db
        write: DealWrite | None = None
        try:
            with batched_transaction(db):  # written nothing: an empty commit
                db.execute(
                    "SELECT pg_advisory_xact_lock_shared(%s),"
                    " pg_advisory_xact_lock(hashtextextended(%s, 0))",
                    (IMPORT_LOCK, f"dealcoach.deal:{key}"),
                )
                deal = db.execute(_DEAL, (key,))
                last = db.execute(_LAST_SESSION, (key,))
                write = DealWrite(
                    self,
                    store_rows.deal_of(row) if (row := deal.fetchone()) else None,
                    store_rows.session_of(row) if (row := last.fetchone()) else None,
                )
                yield write
            write._committed()
        except errors.InsufficientPrivilege as exc:
            target = write.written_on if write is not None else None
            if target is not None and "row-level security" in str(exc):
                raise refused(target, self.user) from None
            raise postgres_errors.on_query(self.target, exc) from None
        except psycopg.Error as exc:
            raise postgres_errors.on_query(self.target, exc) from None

    def deal(self, key: str) -> Deal | None:
        with self._reading() as db:
            row = db.execute(_DEAL, (key,)).fetchone()
            return store_rows.deal_of(row) if row else None

    def deals(self) -> list[Deal]:
        with self._reading() as db:
            rows = db.execute('SELECT * FROM dealcoach.deals ORDER BY key COLLATE "C"')
            return [store_rows.deal_of(r) for r in rows]

    def sessions(self, key: str) -> list[Session]:
        with self._reading() as db:
            rows = db.execute(
                "SELECT * FROM dealcoach.sessions WHERE deal_key = %s ORDER BY id", (key,)
            )
            return [store_rows.session_of(r) for r in rows]

    def last_session(self, key: str) -> Session | None:
        with self._reading() as db:
            row = db.execute(_LAST_SESSION, (key,)).fetchone()
            return store_rows.session_of(row) if row else None

    def deal_overview(self, key: str) -> tuple[Deal | None, Session | None, int]:
        with self._reading() as db:
            with batched_transaction(db):  # one snapshot; the results come in at the end
                deal = db.execute(_DEAL, (key,))
                last = db.execute(_LAST_SESSION, (key,))
                count = db.execute(
                    "SELECT count(*) AS n FROM dealcoach.sessions WHERE deal_key = %s", (key,)
                )
            row = deal.fetchone()
            if row is None:
                return None, None, 0
            found = last.fetchone()
            counted = count.fetchone()
            return (
                store_rows.deal_of(row),
                store_rows.session_of(found) if found else None,
                int(counted["n"]) if counted else 0,
            )

    def changes(self, key: str) -> list[DealChange]:
        with self._reading() as db:
            rows = db.execute(
                "SELECT * FROM dealcoach.deal_changes WHERE deal_key = %s ORDER BY id", (key,)
            )
            return [store_rows.change_of(r) for r in rows]

    def playbook_copy(self, digest: str) -> str | None:
        with self._reading() as db:
            row = db.execute(
                "SELECT text FROM dealcoach.playbook_copies WHERE digest = %s", (digest,)
            ).fetchone()
            return str(row["text"]) if row else None

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> Session:
        with self.deal_write(deal.key) as write:
            write.record(deal, session, ends_draft=ends_draft)
        assert write.recorded is not None
        return write.recorded

    def _insert(
        self, deal: Deal, session: NewSession, *, ends_draft: bool, copied: bool
    ) -> Callable[[], Session]:
        """Send the statements of a new session (their results are read with the
        COMMIT's); the session as stored, once they ran. ``copied``: the playbook's copy
        is stored already (its 80 KB are not sent again)."""
        created = now()
        inserted = self._inserted(deal, session, created, ends_draft=ends_draft, copied=copied)

        def recorded() -> Session:
            row = inserted.fetchone()
            assert row is not None
            return store_rows.recorded(session, row["id"], deal.key, created, self.user)

        return recorded

    def _inserted(
        self, deal: Deal, session: NewSession, created: str, *, ends_draft: bool, copied: bool
    ) -> psycopg.Cursor[dict[str, Any]]:
        """The statements of a new session; the cursor of its id."""
        db = self._db
        db.execute(
            """
            INSERT INTO dealcoach.deals (key, name, playbook_id, playbook_source, created_at,
                owner)
            VALUES (%s, %s, %s, %s, %s, %s)
            ON CONFLICT (key) DO UPDATE SET playbook_id = excluded.playbook_id,
                playbook_source = excluded.playbook_source
            """,
            (deal.key, deal.name, deal.playbook_id, deal.playbook_source, deal.created_at,
             deal.owner or self.user),
        )  # fmt: skip
        inserted = db.execute(
            """
            INSERT INTO dealcoach.sessions (deal_key, created_at, made_by, command,
                playbook_id, playbook_version, playbook_hash, answers, score, band,
                band_label, band_short, gates, next_step, next_step_title, note, objective,
                result, known, verified, assumed, band_rank, top_band, limits)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                %s, %s, %s, %s, %s, %s::json)
            RETURNING id
            """,
            (
                deal.key, created, self.user, session.command, session.playbook_id,
                session.playbook_version, session.playbook_hash,
                Json(answers_json(session.answers)), session.score, session.band,
                session.band_label, session.band_short, Json(session.gates),
                session.next_step, session.next_step_title, session.note, session.objective,
                Json(session.result), *store_rows.session_values(session),
            ),
        )  # fmt: skip
        if session.playbook_text and not copied:
            db.execute(
                "INSERT INTO dealcoach.playbook_copies (digest, playbook_id, text)"
                " VALUES (%s, %s, %s) ON CONFLICT (digest) DO NOTHING",
                (session.playbook_hash, session.playbook_id, session.playbook_text),
            )
        if ends_draft:
            db.execute(
                "DELETE FROM dealcoach.drafts WHERE deal_key = %s AND made_by = %s",
                (deal.key, self.user),
            )
        return inserted

    def save_draft(self, draft: Draft) -> None:
        payload = {"answers": answers_json(draft.answers), "asked": draft.asked}
        with self._reading() as db, db.transaction():
            db.execute(
                """
                INSERT INTO dealcoach.drafts (deal_key, made_by, command, playbook_id, answers,
                    updated_at)
                VALUES (%s, %s, %s, %s, %s, %s)
                ON CONFLICT (deal_key, made_by) DO UPDATE SET command = excluded.command,
                    playbook_id = excluded.playbook_id, answers = excluded.answers,
                    updated_at = excluded.updated_at
                """,
                (draft.deal_key, self.user, draft.command, draft.playbook_id, Json(payload),
                 draft.updated_at),
            )  # fmt: skip

    def draft(self, key: str) -> Draft | None:
        with self._reading() as db:
            row = db.execute(
                "SELECT * FROM dealcoach.drafts WHERE deal_key = %s AND made_by = %s",
                (key, self.user),
            ).fetchone()
            if row is None:
                return None
            return store_rows.draft_of(row)

    def discard_draft(self, key: str) -> None:
        with self._reading() as db, db.transaction():
            db.execute(
                "DELETE FROM dealcoach.drafts WHERE deal_key = %s AND made_by = %s",
                (key, self.user),
            )


def set_up(url: str) -> tuple[str, list[str]]:
    """``db init``: set the database up for a team, in one transaction. The database
    as messages name it, and what was done (nothing when all was in place)."""
    target = postgres_errors.target(url)
    try:
        db = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, application_name="dealcoach")
    except psycopg.Error as exc:
        raise postgres_errors.on_connect(target, exc) from None
    try:
        with db.transaction():
            done = schema.set_up(db)
    except schema.NewerSchema as newer:
        raise target.fail(
            f"was set up by a newer dealcoach (store version {newer.version}, this one "
            f"knows up to {schema.SCHEMA_VERSION}); upgrade dealcoach"
        ) from None
    except errors.InsufficientPrivilege as exc:
        raise target.fail(
            f"`db init` needs the database's administrator: a role that may create schemas "
            f"and roles (the database's owner with CREATEROLE, or a superuser) ({exc})"
        ) from None
    except psycopg.Error as exc:
        raise postgres_errors.on_query(target, exc) from None
    finally:
        db.close()
    return target.shown, done
