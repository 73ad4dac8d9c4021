"""The PostgreSQL store's schema: its versions, their migrations, the team's roles and
the row-level security that lets a rep change only their own deals.

Everything lives in the schema ``dealcoach`` of the database. ``db init`` runs
:func:`set_up` as the database's administrator, in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dealcoach.core.rights import MANAGER_ROLE, REP_ROLE

if TYPE_CHECKING:
    import psycopg

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE SCHEMA IF NOT EXISTS dealcoach;
    CREATE TABLE dealcoach.meta (version integer NOT NULL);
    INSERT INTO dealcoach.meta (version) VALUES (0);
    CREATE TABLE dealcoach.deals (
        key text PRIMARY KEY,
        name text NOT NULL,
        playbook_id text NOT NULL,
        playbook_source text,
        created_at timestamptz NOT NULL,
        owner text NOT NULL DEFAULT current_user,
        stage text,
        amount numeric,
        close_date date,
        crm_id text UNIQUE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost'))
    );
    CREATE TABLE dealcoach.sessions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        deal_key text NOT NULL REFERENCES dealcoach.deals (key),
        created_at timestamptz NOT NULL,
        made_by text NOT NULL DEFAULT current_user,
        command text NOT NULL,
        playbook_id text NOT NULL,
        playbook_version text NOT NULL,
        playbook_hash text NOT NULL,
        answers json NOT NULL,
        score double precision NOT NULL,
        band text NOT NULL,
        band_label text,
        band_short text,
        gates json NOT NULL,
        next_step text NOT NULL,
        next_step_title text,
        note text,
        objective text,
        result json NOT NULL,
        known double precision,
        verified double precision,
        assumed text,  -- the assumed questions' ids, joined by commas
        band_rank integer,
        top_band boolean,
        limits json
    );
    CREATE INDEX sessions_recent ON dealcoach.sessions (deal_key, id DESC)
        INCLUDE (score, created_at, band, band_label, band_short, next_step, next_step_title,
            assumed);
    CREATE TABLE dealcoach.deal_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        deal_key text NOT NULL REFERENCES dealcoach.deals (key),
        created_at timestamptz NOT NULL,
        made_by text NOT NULL DEFAULT current_user,
        kind text NOT NULL,
        changes json NOT NULL,
        reason text
    );
    CREATE INDEX deal_changes_by_deal ON dealcoach.deal_changes (deal_key, id);
    CREATE TABLE dealcoach.drafts (
        deal_key text NOT NULL,
        made_by text NOT NULL DEFAULT current_user,
        command text NOT NULL,
        playbook_id text NOT NULL,
        answers json NOT NULL,
        updated_at text NOT NULL,
        PRIMARY KEY (deal_key, made_by)
    );
    CREATE TABLE dealcoach.playbook_copies (
        digest text PRIMARY KEY,
        playbook_id text NOT NULL,
        text text NOT NULL,
        -- A copy is the text a session was scored with: nobody can file another under
        -- its digest.
        CHECK (digest = left(encode(sha256(convert_to(text, 'UTF8')), 'hex'), 16))
    );

    -- Who may change a deal: its owner, or a member of dealcoach_manager. A deal not
    -- created yet may be drafted by anyone (anyone may create a deal), and a deal row
    -- this very transaction wrote (created, or handed on by its owner, as the deals'
    -- own policies allowed) may have its session and change recorded with it.
    CREATE FUNCTION dealcoach.may_change(owner text) RETURNS boolean
        LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
        AS $$ SELECT owner = current_user
                  OR pg_has_role(current_user, 'dealcoach_manager', 'MEMBER') $$;
    CREATE FUNCTION dealcoach.may_change_deal(deal text) RETURNS boolean
        LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
        AS $$ SELECT coalesce(
                  (SELECT dealcoach.may_change(d.owner)
                          OR d.xmin::text = (txid_current() % 4294967296)::text
                   FROM dealcoach.deals AS d WHERE d.key = deal), true) $$;

    ALTER TABLE dealcoach.deals ENABLE ROW LEVEL SECURITY;
    ALTER TABLE dealcoach.deals FORCE ROW LEVEL SECURITY;
    CREATE POLICY deals_read ON dealcoach.deals FOR SELECT USING (true);
    CREATE POLICY deals_create ON dealcoach.deals FOR INSERT WITH CHECK (true);
    CREATE POLICY deals_change ON dealcoach.deals FOR UPDATE
        USING (dealcoach.may_change(owner)) WITH CHECK (true);

    ALTER TABLE dealcoach.sessions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE dealcoach.sessions FORCE ROW LEVEL SECURITY;
    CREATE POLICY sessions_read ON dealcoach.sessions FOR SELECT USING (true);
    CREATE POLICY sessions_record ON dealcoach.sessions FOR INSERT
        WITH CHECK (made_by = current_user AND dealcoach.may_change_deal(deal_key));

    ALTER TABLE dealcoach.deal_changes ENABLE ROW LEVEL SECURITY;
    ALTER TABLE dealcoach.deal_changes FORCE ROW LEVEL SECURITY;
    CREATE POLICY changes_read ON dealcoach.deal_changes FOR SELECT USING (true);
    CREATE POLICY changes_record ON dealcoach.deal_changes FOR INSERT
        WITH CHECK (made_by = current_user AND dealcoach.may_change_deal(deal_key));

    ALTER TABLE dealcoach.drafts ENABLE ROW LEVEL SECURITY;
    ALTER TABLE dealcoach.drafts FORCE ROW LEVEL SECURITY;
    CREATE POLICY drafts_own ON dealcoach.drafts FOR ALL
        USING (made_by = current_user)
        WITH CHECK (made_by = current_user AND dealcoach.may_change_deal(deal_key));

    ALTER TABLE dealcoach.playbook_copies ENABLE ROW LEVEL SECURITY;
    ALTER TABLE dealcoach.playbook_copies FORCE ROW LEVEL SECURITY;
    CREATE POLICY copies_read ON dealcoach.playbook_copies FOR SELECT USING (true);
    CREATE POLICY copies_keep ON dealcoach.playbook_copies FOR INSERT WITH CHECK (true);
    """,
}

