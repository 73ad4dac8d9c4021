"""`dealcoach deals`: the pipeline, the deals that need attention first, with their trend.

Each deal is qualified through the real command at a moment the test sets, on the
shared minimal playbook (bands: Top from 60, Middle from 30, Low below).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL_PLAYBOOK, Clock, RunCli

# Answers and the deal score they give on the minimal playbook.
SCORES = {
    "perfect": ("confirmed: own_words\nspread: [ops, sales]\nicp: strong\n", 100.0),
    "good": ("confirmed: own_words\nspread: ops\nicp: strong\n", 83.3),
    "half": ("confirmed: own_words\n", 50.0),
    "weak": ("confirmed: agreed\nicp: strong\n", 41.7),
    "nothing": ("", 0.0),
}


@pytest.fixture
def pipeline(run_cli: RunCli, clock: Clock, tmp_path: Path) -> Any:
    (tmp_path / "mini.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    for name, (answers, _) in SCORES.items():
        (tmp_path / f"{name}.yaml").write_text(answers or "{}\n", encoding="utf-8")

    def session(deal: str, answers: str, *, days_later: float = 0) -> None:
        clock.advance(days=days_later)
        command = ["qualify", deal, "--playbook", "mini.yaml"]
        result = run_cli(*command, "--answers", f"{answers}.yaml")
        assert result.returncode == 0, result.stderr

    return session


def deals_json(run_cli: RunCli) -> list[dict[str, Any]]:
    result = run_cli("deals", "--json")
    assert result.returncode == 0, result.stderr
    deals: list[dict[str, Any]] = json.loads(result.stdout)["deals"]
    return deals


def test_quiet_first_then_falling_then_weakest(
    run_cli: RunCli, clock: Clock, pipeline: Any
) -> None:
    clock.at("2026-10-01T09:00:00")
    pipeline("Quiet Strong", "perfect")  # its only session, 20 days before "now"
    pipeline("Falling Fast", "perfect", days_later=10)
    pipeline("Falling Fast", "good", days_later=5)
    pipeline("Rising Weak", "nothing")
    pipeline("Rising Weak", "weak", days_later=1)
    pipeline("Steady Half", "half")
    pipeline("Top Deal", "perfect")
    clock.at("2026-10-21T09:00:00")

    deals = deals_json(run_cli)
    assert [d["name"] for d in deals] == [
        "Quiet Strong",  # quiet for 14 days or more comes first, however strong
        "Falling Fast",  # then the deals whose score fell
        "Rising Weak",  # then the weakest first
        "Steady Half",
        "Top Deal",
    ]
    by_name = {d["name"]: d for d in deals}
    assert by_name["Quiet Strong"]["stale"] is True
    assert by_name["Quiet Strong"]["days_since"] == 20
    assert [d["stale"] for d in deals[1:]] == [False] * 4
    assert by_name["Falling Fast"]["days_since"] == 5


def test_exactly_fourteen_days_is_quiet_and_thirteen_is_not(
    run_cli: RunCli, clock: Clock, pipeline: Any
) -> None:
    clock.at("2026-10-01T09:00:00")
    pipeline("Fourteen", "perfect")
    pipeline("Thirteen", "nothing", days_later=1)
    clock.at("2026-10-15T09:00:00")
    deals = deals_json(run_cli)
    assert [(d["name"], d["days_since"], d["stale"]) for d in deals] == [
        ("Fourteen", 14, True),
        ("Thirteen", 13, False),
    ]


def test_trend_and_direction(run_cli: RunCli, clock: Clock, pipeline: Any) -> None:
    for answers in ("nothing", "weak", "half", "good", "perfect", "half", "weak", "good"):
        pipeline("Up And Down", answers, days_later=1)
    pipeline("Falling", "good")
    pipeline("Falling", "half", days_later=1)
    pipeline("Flat", "half")
    pipeline("Flat", "half", days_later=1)
    pipeline("Single", "weak")

    deals = {d["name"]: d for d in deals_json(run_cli)}
    # The last six sessions, oldest first, as shown (one decimal).
    assert deals["Up And Down"]["trend"] == [50.0, 83.3, 100.0, 50.0, 41.7, 83.3]
    assert deals["Up And Down"]["direction"] == 1
    assert deals["Up And Down"]["score"] == 83.3
    assert (deals["Falling"]["trend"], deals["Falling"]["direction"]) == ([83.3, 50.0], -1)
    assert (deals["Flat"]["trend"], deals["Flat"]["direction"]) == ([50.0, 50.0], 0)
    assert (deals["Single"]["trend"], deals["Single"]["direction"]) == ([41.7], 0)


def test_json_carries_each_deal_as_it_stands(run_cli: RunCli, clock: Clock, pipeline: Any) -> None:
    clock.at("2026-11-01T08:15:00")
    pipeline("Acme Corp", "weak")
    pipeline("Acme Corp", "nothing", days_later=2)
    (deal,) = deals_json(run_cli)
    assert deal == {
        "key": "acme-corp",
        "name": "Acme Corp",
        "owner": "sam",
        "stage": None,
        "amount": None,
        "close_date": None,
        "crm_id": None,
        "status": "open",
        "warnings": ["falling"],  # 41.7 to 0
        "playbook": "mini",
        "score": 0.0,
        "band": {"id": "low", "label": "Low"},
        "last_session": "2026-11-03T08:15:00+00:00",
        "days_since": 0,
        "trend": [41.7, 0.0],
        "direction": -1,
        "stale": False,
        "next_step": "confirm",
        "next_step_title": "Confirm the pain",
    }


def test_the_table_shows_the_order_the_trend_and_the_quiet_ones(
    run_cli: RunCli, clock: Clock, pipeline: Any
) -> None:
    clock.at("2026-10-01T09:00:00")
    pipeline("Quiet Co", "good")
    pipeline("Rising Co", "weak", days_later=18)
    pipeline("Rising Co", "perfect", days_later=1)
    pipeline("Falling Co", "perfect")
    pipeline("Falling Co", "nothing", days_later=1)
    result = run_cli("deals", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == ["Quiet Co", "Falling Co", "Rising Co"]
    quiet, falling, rising = rows
    assert "│ Q    │" in quiet and "20d ago" in quiet  # the Risk column: Q, quiet
    assert "│ F    │" in falling and "│      │" in rising
    assert "Risk: Q quiet · F falling (dealcoach show DEAL says why)" in result.stdout
    assert "█▁ ▼" in falling  # 100 then 0: the sparkline, and the arrow down
    assert "▄█ ▲" in rising
    assert "▇ =" in quiet
    assert "Confirm the pain" in falling  # the next step by its title
    assert "Top" in rising and "Top" in quiet  # the bands by their labels


@pytest.mark.parametrize("width", [80, 60, 40])
def test_a_long_deal_name_is_never_cut(run_cli: RunCli, pipeline: Any, width: int) -> None:
    name = "Northwind Traders International Holdings Group"
    pipeline(name, "good")
    pipeline("Acme", "weak")
    result = run_cli("deals", env={"COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    assert all(len(line) <= width for line in lines)
    cells = " ".join(line.split("│")[1].strip() for line in lines if line.startswith("│"))
    assert name in cells  # wrapped at words, every word whole
    assert "…" not in cells


def test_no_deals_yet(run_cli: RunCli) -> None:
    result = run_cli("deals")
    assert (result.returncode, result.stderr) == (0, "")
    assert "No deals yet" in result.stdout
    assert json.loads(run_cli("deals", "--json").stdout) == {"deals": []}
