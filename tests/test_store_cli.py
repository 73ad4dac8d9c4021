"""Store problems through the real command: a clear error, exit 2, the file untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import RunCli


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text("pain_confirmed: own_words\n")
    return path


def test_home_that_is_a_file(tmp_path: Path, run_cli: RunCli, answers: Path) -> None:
    (tmp_path / "home").write_text("not a folder")
    out = run_cli("qualify", "Acme", "--answers", str(answers))
    assert out.returncode == 2
    assert "DEALCOACH_HOME" in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "home").read_text() == "not a folder"


@pytest.mark.parametrize("command", [["deals"], ["show", "Acme"], ["qualify", "Acme"]])
def test_foreign_file_where_the_database_should_be(
    tmp_path: Path, run_cli: RunCli, answers: Path, command: list[str]
) -> None:
    db = tmp_path / "home" / "deals.sqlite3"
    db.parent.mkdir()
    db.write_bytes(b"GARBAGE" * 100)
    args = [*command, "--answers", str(answers)] if command[0] == "qualify" else command
    out = run_cli(*args)
    assert out.returncode == 2
    assert out.stderr.startswith(f"{db}: is not a dealcoach database")
    assert db.read_bytes() == b"GARBAGE" * 100


def test_store_from_a_newer_dealcoach(tmp_path: Path, run_cli: RunCli, answers: Path) -> None:
    db = tmp_path / "home" / "deals.sqlite3"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = db.read_bytes()
    out = run_cli("qualify", "Acme", "--answers", str(answers))
    assert out.returncode == 2
    assert "newer dealcoach" in out.stderr
    assert db.read_bytes() == before
