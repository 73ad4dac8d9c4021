"""Faults of the deal store a user can hit, each injected for real where the machine
allows it: two next-steps at once, a full disk, a read-only or immutable store, a
damaged or foreign file, a lock held too long, an output device that refuses."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from dealcoach.adapters import sqlite_files, sqlite_store
from dealcoach.adapters.stores import location, open_deal_store
from tests.conftest import RunCli, RunProcess, cli_env

DB = "deals.sqlite3"
ANSWERS = "pain_confirmed: own_words\npain_owner: met\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sessions_of(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])


@pytest.fixture
def qualified(run_cli: RunCli, tmp_path: Path) -> Path:
    """A store with one deal, Acme, qualified once; its database file."""
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    done = run_cli("qualify", "Acme", "--answers", "a.yaml")
    assert done.returncode == 0, done.stderr
    return tmp_path / "home" / DB


# --- Two next-steps at the same moment lose nothing -----------------------------------

RACER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from dealcoach.cli.app import run

    question, tag, rounds, folder = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    sys.stdout = open(os.devnull, "w")
    for k in range(rounds):
        answers = folder / f"{tag}-{k}.yaml"
        answers.write_text(f"{question}: {tag} {k:03d}\\n")
        assert run(["next-step", "Acme", "--answers", str(answers)]) == 0
    """
)


@pytest.mark.heavy
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_next_steps_at_once_keep_both_changes(
    run_cli: RunCli, tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'home' / DB}"
        if kind == "sqlite"
        else str(request.getfixturevalue("pg_url"))
    )
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    first = run_cli("qualify", "Acme", "--answers", "a.yaml", env={"DEALCOACH_DATABASE_URL": url})
    assert first.returncode == 0, first.stderr
    rounds = 25
    env = {**cli_env(tmp_path / "home"), "DEALCOACH_DATABASE_URL": url}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, question, tag, str(rounds), str(tmp_path)],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        for question, tag in (("problem_words", "A"), ("cost_of_inaction", "B"))
    ]
    for racer in racers:
        _, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err
    store = open_deal_store(location(url, Path.home, tmp_path), user="sam")
    try:
        stored = [s.answers for s in store.sessions("acme")]
    finally:
        store.close()
    assert len(stored) == 1 + 2 * rounds
    # Every session builds on the one before: neither text ever goes back to an older value.
    for question in ("problem_words", "cost_of_inaction"):
        seen = [str(a[question].value) for a in stored if question in a]
        assert seen == sorted(seen), question
    last = stored[-1]
    assert last["problem_words"].value == f"A {rounds - 1:03d}"
    assert last["cost_of_inaction"].value == f"B {rounds - 1:03d}"
    assert last["pain_owner"].value == "met"  # the first session's answers carried on


# --- The output fails after the commit ------------------------------------------------


def test_output_to_a_full_device_says_the_session_was_recorded(
    run_process: RunProcess, tmp_path: Path
) -> None:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "dealcoach", "qualify", "Acme", "--answers", "a.yaml"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(tmp_path / "home"),
            cwd=tmp_path,
        )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert "was recorded" in done.stderr and "Traceback" not in done.stderr
    assert sessions_of(tmp_path / "home" / DB) == 1  # once: no reason to retry
    for command in (["deals"], ["lint", str(Path(__file__).parent / "lint_cases" / "good")]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "dealcoach", *command],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=cli_env(tmp_path / "home"),
                cwd=tmp_path,
            )
        assert done.returncode == 2, command
        assert "could not be written" in done.stderr and "Traceback" not in done.stderr


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    lint_cases = Path(__file__).parent / "lint_cases" / "bad"
    script = f"{sys.executable} -m dealcoach lint {lint_cases} 2> err.txt | head -1"
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=cli_env(tmp_path / "home"), text=True,
        capture_output=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in (tmp_path / "err.txt").read_text()
    assert "Error" not in (tmp_path / "err.txt").read_text()


# --- A store that cannot be written ---------------------------------------------------


def can(*command: str) -> bool:
    return (
        shutil.which(command[0]) is not None
        and subprocess.run(list(command), capture_output=True).returncode == 0
    )


@pytest.fixture
def immutable(qualified: Path) -> Iterator[Path]:
    """The store's file and folder made immutable with chattr, where the machine allows it."""
    home = qualified.parent
    if not can("chattr", "+i", str(home)):
        pytest.skip("chattr +i is not available here")
    subprocess.run(["chattr", "-i", str(home)], check=True)
    for path in home.iterdir():
        subprocess.run(["chattr", "+i", str(path)], check=True)
    subprocess.run(["chattr", "+i", str(home)], check=True)
    try:
        yield qualified
    finally:
        subprocess.run(["chattr", "-i", str(home)], check=False)
        for path in home.iterdir():
            subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.fixture
def read_only_medium(qualified: Path, tmp_path: Path) -> Iterator[Path]:
    """The store on a read-only mount (a bind mount remounted read-only), where allowed."""
    home = qualified.parent
    mount = tmp_path / "ro"
    mount.mkdir()
    if not can("mount", "--bind", str(home), str(mount)):
        pytest.skip("mount is not allowed here")
    try:
        if not can("mount", "-o", "remount,ro,bind", str(mount)):
            pytest.skip("a read-only remount is not allowed here")
        yield mount / DB
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=False)


