"""The real `dealcoach` command, run as a subprocess, against the contract of CLI.md.

Scores are checked against a small reference scorer written here from
PLAYBOOK-FORMAT.md (it does not use dealcoach.scoring).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import dealcoach
from tests.conftest import MINIMAL_PLAYBOOK, SHIPPED, RunCli, RunProcess

Write = Callable[[str, str | bytes], Path]

from tests.reference import REFERENCE_KEYS, reference  # noqa: E402

CONTRACT_KEYS = {"deal", *REFERENCE_KEYS, "previous"}

CUSTOMER_FIRST = yaml.safe_load((SHIPPED / "customer-first.yaml").read_text(encoding="utf-8"))

FIRST = {
    "problem_words": "Month-end close takes nine days.",
    "pain_confirmed": "own_words",
    "pain_owner": {"answer": "named", "evidence": "assumed"},
    "pain_impact": "described",
    "meeting_reason": "asked_to_look",
    "status_quo_view": {"answer": "unsure", "evidence": "assumed"},
    "icp_fit": "strong",
    "decision_makers": "partial",
    "context_fit": ["infrastructure", "finances"],
    "decision_history": "unknown",
    "cannot_continue": "leaning",
    "critical_event": {"answer": "soft", "evidence": "assumed"},
}
SECOND = {
    "pain_owner": "met",
    "cost_of_inaction": "We fail the audit again.",
    "economic_buyer": "met",
    "decision_process": {"answer": "walked_through", "evidence": "assumed"},
    "icp_fit": "unknown",  # replaces the earlier answer
}


def dump(write: Write, name: str, data: dict[str, Any]) -> Path:
    return write(name, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def qualify_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    result = run_cli("qualify", *args, "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)  # exactly one JSON object, nothing else
    return data


# --- Tests ------------------------------------------------------------------------------


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"dealcoach {dealcoach.__version__}"


def installed_script() -> Path:
    return Path(sys.executable).parent / "dealcoach"


@pytest.mark.skipif(not installed_script().exists(), reason="no installed dealcoach script")
def test_the_installed_console_script(run_process: RunProcess, write: Write) -> None:
    exe = [str(installed_script())]
    version = run_process("--version", exe=exe)
    assert version.stdout.strip() == f"dealcoach {dealcoach.__version__}"
    answers = dump(write, "first.yaml", FIRST)
    result = run_process(
        "qualify", "Acme Corp renewal", "--answers", str(answers), "--json", exe=exe
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["score"] == reference(CUSTOMER_FIRST, FIRST)["score"]


def test_qualify_json_follows_the_contract(run_cli: RunCli, write: Write, tmp_path: Path) -> None:
    dump(write, "first.yaml", FIRST)
    data = qualify_json(run_cli, "Acme Corp renewal", "--answers", "first.yaml")
    assert set(data) >= CONTRACT_KEYS
    assert data["deal"] == {"key": "acme-corp-renewal", "name": "Acme Corp renewal"}
    assert data["playbook"] == {"id": "customer-first", "version": "2.1"}
    assert set(data["band"]) >= {"id", "label"}
    assert set(data["next_step"]) >= {"id", "title", "say", "why"}
    for dim in data["dimensions"]:
        assert set(dim) >= {"id", "name", "score", "unknown", "assumed"}
    assert data["previous"] is None
    assert {k: data[k] for k in REFERENCE_KEYS} == reference(CUSTOMER_FIRST, FIRST)
    assert (tmp_path / "home" / "deals.sqlite3").is_file()


def test_next_step_reports_previous_and_keeps_other_answers(run_cli: RunCli, write: Write) -> None:
    dump(write, "first.yaml", FIRST)
    dump(write, "second.yaml", SECOND)
    first = qualify_json(run_cli, "Acme Corp renewal", "--answers", "first.yaml")
    result = run_cli(
        "next-step",
        "Acme Corp renewal",
        "--answers",
        "second.yaml",
        "--note",
        "Good call",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    second = json.loads(result.stdout)
    assert second["previous"] == {"score": first["score"], "band": first["band"]["id"]}
    merged = {**FIRST, **SECOND}
    assert {k: second[k] for k in REFERENCE_KEYS} == reference(CUSTOMER_FIRST, merged)
    assert second["score"] != first["score"]
    # A third session reports the second as its previous one.
    third = json.loads(
        run_cli("next-step", "Acme Corp renewal", "--answers", "second.yaml", "--json").stdout
    )
    assert third["previous"] == {"score": second["score"], "band": second["band"]["id"]}
    assert third["score"] == second["score"]


def test_next_step_on_an_unknown_deal(run_cli: RunCli, write: Write) -> None:
    dump(write, "second.yaml", SECOND)
    result = run_cli("next-step", "Globex expansion", "--answers", "second.yaml")
    assert result.returncode == 2
    assert "Globex expansion" in result.stderr
    assert "qualify" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["qualify", "next-step"])
@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_no_answers_and_no_terminal(
    run_process: RunProcess, write: Write, command: str, stdin: str
) -> None:
    if command == "next-step":  # the deal must exist: an unknown deal is said first
        answers = write("a.yaml", "pain_confirmed: own_words\n")
        qualified = run_process("qualify", "Acme Corp renewal", "--answers", str(answers))
        assert qualified.returncode == 0, qualified.stderr
    start = time.monotonic()
    if stdin == "devnull":
        result = run_process(command, "Acme Corp renewal", stdin=subprocess.DEVNULL, timeout=10)
    else:
        result = run_process(command, "Acme Corp renewal", input="own_words\n", timeout=10)
    assert time.monotonic() - start < 5.0
    assert result.returncode == 2
    assert "--answers" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


@pytest.mark.parametrize(
    ("content", "pos"),
    [
        ("pain_confirmed: maybe\n", "1:17"),
        ("pain_confirmed: own_words\nnope: x\n", "2:1"),
        ("pain_confirmed: no\n", "1:17"),
        ("context_fit: [infrastructure, unknown]\n", "1:14"),
        ("pain_confirmed: [own_words\n", None),
    ],
)
def test_bad_answers_file(run_cli: RunCli, write: Write, content: str, pos: str | None) -> None:
    write("bad.yaml", content)
    result = run_cli("qualify", "Acme Corp renewal", "--answers", "bad.yaml", "--json")
    assert result.returncode == 2
    assert re.match(r"bad\.yaml:\d+:\d+: ", result.stderr)
    if pos is not None:
        assert result.stderr.startswith(f"bad.yaml:{pos}: ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert result.stdout == ""
    # Nothing was recorded.
    again = run_cli("next-step", "Acme Corp renewal", "--answers", "bad.yaml")
    assert "never been qualified" in again.stderr


@pytest.mark.parametrize(
    "edit",
    [
        ("    weight: 3\n", "    wieght: 3\n"),
        ('version: "2.1"', "version: 2.1"),
        ("    cap: low\n", "    cap: bottom\n"),
        ("id: mini\n", "id: mini: x\n"),
        ("    cap: low\n", "    cap: bottom\n    wieght: 1\n"),
    ],
)
def test_invalid_playbook_by_path(run_cli: RunCli, write: Write, edit: tuple[str, str]) -> None:
    write("bad-playbook.yaml", MINIMAL_PLAYBOOK.replace(*edit))
    write("answers.yaml", "confirmed: own_words\n")
    result = run_cli(
        "qualify", "Acme", "--playbook", "bad-playbook.yaml", "--answers", "answers.yaml"
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2
    assert re.match(r"bad-playbook\.yaml:\d+:\d+: ", lines[0])
    assert "Traceback" not in result.stderr


# A playbook of our own, using every kind of condition.
CUSTOM = """\
dealcoach: 1
id: custom
name: Custom
version: "0.3-beta"
scoring: {assumed_factor: 0.25}
dimensions:
  - id: need
    name: Need
    weight: 2.5
    questions:
      - {id: said, kind: text, ask: "What did they say?", learn: I need to hear it.}
      - id: urgency
        weight: 3
        ask: How urgent?
        learn: I need to find out how urgent it is.
        options:
          - {id: now, label: Now, score: 5}
          - {id: soon, label: Soon, score: 2}
          - {id: later, label: Later, score: 0.5}
      - id: teams
        kind: many
        weight: 1.5
        ask: Which teams?
        learn: I need to find out which teams feel it.
        options:
          - {id: ops, label: Ops, score: 1}
          - {id: sales, label: Sales, score: 1.5}
          - {id: it, label: IT, score: 2.5}
  - id: access
    name: Access
    weight: 1
    questions:
      - id: sponsor
        evidence: false
        ask: Sponsor?
        learn: I need to find out who sponsors it.
        options:
          - {id: "yes", label: "Yes", score: 1}
          - {id: "no", label: "No", score: 0}
      - id: budget
        ask: Budget?
        learn: I need to find out about budget.
        options:
          - {id: set, label: Set, score: 4}
          - {id: none, label: None, score: 0}
