"""`dealcoach show`: one deal's scorecard, its history, and every answer with its evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_PLAYBOOK, Clock, RunCli


@pytest.fixture
def deal(run_cli: RunCli, clock: Clock, tmp_path: Path) -> RunCli:
    """A deal with two sessions on the minimal playbook: a first call, then a poor fit."""
    (tmp_path / "mini.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    (tmp_path / "first.yaml").write_text(
        "words: It takes us a week.\n"
        "confirmed: {answer: agreed, evidence: assumed}\n"
        "spread: [ops]\n"
        "icp: strong\n",
        encoding="utf-8",
    )
    (tmp_path / "second.yaml").write_text("confirmed: own_words\nicp: poor\n", encoding="utf-8")
    clock.at("2026-11-02T09:30:00")
    first = run_cli(
        "qualify",
        "Acme Corp",
        "--playbook",
        "mini.yaml",
        "--answers",
        "first.yaml",
        "--objective",
        "I need to learn who feels it.",
    )
    assert first.returncode == 0, first.stderr
    clock.advance(days=3, hours=2)
    second = run_cli(
        "next-step", "Acme Corp", "--answers", "second.yaml", "--note", "They use a rival."
    )
    assert second.returncode == 0, second.stderr
    return run_cli


def table(output: str, title: str) -> list[list[str]]:
    """The rows of the table headed ``title`` in rich's output, as lists of cells."""
    lines = output.splitlines()
    start = lines.index(next(line for line in lines if line.strip() == title))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        if line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            if rows and not cells[0]:  # a wrapped row goes on: join its lines
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
            else:
                rows.append(cells)
    return rows


def test_the_history_lists_every_session(deal: RunCli) -> None:
    result = deal("show", "Acme Corp")
    assert result.returncode == 0, result.stderr
    assert table(result.stdout, "Sessions") == [
        ["1", "2 Nov 09:30", "qualify", "41.7", "Middle",
         "Keep going objective: I need to learn who feels it."],
        ["2", "5 Nov 11:30", "next-step", "58.3", "Low", "Keep going note: They use a rival."],
    ]  # fmt: skip


def test_every_answer_with_its_evidence(deal: RunCli) -> None:
    result = deal("show", "Acme Corp")
    assert table(result.stdout, "Answers") == [
        ["Pain", "In their words?", "It takes us a week.", "their words"],
        ["Pain", "Confirmed?", "Own words", "verified"],
        ["Pain", "Where?", "Ops", "verified"],
        ["Fit", "Fit?", "Poor", "verified"],
    ]
    # ...and the same in JSON.
    data = json.loads(deal("show", "Acme Corp", "--json").stdout)
    assert [(a["question"], a["answer"], a["status"]) for a in data["answers"]] == [
        ("words", "It takes us a week.", "verified"),
        ("confirmed", "own_words", "verified"),
        ("spread", ["ops"], "verified"),
        ("icp", "poor", "verified"),
    ]


def test_an_assumed_and_an_unknown_answer_say_so(
    run_cli: RunCli, tmp_path: Path, clock: Clock
) -> None:
    (tmp_path / "mini.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    (tmp_path / "a.yaml").write_text("confirmed: {answer: agreed, evidence: assumed}\n")
    run_cli("qualify", "Globex", "--playbook", "mini.yaml", "--answers", "a.yaml")
    result = run_cli("show", "Globex")
    evidence = {row[1]: (row[2], row[3]) for row in table(result.stdout, "Answers")}
    assert evidence == {
        "In their words?": ("don't know yet", "unknown"),
        "Confirmed?": ("Agreed", "assumed"),
        "Where?": ("don't know yet", "unknown"),
        "Fit?": ("don't know yet", "unknown"),
    }


def test_the_gates_panel_names_each_gate_that_held_and_its_cap(deal: RunCli) -> None:
    result = deal("show", "Acme Corp")
    lines = result.stdout.splitlines()
    start = lines.index("Held back by")
    assert lines[start + 1].strip() == "⛔ Poor fit. (band at most: Low)"
    # The score alone would reach Middle (58.3): the gate is what holds it at Low.
    assert "Deal score 58.3  Low" in result.stdout
    data = json.loads(deal("show", "Acme Corp", "--json").stdout)["scorecard"]
    assert (data["gates"], data["gate_reasons"]) == (["poor-fit"], {"poor-fit": "Poor fit."})


def test_no_gates_panel_when_no_gate_holds(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    (tmp_path / "a.yaml").write_text("icp: strong\n")
    run_cli("qualify", "Initech", "--playbook", "mini.yaml", "--answers", "a.yaml")
    result = run_cli("show", "Initech")
    assert "Held back by" not in result.stdout


def test_show_json_history(deal: RunCli) -> None:
    data = json.loads(deal("show", "Acme Corp", "--json").stdout)
    assert data["deal"]["key"] == "acme-corp"
    assert [
        (s["command"], s["score"], s["band"], s["objective"], s["note"]) for s in data["sessions"]
    ] == [
        ("qualify", 41.7, "mid", "I need to learn who feels it.", None),
        ("next-step", 58.3, "low", None, "They use a rival."),
    ]
    assert data["scorecard"]["previous"] == {"score": 41.7, "band": "mid"}


def test_an_unknown_deal(run_cli: RunCli) -> None:
    result = run_cli("show", "Nobody Inc")
    assert result.returncode == 2
    assert result.stderr.startswith("Nobody Inc: no such deal")
