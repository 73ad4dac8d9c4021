"""Several processes writing sessions at once: every session is stored, none lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dealcoach.adapters.stores import location, open_deal_store

# The real command, run COUNT times in one process (its start-up paid once).
WRITER = textwrap.dedent(
    """
    import os, sys
    from dealcoach.cli.app import run

    deal, count, answers = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sys.stdout = open(os.devnull, "w")
    for _ in range(count):
        code = run(["qualify", deal, "--answers", answers, "--json"])
        assert code == 0, code
    """
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """DEALCOACH_DATABASE_URL for each store: the SQLite file, or the test database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'home' / 'deals.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def run_writers(tmp_path: Path, deals: list[str], count: int, url: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("pain_confirmed: own_words\npain_owner: {answer: met, evidence: assumed}\n")
    env = {**os.environ, "DEALCOACH_DATABASE_URL": url, "DEALCOACH_USER": "sam"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, deal, str(count), str(answers)],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        for deal in deals
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "locked" not in err


def count_sessions(url: str) -> dict[str, int]:
    store = open_deal_store(location(url, Path.home, Path.cwd()), user="sam")
    try:
        return {d.key: len(store.sessions(d.key)) for d in store.deals()}
    finally:
        store.close()


def test_two_processes_on_different_deals(tmp_path: Path, store_url: str) -> None:
    run_writers(tmp_path, ["Acme Corp", "Globex"], 5, store_url)
    assert count_sessions(store_url) == {"acme-corp": 5, "globex": 5}


@pytest.mark.heavy
@pytest.mark.parametrize("same_deal", [True, False], ids=["same-deal", "different-deals"])
def test_eight_processes_twenty_five_sessions_each(
    tmp_path: Path, same_deal: bool, store_url: str
) -> None:
    deals = ["Acme Corp"] * 8 if same_deal else [f"Deal {n}" for n in range(8)]
    run_writers(tmp_path, deals, 25, store_url)
    counts = count_sessions(store_url)
    assert sum(counts.values()) == 200
    if same_deal:
        assert counts == {"acme-corp": 200}
    else:
        assert all(n == 25 for n in counts.values()) and len(counts) == 8
