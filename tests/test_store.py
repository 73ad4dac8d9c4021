"""The SQLite deal store: sessions kept forever, drafts, and files it must not touch."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from dealcoach.adapters.sqlite_store import DB_NAME, SCHEMA_VERSION, SqliteStore
from dealcoach.core.answer import Answer
from dealcoach.core.errors import DealcoachError
from dealcoach.core.figures import Figures
from dealcoach.core.records import Draft
from tests.conftest import RunCli
from tests.records import deal, new_session


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / DB_NAME


@pytest.fixture
def store(db_path: Path) -> SqliteStore:
    return SqliteStore(db_path, user="sam")


def test_record_and_read_back(store: SqliteStore) -> None:
    session = store.record(deal(), new_session(42.25, note="first call"))
    assert store.deal("acme-corp-renewal") == deal()
    [read] = store.sessions("acme-corp-renewal")
    assert read == session
    assert read.score == 42.25
    assert read.note == "first call"
    assert read.answers == {"pain_confirmed": Answer("own_words", "verified")}
    assert read.gates == ["no-compelling-need"]
    assert read.figures == Figures(42.2, "discover", "Keep discovering", ())
    assert store.last_session("acme-corp-renewal") == session
    assert store.deal("nope") is None
    assert store.last_session("nope") is None
    assert store.sessions("nope") == []


def test_history_is_append_only(store: SqliteStore, db_path: Path) -> None:
    first = store.record(deal(), new_session(10))
    second = store.record(deal(name="Acme Corp Renewal"), new_session(20))
    third = store.record(deal(), new_session(30))
    assert [s.id for s in store.sessions("acme-corp-renewal")] == [first.id, second.id, third.id]
    assert [s.score for s in store.sessions("acme-corp-renewal")] == [10, 20, 30]
    assert store.last_session("acme-corp-renewal") == third
    [line] = store.pipeline(2)  # the recent sessions of each deal, as the pipeline shows them
    assert (line.deal.key, line.last.id, line.trend) == ("acme-corp-renewal", third.id, [20, 30])
    assert len(store.deals()) == 1
    store.close()
    reopened = SqliteStore(db_path, user="sam")
    assert reopened.sessions("acme-corp-renewal") == [first, second, third]
    assert reopened.deal("acme-corp-renewal") is not None
    reopened.close()


def test_schema_version_and_wal(store: SqliteStore, db_path: Path) -> None:
    store.close()
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_recording_a_session_clears_the_draft(store: SqliteStore) -> None:
    key = "acme-corp-renewal"
    store.save_draft(Draft(key, "qualify", "customer-first", {}, [], "t1"))
    store.save_draft(Draft("other", "qualify", "customer-first", {}, [], "t1"))
    store.record(deal(), new_session(5))
    assert store.draft(key) is None
    assert store.draft("other") is not None


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def sqlite_file(path: Path, user_version: int, table: str = "deals") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE {table} (x TEXT)")
    db.execute("INSERT INTO " + table + " VALUES ('keep me')")
    db.execute(f"PRAGMA user_version = {user_version}")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(
            lambda p: p.write_bytes(b"definitely not a database\n" * 200),
            "not a dealcoach database",
            id="corrupted",
        ),
        pytest.param(
            lambda p: sqlite_file(p, SCHEMA_VERSION + 5), "newer dealcoach", id="newer-version"
        ),
        pytest.param(lambda p: sqlite_file(p, 0, "other"), "not a dealcoach", id="foreign-db"),
    ],
)
def test_files_it_cannot_use_are_left_untouched(db_path: Path, make: object, words: str) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    make(db_path)  # type: ignore[operator]
    before = snapshot(db_path.parent)
    with pytest.raises(DealcoachError) as info:
        SqliteStore(db_path, user="sam")
    assert words in info.value.message
    assert str(db_path) in info.value.message
    assert snapshot(db_path.parent) == before


def test_a_corrupted_store_is_a_clean_cli_error(run_cli: RunCli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    garbage = b"\x00\x01 not sqlite " * 100
    (home / DB_NAME).write_bytes(garbage)
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n")
    result = run_cli("qualify", "Acme", "--answers", "a.yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert DB_NAME in result.stderr
    assert (home / DB_NAME).read_bytes() == garbage


def test_read_only_home(tmp_path: Path) -> None:
    home = tmp_path / "readonly"
    home.mkdir()
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(home, os.W_OK):
            pytest.skip("running as a user (root) who can write a read-only folder")
        with pytest.raises(DealcoachError) as info:
            SqliteStore(home / DB_NAME, user="sam")
        assert "DEALCOACH_HOME" in info.value.message
        with pytest.raises(DealcoachError):
            SqliteStore(home / "sub" / DB_NAME, user="sam")
    finally:
        home.chmod(stat.S_IRWXU)
