"""``dealcoach outcomes``: win rates by band, dimension means and the answers that
separate won from lost, the same on both stores, with the small-sample caution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli

STRONG = (Path(__file__).resolve().parents[1] / "examples" / "ready-to-sign.yaml").read_text()
WEAK = "pain_confirmed: own_words\npain_owner: {answer: met, evidence: assumed}\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    (tmp_path / "strong.yaml").write_text(STRONG, encoding="utf-8")
    (tmp_path / "weak.yaml").write_text(WEAK, encoding="utf-8")
    if request.param == "postgresql":
        return {"DEALCOACH_DATABASE_URL": str(request.getfixturevalue("pg_url"))}
    return {}


def test_outcomes_over_closed_deals(run_cli: RunCli, env: dict[str, str]) -> None:
    def ok(*args: str) -> str:
        done = run_cli(*args, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    for name, answers, outcome in (
        ("Acme", "strong.yaml", "--won"), ("Globex", "strong.yaml", "--won"),
        ("Initech", "strong.yaml", "--lost"), ("Hooli", "weak.yaml", "--lost"),
        ("Umbrella", "weak.yaml", None),
    ):  # fmt: skip
        ok("qualify", name, "--answers", answers)
        if outcome:
            ok("close", name, outcome)
    data = json.loads(ok("outcomes", "--json"))
    assert (data["closed"], data["won"]) == (4, 2)
    assert data["by_band"] == [
        {"band": "advance", "deals": 3, "won": 2, "win_rate": 0.667},
        {"band": "discover", "deals": 1, "won": 0, "win_rate": 0.0},
    ]
    pain = next(d for d in data["by_dimension"] if d["id"] == "pain")
    assert pain["won_mean"] > pain["lost_mean"]
    owner = next(q for q in data["by_question"] if q["id"] == "pain_owner")
    assert owner["answers"] == [{"answer": "met", "deals": 4, "won": 2, "win_rate": 0.5}]
    assert data["by_question"][0]["spread"] >= data["by_question"][-1]["spread"]
    assert data["caution"].startswith("Only 4 closed deals: too few to tell")
    assert "⚠ Only 4 closed deals" in ok("outcomes")
    assert json.loads(ok("outcomes", "--json", "--playbook", "meddicc"))["closed"] == 0
    assert "No closed deals yet" in ok("outcomes", "--playbook", "meddicc")


def test_ten_closed_deals_need_no_caution(run_cli: RunCli, env: dict[str, str]) -> None:
    for n in range(10):
        assert run_cli("qualify", f"Deal {n}", "--answers", "weak.yaml", env=env).returncode == 0
        assert (
            run_cli("close", f"Deal {n}", "--won" if n % 3 else "--lost", env=env).returncode == 0
        )
    data = json.loads(run_cli("outcomes", "--json", env=env).stdout)
    assert (data["closed"], data["won"], data["caution"]) == (10, 6, None)
