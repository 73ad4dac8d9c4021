"""Shared by the lint tests: paths and a minimal valid playbook."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "lint_cases"

MINIMAL_PLAYBOOK = """\
dealcoach: 1
id: case
name: Case
version: "1"
dimensions:
  - id: need
    name: Need
    questions:
      - id: pain
        ask: Is there pain?
        learn: I need to find out whether they are in pain.
        options:
          - {id: "yes", label: "Yes", score: 1}
          - {id: "no", label: "No", score: 0}
bands:
  - {id: go, min: 50, label: Go}
  - {id: wait, min: 0, label: Wait}
next_steps:
  - id: learn-more
    title: Learn more
    say: "Here's what I'd like to suggest as a next step: a call about your goals."
"""


def write(folder: Path, name: str, text: str) -> str:
    """Write a file under ``folder`` and return its path as a string."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)
