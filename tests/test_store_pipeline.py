"""The pipeline query of the store: last session, recent scores and band label per deal."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from unittest import mock

import pytest

from dealcoach.adapters.sqlite_store import open_store
from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import Deal, NewSession
from tests.records import new_session


def _session(score: float, band: str, label: str, step: str = "keep-going") -> NewSession:
    return new_session(score, band=band, label=label, step=step, answers={})


def test_pipeline_lists_each_deal_with_its_last_session_and_trend(tmp_path: Path) -> None:
    store = open_store(tmp_path, user="sam")
    try:
        acme = Deal("acme", "Acme", "mini", None, "2026-01-01T00:00:00+00:00", "sam")
        globex = Deal("globex", "Globex", "mini", None, "2026-01-01T00:00:00+00:00", "sam")
        scores = [10.0, 20.5, 1 / 3, 40.0, 50.0, 60.0, 70.25, 2 / 3]
        for i, value in enumerate(scores):
            store.record(acme, _session(value, "low", f"Low {i}"))
            if i < 2:
                store.record(globex, _session(90.0 - i, "top", "Top", step="close"))
        lines = store.pipeline(6)
    finally:
        store.close()

    assert [line.deal.key for line in lines] == ["acme", "globex"]
    first, second = lines
    assert first.deal == acme
    assert first.trend == scores[-6:]  # oldest first, exact floats
    assert first.last.score == scores[-1]
    assert (first.last.band, first.last.band_label) == ("low", "Low 7")
    assert second.trend == [90.0, 89.0]
    assert (second.last.band_label, second.last.next_step) == ("Top", "close")


def test_pipeline_of_an_empty_store(tmp_path: Path) -> None:
    store = open_store(tmp_path, user="sam")
    try:
        assert store.pipeline(6) == []
    finally:
        store.close()


def _version_1_store(tmp_path: Path) -> None:
    from dealcoach.adapters.sqlite_store import _MIGRATIONS, DB_NAME

    db = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    for statement in _MIGRATIONS[1].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO deals VALUES ('acme', 'Acme', 'mini', NULL, '2026-01-01')")
    for score, label in ((20.0, "Low"), (70.0, "Top")):
        db.execute(
            "INSERT INTO sessions (deal_key, created_at, command, playbook_id, playbook_version,"
            " playbook_hash, answers, score, band, gates, next_step, result)"
            " VALUES ('acme', '2026-01-02T00:00:00+00:00', 'qualify', 'mini', '1', 'h', '{}',"
            " ?, 'b', '[]', 'keep-going', ?)",
            (score, json.dumps({"band": {"id": "b", "label": label}})),
        )
    db.close()


@pytest.mark.parametrize("write", [True, False], ids=["a write", "a read"])
def test_a_version_1_store_is_migrated_with_its_band_labels(tmp_path: Path, write: bool) -> None:
    """Opened by a command that writes, or by one that only reads (as `deals` after an
    upgrade of dealcoach): the store is upgraded in one transaction, then used."""
    from dealcoach.adapters.sqlite_store import DB_NAME, SCHEMA_VERSION

    _version_1_store(tmp_path)
    store = open_store(tmp_path, write=write, user="sam")
    try:
        (line,) = store.pipeline(6)
        assert (line.last.band_label, line.trend) == ("Top", [20.0, 70.0])
        assert [s.score for s in store.sessions("acme")] == [20.0, 70.0]
        # A store of one user's deals: its deals are the upgrading user's; who recorded
        # its sessions nobody knows, and nothing claims it.
        assert line.deal.owner == "sam" and line.deal.status == "open"
        assert [s.by for s in store.sessions("acme")] == [None, None]
    finally:
        store.close()
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_an_older_store_that_cannot_be_written_says_how_to_upgrade_it(tmp_path: Path) -> None:
    from dealcoach.adapters.sqlite_store import DB_NAME

    _version_1_store(tmp_path)
    before = (tmp_path / DB_NAME).read_bytes()
    with (
        mock.patch("os.access", return_value=False),  # root may write a read-only file
        pytest.raises(DealcoachError, match=r"older dealcoach .* is read-only here"),
    ):
        open_store(tmp_path, write=False, user="sam")
    assert (tmp_path / DB_NAME).read_bytes() == before