# What each of the two roles may do, table by table (rows are then limited by the
# policies). A manager is a member of dealcoach_rep, and more through may_change().
GRANTS: dict[str, str] = {
    "dealcoach.meta": "SELECT",
    "dealcoach.deals": "SELECT, INSERT, UPDATE",
    "dealcoach.sessions": "SELECT, INSERT",
    "dealcoach.deal_changes": "SELECT, INSERT",
    "dealcoach.drafts": "SELECT, INSERT, UPDATE, DELETE",
    "dealcoach.playbook_copies": "SELECT, INSERT",
}


def version_of(db: psycopg.Connection[Any]) -> int | None:
    """The schema's version, or None where dealcoach was never set up."""
    row = db.execute("SELECT to_regclass('dealcoach.meta') IS NOT NULL AS here").fetchone()
    if not row or not _first(row):
        return None
    found = db.execute("SELECT coalesce(max(version), 0) AS version FROM dealcoach.meta")
    return int(_first(found.fetchone()))


def _first(row: Any) -> Any:
    """The first value of a row, whichever row factory made it (tuple or dict)."""
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def set_up(db: psycopg.Connection[Any]) -> list[str]:
    """Create or upgrade the schema, create the two roles where the server lacks them,
    and grant them their rights, in the caller's transaction. What was done, in words
    (nothing when all was in place)."""
    done: list[str] = []
    for role in (REP_ROLE, MANAGER_ROLE):
        exists = db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            # Roles belong to the server: another database's `db init` may create it
            # at the same moment, which is as good.
            db.execute(
                f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
            done.append(f"created the role {role}")
    version = version_of(db) or 0
    if version > SCHEMA_VERSION:
        raise NewerSchema(version)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        db.execute(MIGRATIONS[target])
        db.execute("UPDATE dealcoach.meta SET version = %s", (target,))
    if version < SCHEMA_VERSION:
        done.append(
            f"created the schema dealcoach (version {SCHEMA_VERSION})"
            if version == 0
            else f"upgraded the schema dealcoach from version {version} to {SCHEMA_VERSION}"
        )
    if _missing_grants(db):
        db.execute(f"GRANT USAGE ON SCHEMA dealcoach TO {REP_ROLE}")
        for table, rights in GRANTS.items():
            db.execute(f"GRANT {rights} ON {table} TO {REP_ROLE}")
        db.execute(f"GRANT {REP_ROLE} TO {MANAGER_ROLE}")
        done.append(f"granted {REP_ROLE} and {MANAGER_ROLE} their rights in this database")
    return done


def _missing_grants(db: psycopg.Connection[Any]) -> bool:
    checks = [
        (table, right.strip()) for table, rights in GRANTS.items() for right in rights.split(",")
    ]
    for table, right in checks:
        row = db.execute(
            "SELECT has_table_privilege(%s, %s, %s)", (REP_ROLE, table, right)
        ).fetchone()
        if not (row and row[0]):
            return True
    member = db.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (MANAGER_ROLE, REP_ROLE)).fetchone()
    schema = db.execute(
        "SELECT has_schema_privilege(%s, 'dealcoach', 'USAGE')", (REP_ROLE,)
    ).fetchone()
    return not (member and member[0] and schema and schema[0])


class NewerSchema(Exception):
    """The database holds a schema of a newer dealcoach."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version
