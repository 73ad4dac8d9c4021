"""Finding files, suppressions, cross-file checks, exit codes and `run`."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from dealcoach.cli.environment import Environment
from dealcoach.cli.lint import run_lint
from dealcoach.core.diagnostics import Problem
from dealcoach.core.errors import DealcoachError
from dealcoach.core.lint import find_files, lint
from dealcoach.core.suppressions import suppressions, unsuppressed
from tests.conftest import MINIMAL_PLAYBOOK

Write = Callable[..., Path]

NO_LEARN = MINIMAL_PLAYBOOK.replace(
    "        learn: I need to find out whether the pain is confirmed.\n", ""
)


def test_folders_are_searched_recursively_for_yaml_files(tmp_path: Path, write: Write) -> None:
    write("pb/a.yaml", MINIMAL_PLAYBOOK)
    write("pb/sub/b.yml", MINIMAL_PLAYBOOK)
    write("pb/sub/notes.txt", "not a playbook")
    write("pb/.hidden/c.yaml", MINIMAL_PLAYBOOK)
    write("pb/.d.yaml", MINIMAL_PLAYBOOK)
    write("pb/UPPER.YAML", MINIMAL_PLAYBOOK)
    files = find_files([str(tmp_path / "pb")])
    rel = [os.path.relpath(f, tmp_path) for f in files]
    assert rel == [
        os.path.join("pb", "UPPER.YAML"),
        os.path.join("pb", "a.yaml"),
        os.path.join("pb", "sub", "b.yml"),
    ]


def test_files_are_taken_as_given_once(tmp_path: Path, write: Write) -> None:
    a = str(write("a.yaml", MINIMAL_PLAYBOOK))
    other = str(write("playbook.txt", MINIMAL_PLAYBOOK))
    assert find_files([a, other, str(tmp_path), a]) == [os.path.normpath(a), other]


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope")
    with pytest.raises(DealcoachError) as caught:
        find_files([missing])
    assert caught.value.message.startswith(f"{missing}: no such file or folder")
    assert caught.value.exit_code == 2


def test_the_default_path_is_playbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DealcoachError, match=r"^playbooks: no such file or folder"):
        find_files([])
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "x.yaml").write_text(MINIMAL_PLAYBOOK)
    assert find_files([]) == [os.path.join("playbooks", "x.yaml")]


def test_all_problems_of_all_files_are_reported(write: Write) -> None:
    a = str(write("a.yaml", MINIMAL_PLAYBOOK.replace("ask: Confirmed?", "aks: Confirmed?")))
    b = str(
        write(
            "b.yaml",
            MINIMAL_PLAYBOOK.replace("id: mini", "id: other").replace("min: 0", "min: 5"),
        )
    )
    c = str(write("c.yaml", "dealcoach: ["))
    result = lint([a, b, c])
    assert result.files == [a, b, c]
    assert [(Path(p.file).name, p.code) for p in result.problems] == [
        ("a.yaml", "DC101"),  # did you mean 'ask'? (and not also: 'ask' is missing)
        ("b.yaml", "DC205"),
        ("c.yaml", "DC002"),
    ]


def test_duplicate_playbook_ids_across_files(write: Write) -> None:
    a = str(write("one/a.yaml", MINIMAL_PLAYBOOK))
    b = str(write("two/b.yaml", MINIMAL_PLAYBOOK))
    (problem,) = lint([a, b]).problems
    assert (problem.file, problem.line, problem.column, problem.code) == (b, 2, 5, "DC211")
    assert a in problem.message


def test_exit_codes(write: Write) -> None:
    clean = lint([str(write("clean.yaml", MINIMAL_PLAYBOOK))])
    warned = lint([str(write("warned.yaml", NO_LEARN))])
    broken = lint([str(write("broken.yaml", MINIMAL_PLAYBOOK.replace("min: 0", "min: 5")))])
    assert (clean.exit_code(False), clean.exit_code(True)) == (0, 0)
    assert (warned.exit_code(False), warned.exit_code(True)) == (0, 1)
    assert (broken.exit_code(False), broken.exit_code(True)) == (1, 1)
    assert (warned.errors, warned.warnings) == (0, 1)


# --- Inline suppression ------------------------------------------------------


def test_suppression_comments_are_read_per_line() -> None:
    text = "a: 1  # dealcoach: disable=DC305\nb: 2 #dealcoach: disable=dc303 , DC306\nc: '#x'\n"
    assert suppressions(text) == {1: {"DC305"}, 2: {"DC303", "DC306"}}


def test_a_warning_is_suppressed_on_its_own_line_only(write: Write) -> None:
    line = "- id: confirmed\n"
    suppressed = NO_LEARN.replace(line, "- id: confirmed  # dealcoach: disable=DC306\n")
    assert lint([str(write("a.yaml", suppressed))]).problems == []
    elsewhere = NO_LEARN.replace("    name: Pain\n", "    name: Pain  # dealcoach: disable=DC306\n")
    assert [p.code for p in lint([str(write("b.yaml", elsewhere))]).problems] == ["DC306"]
    other_code = NO_LEARN.replace(line, "- id: confirmed  # dealcoach: disable=DC305\n")
    assert [p.code for p in lint([str(write("c.yaml", other_code))]).problems] == ["DC306"]


def test_errors_cannot_be_suppressed(write: Write) -> None:
    text = MINIMAL_PLAYBOOK.replace(
        "  - {id: low, min: 0, label: Low}",
        "  - {id: low, min: 30, label: Low}  # dealcoach: disable=DC206",
    )
    assert [p.code for p in lint([str(write("a.yaml", text))]).problems] == ["DC205", "DC206"]


def test_unsuppressed_keeps_errors_and_other_lines() -> None:
    def problem(line: int, code: str, level: str) -> Problem:
        return Problem("f", line, 1, level, code, "m")  # type: ignore[arg-type]

    problems = [
        problem(1, "DC306", "warning"),
        problem(1, "DC201", "error"),
        problem(2, "DC306", "warning"),
    ]
    text = "x  # dealcoach: disable=DC306,DC201\ny\n"
    assert unsuppressed(problems, text) == problems[1:]


# --- run ---------------------------------------------------------------------


def test_the_environment_says_when_github_actions_runs() -> None:
    assert Environment.read({"GITHUB_ACTIONS": "true"}).github_actions
    assert not Environment.read({"GITHUB_ACTIONS": "false"}).github_actions
    assert not Environment.read({}).github_actions


def test_run_picks_github_under_actions(write: Write) -> None:
    path = str(write("a.yaml", NO_LEARN))
    out, err = io.StringIO(), io.StringIO()
    actions = Environment.read({"GITHUB_ACTIONS": "true"})
    assert run_lint([path], None, False, out, err, actions) == 0
    assert out.getvalue().startswith("::warning file=")
    out = io.StringIO()
    assert run_lint([path], None, True, out, err, Environment.read({})) == 1
    assert out.getvalue().startswith(f"{path}:15:9: warning DC306 ")


def test_run_refuses_an_unknown_format(write: Write) -> None:
    path = str(write("a.yaml", MINIMAL_PLAYBOOK))
    with pytest.raises(
        DealcoachError, match="unknown lint format 'xml'; choose one of: text, github"
    ):
        run_lint([path], "xml", False, io.StringIO(), io.StringIO(), Environment.read({}))
