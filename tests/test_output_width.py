"""Human output fits narrow terminals; shell completion offers deal names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dealcoach.cli.app import _complete_deal
from tests.conftest import REPO, RunCli

EXAMPLES = REPO / "examples"


@pytest.mark.parametrize("columns", [50, 80, 120])
def test_every_line_fits_the_terminal(columns: int, run_cli: RunCli) -> None:
    env = {"COLUMNS": str(columns)}
    first = run_cli(
        "qualify", "Acme Corp", "--answers", str(EXAMPLES / "acme-first-call.yaml"), env=env
    )
    later = run_cli(
        "next-step", "Acme Corp", "--answers", str(EXAMPLES / "acme-after-call.yaml"), env=env
    )
    pipeline = run_cli("deals", env=env)
    for out in (first, later, pipeline):
        assert out.returncode == 0, out.stderr
        assert "\x1b" not in out.stdout
        widest = max(len(line) for line in out.stdout.splitlines())
        assert widest <= columns


NOTE = "The CFO joined the call and asked hard questions about the rollout plan"


@pytest.mark.parametrize("columns", [50, 60, 80])
def test_nothing_is_cut_and_groups_stay_whole(columns: int, run_cli: RunCli) -> None:
    """On a narrow terminal the scorecard, the plan and the history wrap at words: no
    text is cut off, "(was 32.3, ▲ +35.7)" and each "known N% · verified M%" stay on
    one line, and a wrapped list item hangs under its text."""
    env = {"COLUMNS": str(columns)}
    run_cli("qualify", "Acme Corp", "--answers", str(EXAMPLES / "acme-first-call.yaml"), env=env)
    after = str(EXAMPLES / "acme-after-call.yaml")
    later = run_cli("next-step", "Acme Corp", "--answers", after, "--note", NOTE, env=env)
    shown = run_cli("show", "Acme Corp", env=env)
    for out in (later, shown):
        assert out.returncode == 0, out.stderr
        assert "…" not in out.stdout
        flat = " ".join(out.stdout.replace("│", " ").split())
        assert NOTE in flat  # every word of it, in order
    lines = later.stdout.splitlines()
    assert any(re.fullmatch(r"\s*(Deal score .*)?\(was \d+\.\d, [▲▼=] [+-]?\d+\.\d\)", line)
               for line in lines)  # fmt: skip
    figures = [line for line in lines if re.search(r"known \d+% · verified \d+%", line)]
    assert len(figures) == 6  # the deal, and each of its five dimensions
    plan = lines[lines.index("Plan for the next call") :]
    item = next(n for n, line in enumerate(plan) if re.match(r"\s+1\. ", line))
    indent = len(plan[item]) - len(plan[item].lstrip()) + 3
    if len(plan[item].rstrip()) + len(plan[item + 1].split()[0]) >= columns - 1:  # it wrapped
        assert plan[item + 1].startswith(" " * indent) and plan[item + 1][indent] != " "


def test_completion_offers_deal_names(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Acme Corp", "Acme Renewal", "Globex"):
        out = run_cli("qualify", name, "--answers", str(EXAMPLES / "acme-first-call.yaml"))
        assert out.returncode == 0, out.stderr
    monkeypatch.setenv("DEALCOACH_HOME", str(tmp_path / "home"))
    assert sorted(_complete_deal("acme")) == ["Acme Corp", "Acme Renewal"]
    assert _complete_deal("G") == ["Globex"]
    assert len(_complete_deal("")) == 3