@pytest.mark.parametrize("kind", ["immutable", "read_only_medium"])
def test_a_store_that_cannot_be_written_is_read_and_refuses_writes(
    kind: str, request: pytest.FixtureRequest, run_cli: RunCli, tmp_path: Path
) -> None:
    db: Path = request.getfixturevalue(kind)
    home = {"DEALCOACH_HOME": str(db.parent)}
    before = digest(db)
    deals = run_cli("deals", "--json", env=home)
    assert deals.returncode == 0, deals.stderr
    assert [d["name"] for d in json.loads(deals.stdout)["deals"]] == ["Acme"]
    shown = run_cli("show", "Acme", env=home)
    assert shown.returncode == 0, shown.stderr
    (tmp_path / "b.yaml").write_text("pain_impact: quantified\n", encoding="utf-8")
    refused = run_cli("next-step", "Acme", "--answers", "b.yaml", env=home)
    assert refused.returncode == 2
    assert "cannot write" in refused.stderr or "read-only" in refused.stderr
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert digest(db) == before


# --- A full disk at the commit --------------------------------------------------------


class _FailingCommit:
    """A connection whose COMMIT fails as on a full disk, and whose ROLLBACK fails too."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, *args: object) -> object:
        if sql.strip().upper() in ("COMMIT", "ROLLBACK"):
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self._db, name)


def test_a_full_disk_at_the_commit_records_nothing_and_says_so(
    qualified: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = sqlite_store.SqliteStore._open

    def failing(self: sqlite_store.SqliteStore, path: Path) -> object:
        return _FailingCommit(opened(self, path))

    monkeypatch.setattr(sqlite_store.SqliteStore, "_open", failing)
    (tmp_path / "b.yaml").write_text("pain_impact: quantified\n", encoding="utf-8")
    done = run_cli("next-step", "Acme", "--answers", "b.yaml")
    assert done.returncode == 2
    assert "nothing was recorded" in done.stderr and "disk is full" in done.stderr
    monkeypatch.undo()
    assert sessions_of(qualified) == 1
    with closing(sqlite3.connect(qualified)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.heavy
def test_a_really_full_disk(run_cli: RunCli, tmp_path: Path) -> None:
    """On a small tmpfs filled up, where the machine allows mounting one."""
    mount = tmp_path / "small"
    mount.mkdir()
    if not can("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)):
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        home = {"DEALCOACH_HOME": str(mount)}
        (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
        assert run_cli("qualify", "Acme", "--answers", "a.yaml", env=home).returncode == 0
        filler = mount / "filler"
        try:  # take every byte left
            with filler.open("wb", buffering=0) as handle:
                while True:
                    handle.write(b"\0" * 4096)
        except OSError:
            pass
        words = "x" * 20_000  # a session that needs more room than is left
        (tmp_path / "b.yaml").write_text(f"problem_words: {words}\n", encoding="utf-8")
        done = run_cli("next-step", "Acme", "--answers", "b.yaml", env=home)
        assert done.returncode == 2, done.stdout
        assert "full" in done.stderr and "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1
        filler.unlink()
        assert sessions_of(mount / DB) == 1
        with closing(sqlite3.connect(mount / DB)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=False)


# --- A damaged, foreign or locked store ------------------------------------------------


def damage_the_pages(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 2 * page
    # Every page after the first (which holds the schema): the tables' and indexes' b-trees.
    data[page:] = b"\xde\xad" * ((len(data) - page) // 2)
    db.write_bytes(bytes(data))


def undecodable_name(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE deals SET name = CAST(X'C328' AS TEXT)")
        conn.commit()


@pytest.mark.parametrize("damage", [damage_the_pages, undecodable_name], ids=["pages", "text"])
@pytest.mark.parametrize(
    "command",
    [["deals"], ["show", "Acme"], ["qualify", "Acme", "--answers", "a.yaml"],
     ["next-step", "Acme", "--answers", "a.yaml"]],
    ids=["deals", "show", "qualify", "next-step"],
)  # fmt: skip
def test_a_damaged_store_is_reported_and_left_alone(
    qualified: Path, run_cli: RunCli, damage: object, command: list[str]
) -> None:
    damage(qualified)  # type: ignore[operator]
    before = digest(qualified)
    done = run_cli(*command)
    if damage is undecodable_name and command[0] in ("qualify", "next-step"):
        # The deal's name is not read to record a session of it: the session is recorded.
        assert done.returncode in (0, 2)
        return
    assert done.returncode == 2, done.stdout
    assert "integrity_check" in done.stderr, done.stderr
    assert "move it away" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert digest(qualified) == before


def test_a_foreign_database_at_our_version_is_not_taken_for_ours(
    run_cli: RunCli, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with closing(sqlite3.connect(home / DB)) as db:
        db.execute("CREATE TABLE deals (id INTEGER, title TEXT)")
        db.execute(f"PRAGMA user_version = {sqlite_store.SCHEMA_VERSION}")
        db.commit()
    before = digest(home / DB)
    for command in (["deals"], ["qualify", "Acme", "--answers", "a.yaml"]):
        (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
        done = run_cli(*command)
        assert done.returncode == 2
        assert "not a dealcoach database" in done.stderr
    assert digest(home / DB) == before


def test_a_lock_held_too_long_says_to_try_again(
    qualified: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_files, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(qualified, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = run_cli("next-step", "Acme", "--answers", "a.yaml")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2
    assert "another dealcoach is writing" in done.stderr and "try again" in done.stderr
    assert "move it away" not in done.stderr


@pytest.mark.parametrize("home", ["/dev/null", "/dev/null/deals"])
def test_a_home_that_is_not_a_folder(run_cli: RunCli, tmp_path: Path, home: str) -> None:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    for command in (["deals"], ["qualify", "Acme", "--answers", "a.yaml"]):
        done = run_cli(*command, env={"DEALCOACH_HOME": home})
        assert done.returncode == 2, (command, done.stdout)
        assert "move it away" not in done.stderr
        assert "DEALCOACH_HOME" in done.stderr