bands:
  - {id: go, min: 70, label: Go}
  - {id: maybe, min: 35, label: Maybe}
  - {id: stop, min: 0, label: Stop}
gates:
  - id: no-sponsor
    when: {not: {answer: sponsor, is: "yes"}}
    cap: maybe
  - id: weak-need
    when: {dimension: need, below: 20}
    cap: stop
next_steps:
  - id: verify
    when: {any: [{assumed: urgency}, {assumed: budget}]}
    title: Verify
    say: "You said \\"{answers.said}\\"; let's verify."
  - id: go
    when: {all: [{band: go}, {score: {at_least: 70}}]}
    title: Go
    say: Go.
  - id: teams
    when: {answer: teams, in: [it, unknown]}
    title: Teams
    say: Teams.
  - id: last
    title: Last
    say: "Last: {answers.said}"
"""

CUSTOM_ANSWERS = [
    pytest.param({}, id="nothing"),
    pytest.param({"urgency": "now", "teams": ["ops", "it"], "sponsor": "yes"}, id="strong"),
    pytest.param(
        {"urgency": "now", "teams": ["ops", "sales", "it"], "sponsor": "yes", "budget": "set"},
        id="full",
    ),
    pytest.param(
        {"urgency": "now", "teams": ["ops", "sales", "it"], "budget": "set"}, id="no-sponsor-gate"
    ),
    pytest.param(
        {
            "said": "{answers.said} {0.__class__}",
            "urgency": {"answer": "soon", "evidence": "assumed"},
            "sponsor": {"answer": "yes", "evidence": "assumed"},
        },
        id="assumed-and-placeholder-text",
    ),
    pytest.param({"urgency": "later", "teams": ["ops"], "said": "Slow."}, id="weak-need"),
    pytest.param(
        {"urgency": "soon", "teams": "unknown", "sponsor": "no", "budget": "none"}, id="unknowns"
    ),
]


@pytest.mark.parametrize("raw", CUSTOM_ANSWERS)
def test_any_playbook_scores_as_the_formula_says(
    run_cli: RunCli, write: Write, raw: dict[str, Any]
) -> None:
    write("custom.yaml", CUSTOM)
    dump(write, "answers.yaml", raw)
    data = qualify_json(
        run_cli, "Custom deal", "--playbook", "custom.yaml", "--answers", "answers.yaml"
    )
    expected = reference(yaml.safe_load(CUSTOM), raw)
    assert {k: data[k] for k in REFERENCE_KEYS} == expected


def test_later_sessions_keep_the_deals_playbook(run_cli: RunCli, write: Write) -> None:
    write("custom.yaml", CUSTOM)
    dump(write, "a.yaml", {"urgency": "now"})
    dump(write, "b.yaml", {"sponsor": "yes"})
    qualify_json(run_cli, "Custom deal", "--playbook", "custom.yaml", "--answers", "a.yaml")
    result = run_cli("next-step", "Custom deal", "--answers", "b.yaml", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["playbook"]["id"] == "custom"
    expected = reference(yaml.safe_load(CUSTOM), {"urgency": "now", "sponsor": "yes"})
    assert data["score"] == expected["score"]


HOSTILE_NAME = "[red]x[/red] \x1b[2J"


def test_deal_names_are_printed_literally(run_cli: RunCli, write: Write) -> None:
    dump(write, "first.yaml", FIRST)
    result = run_cli("qualify", HOSTILE_NAME, "--answers", "first.yaml")
    assert result.returncode == 0, result.stderr
    assert "[red]x[/red]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\\x1b[2J" in result.stdout  # shown as a visible escape
    data = json.loads(run_cli("qualify", HOSTILE_NAME, "--answers", "first.yaml", "--json").stdout)
    assert data["deal"]["name"] == HOSTILE_NAME
    assert data["previous"] is not None  # the same deal, found again by its key


def test_human_output(run_cli: RunCli, write: Write) -> None:
    dump(write, "first.yaml", FIRST)
    result = run_cli("qualify", "Acme Corp renewal", "--answers", "first.yaml")
    assert result.returncode == 0, result.stderr
    expected = reference(CUSTOMER_FIRST, FIRST)
    out = result.stdout
    assert "Acme Corp renewal" in out
    assert f"{expected['score']:.1f}" in out
    assert expected["band"]["label"] in out
    assert "Call plan" in out
    assert "Next step" in out
    assert expected["next_step"]["title"] in out
    first_words = " ".join(expected["next_step"]["say"].split()[:6])
    assert first_words in " ".join(out.split())
    assert expected["learning_objectives"][0] in " ".join(out.split())
    for dim in expected["dimensions"]:
        assert dim["name"] in out
    assert "Traceback" not in result.stderr


def test_human_output_of_next_step_shows_what_changed(run_cli: RunCli, write: Write) -> None:
    dump(write, "first.yaml", FIRST)
    dump(write, "second.yaml", SECOND)
    qualify_json(run_cli, "Acme Corp renewal", "--answers", "first.yaml")
    result = run_cli("next-step", "Acme Corp renewal", "--answers", "second.yaml")
    assert result.returncode == 0, result.stderr
    before = reference(CUSTOMER_FIRST, FIRST)["score"]
    after = reference(CUSTOMER_FIRST, {**FIRST, **SECOND})["score"]
    assert f"{before:.1f}" in result.stdout
    assert f"{after:.1f}" in result.stdout


INF_SCORE = MINIMAL_PLAYBOOK.replace(
    "label: Own words, score: 3}", "label: Own words, score: .inf}"
)
INF_WEIGHT = MINIMAL_PLAYBOOK.replace("    weight: 3\n", "    weight: .inf\n")


@pytest.mark.parametrize(
    ("playbook", "answers"),
    [
        pytest.param(INF_SCORE, "confirmed: own_words\n", id="infinite-option-score"),
        pytest.param(INF_WEIGHT, "confirmed: own_words\n", id="infinite-dimension-weight"),
    ],
)
def test_infinite_numbers_are_clean_errors(
    run_cli: RunCli, write: Write, playbook: str, answers: str
) -> None:
    write("inf.yaml", playbook)
    write("answers.yaml", answers)
    result = run_cli("qualify", "Inf", "--playbook", "inf.yaml", "--answers", "answers.yaml")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert re.match(r"inf\.yaml:\d+:\d+: ", result.stderr)
