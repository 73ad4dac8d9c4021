"""`dealcoach template` (an answers file to fill in) and `--say` (only the words of
the next step)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dealcoach.core.catalog import shipped_dir
from dealcoach.core.loading import load_playbook
from tests.conftest import MINIMAL_PLAYBOOK, RunCli


@pytest.mark.parametrize("playbook", ["customer-first", "meddicc"])
def test_a_template_lists_every_question_as_unknown(run_cli: RunCli, playbook: str) -> None:
    result = run_cli("template", playbook)
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load(result.stdout)
    loaded = load_playbook(str(shipped_dir() / f"{playbook}.yaml")).playbook
    assert loaded is not None
    assert list(answers) == [q.id for d in loaded.dimensions for q in d.questions]
    assert set(answers.values()) == {"unknown"}
    for dimension in loaded.dimensions:
        for question in dimension.questions:
            assert f"# {question.ask}" in result.stdout


def test_a_template_works_as_answers_as_it_is(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(run_cli("template").stdout, encoding="utf-8")
    result = run_cli("qualify", "Acme Corp", "--answers", "answers.yaml", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no note about unknown question ids
    scored = json.loads(result.stdout)
    shown = json.loads(run_cli("show", "Acme Corp", "--json").stdout)
    questions = {a["question"] for a in shown["answers"]}
    assert questions == set(yaml.safe_load((tmp_path / "answers.yaml").read_text()))
    assert scored["score"] == 0


def test_a_filled_in_template_scores_its_answers(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    text = run_cli("template", "mini.yaml").stdout
    assert "#   own_words: " in text  # the options are listed under their question
    filled = text.replace("confirmed: unknown", "confirmed: own_words")
    (tmp_path / "answers.yaml").write_text(filled, encoding="utf-8")
    result = run_cli(
        "qualify", "Acme", "--playbook", "mini.yaml", "--answers", "answers.yaml", "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["score"] > 0


def test_a_template_of_an_unknown_playbook_is_an_error(run_cli: RunCli) -> None:
    result = run_cli("template", "no-such-playbook")
    assert result.returncode == 2
    assert "no-such-playbook" in result.stderr
    assert result.stdout == ""


def test_say_prints_only_the_words_of_the_next_step(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    said = run_cli("qualify", "Acme Corp", "--answers", "answers.yaml", "--say")
    assert said.returncode == 0, said.stderr
    shown = json.loads(run_cli("show", "Acme Corp", "--json").stdout)
    assert said.stdout == shown["scorecard"]["next_step"]["say"] + "\n"
    again = run_cli("show", "Acme Corp", "--say")
    assert again.stdout == said.stdout
    after = run_cli("next-step", "Acme Corp", "--answers", "answers.yaml", "--say")
    assert after.returncode == 0, after.stderr
    assert after.stdout.count("\n") == 1  # one paragraph, ready to paste


def test_say_and_json_together_are_a_usage_error_and_record_nothing(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "answers.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    result = run_cli("qualify", "Acme Corp", "--answers", "answers.yaml", "--say", "--json")
    assert result.returncode == 2
    assert "--json and --say" in result.stderr
    assert run_cli("show", "Acme Corp").returncode == 2  # never qualified
