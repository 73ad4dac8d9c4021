"""Snapshots of what users see, at 80 columns: a change to any of them is reviewed.

Update them on purpose with ``python -m pytest tests/test_snapshots.py --snapshot-update``
and read the diff of ``tests/__snapshots__/`` before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.conftest import REPO, Clock, RunCli

EXAMPLES = REPO / "examples"
WIDTH = {"COLUMNS": "80"}


@pytest.fixture
def acme(run_cli: RunCli, clock: Clock) -> dict[str, str]:
    """Acme Corp, qualified before the first call and updated after it (the README's deal)."""
    clock.at("2026-11-02T09:30:00")
    first = run_cli(
        "qualify",
        "Acme Corp",
        "--answers",
        str(EXAMPLES / "acme-first-call.yaml"),
        "--objective",
        "Convince them to book a demo",
        env=WIDTH,
    )
    assert first.returncode == 0, first.stderr
    clock.advance(days=2)
    second = run_cli(
        "next-step",
        "Acme Corp",
        "--answers",
        str(EXAMPLES / "acme-after-call.yaml"),
        "--note",
        "CFO joined; audit in March",
        env=WIDTH,
    )
    assert second.returncode == 0, second.stderr
    return {"qualify": first.stdout, "next-step": second.stdout}


def test_qualify(acme: dict[str, str], snapshot: SnapshotAssertion) -> None:
    assert acme["qualify"] == snapshot


def test_next_step(acme: dict[str, str], snapshot: SnapshotAssertion) -> None:
    assert acme["next-step"] == snapshot


def test_deals(
    acme: dict[str, str], run_cli: RunCli, clock: Clock, snapshot: SnapshotAssertion
) -> None:
    clock.advance(days=1)
    result = run_cli("deals", env=WIDTH)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == snapshot


def test_show(acme: dict[str, str], run_cli: RunCli, snapshot: SnapshotAssertion) -> None:
    result = run_cli("show", "Acme Corp", env=WIDTH)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == snapshot


@pytest.mark.parametrize(
    "command",
    ["", "qualify", "next-step", "deals", "show", "lint", "playbooks", "schema"],
    ids=lambda c: c or "dealcoach",
)
def test_help(run_cli: RunCli, tmp_path: Path, command: str, snapshot: SnapshotAssertion) -> None:
    result = run_cli(*([command] if command else []), "--help", env=WIDTH)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == snapshot
