"""The README's examples are what the commands really print (tests/readme_examples.py)."""

from __future__ import annotations

import re

from tests.readme_examples import README, examples, rendered


def test_every_console_example_prints_what_the_readme_shows() -> None:
    text = README.read_text(encoding="utf-8")
    assert rendered(text) == text, (
        "README.md is out of date: run `python -m tests.readme_examples` and read the diff"
    )


def test_the_readme_runs_examples_and_closes_its_code_fences() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(re.findall(r"^```", text, re.MULTILINE)) % 2 == 0
    commands = [ex.command for _, _, found in examples(text) for ex in found]
    assert len(commands) >= 6
    assert any(c.startswith("dealcoach schema >") for c in commands)
