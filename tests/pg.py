"""PostgreSQL for the tests: a database of their own on the server that
``DEALCOACH_TEST_DATABASE_URL`` names (default: the local server), set up with
``db init`` and dropped after the run. Each test starts from empty tables.

Where no server answers, these tests skip with the reason; with
``DEALCOACH_REQUIRE_POSTGRES=1`` (as CI sets it) they fail instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass

import pytest

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TABLES = "dealcoach.sessions, dealcoach.deal_changes, dealcoach.drafts, " \
    "dealcoach.playbook_copies, dealcoach.deals"  # fmt: skip


def server_url() -> str:
    return os.environ.get("DEALCOACH_TEST_DATABASE_URL") or DEFAULT_URL


def with_database(url: str, dbname: str, user: str | None = None) -> str:
    """``url`` with another database (and login role)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    parts = conninfo_to_dict(url)
    parts["dbname"] = dbname
    if user is not None:
        parts["user"] = user
        parts.pop("password", None)
    return make_conninfo(**parts)  # type: ignore[arg-type]


def as_url(conninfo: str) -> str:
    """A key=value conninfo as a postgresql:// URL (what users set)."""
    from urllib.parse import quote

    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(conninfo)
    who = quote(str(parts.get("user", "")))
    password = f":{quote(str(parts['password']))}" if parts.get("password") else ""
    host = parts.get("host", "127.0.0.1")
    return f"postgresql://{who}{password}@{host}:{parts.get('port', 5432)}/{parts['dbname']}"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The server's admin URL, or a skip (a failure in CI) when it cannot be reached."""
    import psycopg

    url = server_url()
    try:
        with closing(psycopg.connect(url, connect_timeout=5, autocommit=True)) as db:
            db.execute("SELECT 1")
    except psycopg.Error as exc:
        reason = f"no PostgreSQL server at DEALCOACH_TEST_DATABASE_URL ({exc})".splitlines()[0]
        if os.environ.get("DEALCOACH_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def pg_database(pg_server: str) -> Iterator[str]:
    """A database of this test process, set up with ``db init``; dropped after."""
    import psycopg

    from dealcoach.adapters.postgres_store import set_up

    name = f"dealcoach_test_{os.getpid()}_{secrets.token_hex(3)}"
    with closing(psycopg.connect(pg_server, autocommit=True)) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    url = as_url(with_database(pg_server, name))
    try:
        set_up(url)
        yield url
    finally:
        with closing(psycopg.connect(pg_server, autocommit=True)) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The test database, its tables emptied: a store with no deals."""
    import psycopg

    with closing(psycopg.connect(pg_database, autocommit=True)) as db:
        db.execute(f"TRUNCATE {TABLES} RESTART IDENTITY")
    return pg_database


@dataclass(frozen=True)
class Person:
    login: str  # the login role
    url: str  # DEALCOACH_DATABASE_URL for them


@pytest.fixture
def pg_people(pg_server: str, pg_url: str) -> Iterator[Callable[[str, str], Person]]:
    """Make login roles for people: ``person("alice", "dealcoach_rep")``. Roles belong
    to the whole server: each gets a name of this run, dropped after."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    made: list[str] = []
    dbname = str(conninfo_to_dict(pg_url)["dbname"])

    def person(name: str, role: str) -> Person:
        login = f"dc_{name}_{secrets.token_hex(3)}"
        with closing(psycopg.connect(pg_server, autocommit=True)) as db:
            db.execute(f'CREATE ROLE "{login}" LOGIN IN ROLE {role}')
        made.append(login)
        return Person(login, as_url(with_database(pg_url, dbname, login)))

    yield person
    with closing(psycopg.connect(pg_server, autocommit=True)) as db:
        for login in made:
            db.execute(f'DROP ROLE IF EXISTS "{login}"')
