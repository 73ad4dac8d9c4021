"""Who may change what, on PostgreSQL with real login roles: two reps and a manager.
The database itself enforces it, so a rep's own SQL is refused as dealcoach is."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from dealcoach.adapters.postgres_store import PostgresStore
from dealcoach.core.errors import DealcoachError
from tests.conftest import RunCli
from tests.pg import Person
from tests.records import deal, new_session

ANSWERS = "pain_confirmed: own_words\npain_owner: met\n"


@pytest.fixture
def people(pg_people: Callable[[str, str], Person], tmp_path: Path) -> dict[str, Person]:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    return {
        "alice": pg_people("alice", "dealcoach_rep"),
        "bob": pg_people("bob", "dealcoach_rep"),
        "carol": pg_people("carol", "dealcoach_manager"),
    }


def as_person(run_cli: RunCli, person: Person, *args: str) -> tuple[int, str, str]:
    done = run_cli(*args, env={"DEALCOACH_DATABASE_URL": person.url})
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout, done.stderr


def sessions(person: Person) -> int:
    with closing(psycopg.connect(person.url)) as db:
        row = db.execute("SELECT count(*) FROM dealcoach.sessions").fetchone()
        return int(row[0]) if row else -1


def test_a_rep_changes_only_their_own_deals_and_a_manager_any(
    run_cli: RunCli, people: dict[str, Person]
) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    assert as_person(run_cli, alice, "qualify", "Acme Corp", "--answers", "a.yaml")[0] == 0
    refusal = (
        f"Acme Corp: is owned by {alice.login}; only {alice.login} or a manager (a member of "
        f"dealcoach_manager) may change it, and you are {bob.login}; nothing was written\n"
    )
    for args in (
        ["next-step", "Acme Corp", "--answers", "a.yaml"],
        ["qualify", "Acme Corp", "--answers", "a.yaml"],
        ["update", "Acme Corp", "--stage", "Proposal"],
        ["close", "Acme Corp", "--lost"],
    ):
        code, out, err = as_person(run_cli, bob, *args)
        assert (code, out, err) == (2, "", refusal), args
    assert sessions(bob) == 1
    # Every user reads every deal.
    code, out, _ = as_person(run_cli, bob, "deals", "--json")
    assert code == 0 and [d["owner"] for d in json.loads(out)["deals"]] == [alice.login]
    assert as_person(run_cli, bob, "show", "Acme Corp")[0] == 0
    # Anyone may create a deal; it is theirs.
    assert as_person(run_cli, bob, "qualify", "Globex", "--answers", "a.yaml")[0] == 0
    code, out, _ = as_person(run_cli, bob, "deals", "--mine", "--json")
    assert [d["key"] for d in json.loads(out)["deals"]] == ["globex"]
    # The manager records on, updates, closes and reopens anyone's deal, and hands it on.
    for args in (
        ["next-step", "Acme Corp", "--answers", "a.yaml"],
        ["update", "Acme Corp", "--stage", "Proposal"],
        ["close", "Acme Corp", "--won"],
        ["reopen", "Acme Corp"],
        ["update", "Acme Corp", "--owner", bob.login],
    ):
        code, _, err = as_person(run_cli, carol, *args)
        assert code == 0, (args, err)
    changes = json.loads(as_person(run_cli, alice, "show", "Acme Corp", "--json")[1])["changes"]
    assert {c["by"] for c in changes} == {carol.login}
    # Now bob owns it, and alice may no longer change it.
    assert as_person(run_cli, bob, "update", "Acme Corp", "--stage", "Won")[0] == 0
    code, _, err = as_person(run_cli, alice, "update", "Acme Corp", "--stage", "X")
    assert code == 2 and f"is owned by {bob.login}" in err


def test_anyone_creates_a_deal_for_anyone_and_an_owner_hands_theirs_on(
    run_cli: RunCli, people: dict[str, Person], tmp_path: Path
) -> None:
    alice, bob = people["alice"], people["bob"]
    created = as_person(
        run_cli, bob, "qualify", "Initech", "--answers", "a.yaml", "--owner", alice.login
    )
    assert created[0] == 0, created[2]  # anyone may create a deal, with its first session
    code, _, err = as_person(run_cli, bob, "next-step", "Initech", "--answers", "a.yaml")
    assert code == 2 and f"is owned by {alice.login}" in err  # ...and then it is alice's
    assert as_person(run_cli, alice, "next-step", "Initech", "--answers", "a.yaml")[0] == 0
    handed = as_person(run_cli, alice, "update", "Initech", "--owner", bob.login)
    assert handed[0] == 0, handed[2]  # an owner hands their deal on
    assert as_person(run_cli, bob, "update", "Initech", "--stage", "Proposal")[0] == 0
    (tmp_path / "new.csv").write_text(
        f"Id,Name,Owner Name\nN1,Umbrella,{bob.login}\n", encoding="utf-8"
    )
    imported = as_person(run_cli, alice, "import", "new.csv")
    assert imported[:2] == (0, "created 1, updated 0, unchanged 0\n"), imported[2]
    shown = json.loads(as_person(run_cli, alice, "show", "Umbrella", "--json")[1])
    assert shown["deal"]["owner"] == bob.login and shown["changes"][0]["by"] == alice.login


def test_the_database_refuses_a_reps_own_sql(run_cli: RunCli, people: dict[str, Person]) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    assert as_person(run_cli, alice, "qualify", "Acme Corp", "--answers", "a.yaml")[0] == 0
    insert = (
        "INSERT INTO dealcoach.sessions (deal_key, created_at, command, playbook_id,"
        " playbook_version, playbook_hash, answers, score, band, gates, next_step, result)"
        " VALUES ('acme-corp', now(), 'qualify', 'x', '1', 'h', '{}', 99, 'b', '[]', 's', '{}')"
    )
    with closing(psycopg.connect(bob.url, autocommit=True)) as db:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute(insert)
        updated = db.execute("UPDATE dealcoach.deals SET owner = current_user, stage = 'X'")
        assert updated.rowcount == 0  # alice's deal is not bob's to update
        for sql in ("DELETE FROM dealcoach.sessions", "UPDATE dealcoach.sessions SET score = 100"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                db.execute(sql)  # the history is append-only, for everyone
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute(  # nor may a rep sign a change with another's name
                "INSERT INTO dealcoach.deal_changes (deal_key, created_at, made_by, kind, changes)"
                f" VALUES ('acme-corp', now(), '{alice.login}', 'update', '{{}}')"
            )
    with closing(psycopg.connect(carol.url, autocommit=True)) as db:
        db.execute(insert)  # the manager may
        assert db.execute("UPDATE dealcoach.deals SET stage = 'Y'").rowcount == 1
    assert sessions(alice) == 2


def test_db_init_again_changes_nothing(run_cli: RunCli, pg_url: str) -> None:
    done = run_cli("db", "init", env={"DEALCOACH_DATABASE_URL": pg_url})
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(": already set up for dealcoach; nothing changed\n")


def test_db_init_sets_up_a_new_database(run_cli: RunCli, pg_server: str) -> None:
    from tests.pg import as_url, with_database

    name = f"dealcoach_init_{secrets.token_hex(4)}"
    with closing(psycopg.connect(pg_server, autocommit=True)) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    url = as_url(with_database(pg_server, name))
    try:
        before = run_cli("deals", env={"DEALCOACH_DATABASE_URL": url})
        assert before.returncode == 2 and "`dealcoach db init`" in before.stderr
        done = run_cli("db", "init", env={"DEALCOACH_DATABASE_URL": url})
        assert done.returncode == 0, done.stderr
        assert "created the schema dealcoach (version 1)" in done.stdout
        assert "granted dealcoach_rep and dealcoach_manager their rights" in done.stdout
        with closing(psycopg.connect(url)) as db:
            forced = db.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = 'dealcoach'::regnamespace"
                " AND relkind = 'r' AND relrowsecurity AND relforcerowsecurity ORDER BY 1"
            ).fetchall()
        assert [r[0] for r in forced] == [
            "deal_changes", "deals", "drafts", "playbook_copies", "sessions",
        ]  # fmt: skip
        assert run_cli("deals", env={"DEALCOACH_DATABASE_URL": url}).returncode == 0
    finally:
        with closing(psycopg.connect(pg_server, autocommit=True)) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_an_import_that_would_change_another_reps_deal_imports_nothing(
    run_cli: RunCli, people: dict[str, Person], tmp_path: Path
) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    (tmp_path / "mine.csv").write_text(
        "Id,Name,Stage\n006A,Acme Corp,Discovery\n", encoding="utf-8"
    )
    assert as_person(run_cli, alice, "import", "mine.csv")[0] == 0
    (tmp_path / "theirs.csv").write_text(
        "Id,Name,Stage\n006B,Globex,Discovery\n006A,Acme Corp,Proposal\n", encoding="utf-8"
    )
    code, _, err = as_person(run_cli, bob, "import", "theirs.csv")
    assert code == 2 and err.startswith("theirs.csv:3: Acme Corp: is owned by " + alice.login)
    out = as_person(run_cli, bob, "deals", "--all", "--json")[1]
    assert [d["key"] for d in json.loads(out)["deals"]] == ["acme-corp"]  # Globex neither
    assert (
        as_person(run_cli, carol, "import", "theirs.csv")[1]
        == "created 1, updated 1, unchanged 0\n"
    )


def test_the_database_refuses_a_write_past_dealcoach_s_own_check(
    run_cli: RunCli, people: dict[str, Person]
) -> None:
    """A store used without the commands' check (the statements sent at once, in
    pipeline mode): row-level security refuses it, with the same words, and the store
    stays usable."""
    alice, bob = people["alice"], people["bob"]
    assert as_person(run_cli, alice, "qualify", "Acme Corp", "--answers", "a.yaml")[0] == 0
    store = PostgresStore(bob.url)
    try:
        theirs = store.deal("acme-corp")
        assert theirs is not None and theirs.owner == alice.login
        with pytest.raises(DealcoachError) as refused:
            store.record(theirs, new_session(90))
        assert str(refused.value) == (
            f"Acme Corp: is owned by {alice.login}; only {alice.login} or a manager (a member "
            f"of dealcoach_manager) may change it, and you are {bob.login}; nothing was written"
        )
        own = store.record(
            replace(deal("bobs-deal", "Bob's deal"), owner=bob.login), new_session(5)
        )
        assert store.last_session("bobs-deal") == own
    finally:
        store.close()
    assert sessions(bob) == 2
