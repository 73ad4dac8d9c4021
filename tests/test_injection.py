"""Text that could inject is shown literally: markup, terminal escapes, placeholders."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunCli

NASTY = "[red]x[/red] [link=http://e.vil]y[/link] \x1b[2J"

PLAYBOOK = """\
dealcoach: 1
id: nasty
name: "[bold]Nasty[/bold]"
version: "1"
dimensions:
  - id: pain
    name: "[blink]Pain[/blink]"
    questions:
      - id: words
        kind: text
        ask: "Their words?"
      - id: other
        kind: text
        ask: "Other words?"
      - id: q
        ask: "[red]Q[/red]?"
        options:
          - {id: a, label: "[green]A[/green]", score: 1}
          - {id: b, label: B, score: 0}
bands: [{id: low, min: 0, label: "[red]Low[/red]"}]
next_steps:
  - id: s
    title: "[bold]Step[/bold]"
    say: "You said: {answers.words} / {answers.other} / {0.__class__} / {answers.q}"
"""


def test_markup_escapes_and_placeholders_print_as_typed(tmp_path: Path, run_cli: RunCli) -> None:
    playbook = tmp_path / "nasty.yaml"
    # {answers.q} names a choice question: lint refuses that, so test the rest.
    playbook.write_text(PLAYBOOK.replace(" / {answers.q}", ""))
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "words: '{answers.other} and {0.__class__} [red]w[/red]'\nother: plain\n"
        "q: {answer: a, evidence: assumed}\n"
    )
    out = run_cli(
        "qualify",
        NASTY,
        "--playbook",
        str(playbook),
        "--answers",
        str(answers),
        "--objective",
        "[red]obj[/red]",
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "\x1b" not in text  # no escape code reaches the terminal...
    assert "\\x1b[2J" in text  # ...it is shown as a visible code
    for literal in [
        "[red]x[/red]",
        "[link=http://e.vil]y[/link]",
        "[bold]Step[/bold]",
        "[red]Low[/red]",
        "[blink]Pain[/blink]",
        "[red]obj[/red]",
        "[green]A[/green]",
    ]:
        assert literal in text, literal
    # One pass: the inserted words are not read again for placeholders.
    assert "You said: {answers.other} and {0.__class__} [red]w[/red] / plain / {0.__class__}" in (
        " ".join(text.split()).replace("│ ", "").replace(" │", "")
    )

    shown = run_cli("show", NASTY, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["deal"]["name"] == NASTY  # stored unchanged


def test_placeholder_naming_a_choice_question_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    playbook = tmp_path / "nasty.yaml"
    playbook.write_text(PLAYBOOK)
    answers = tmp_path / "a.yaml"
    answers.write_text("{}\n")
    out = run_cli("qualify", "X", "--playbook", str(playbook), "--answers", str(answers))
    assert out.returncode == 2
    assert "{answers.q} names a 'one' question" in out.stderr
