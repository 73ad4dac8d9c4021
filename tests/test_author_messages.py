"""What a playbook author reads: merge keys, the first problem shown, suggestions for
unknown references, plain words for YAML and type errors, and no cascades."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dealcoach.core.diagnostics import Pos, Problem
from dealcoach.core.errors import InvalidFile
from dealcoach.core.lint import lint
from dealcoach.core.loading import check_playbook_file, load_answers, load_playbook
from dealcoach.core.ranking import most_useful_first
from dealcoach.core.reading import LoadError
from dealcoach.core.yamlsource import load_text
from tests.conftest import MINIMAL_PLAYBOOK

Write = Callable[[str, str | bytes], Path]


def edited(*edits: tuple[str, str]) -> str:
    text = MINIMAL_PLAYBOOK
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def messages(write: Write, text: str) -> list[str]:
    return [p.message for p in check_playbook_file(str(write("p.yaml", text))).problems]


# --- Merge keys -----------------------------------------------------------------------


def test_merged_keys_count_as_written_and_keep_where_they_are_written() -> None:
    doc = load_text("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n  z: 4\n", "f.yaml")
    assert doc.problems == []
    assert doc.root["b"] == {"x": 1, "y": 3, "z": 4}
    assert doc.locate(("b", "x"), at_key=True) == Pos(1, 8)  # in the anchored mapping
    assert doc.locate(("b", "y"), at_key=True) == Pos(4, 3)  # the explicit key wins


def test_an_explicit_key_wins_wherever_the_merge_key_stands() -> None:
    doc = load_text("a: &a {x: 1}\nb: {x: 2, <<: *a}\n", "f.yaml")
    assert doc.problems == []  # overriding a merged key is no duplicate
    assert doc.root["b"] == {"x": 2}


def test_in_a_list_of_merged_mappings_the_first_wins() -> None:
    doc = load_text("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b]}\n", "f.yaml")
    assert doc.root["c"] == {"x": 1, "y": 2}
    assert doc.locate(("c", "y")) == Pos(2, 17)


def test_a_quoted_merge_key_is_an_ordinary_key(write: Write) -> None:
    text = edited(("  - id: fit\n", '  - id: fit\n    "<<": {weight: 2}\n'))
    assert any("unknown key '<<'" in m for m in messages(write, text))


def test_merge_keys_work_in_answers_files(write: Write) -> None:
    playbook = load_playbook(str(write("p.yaml", MINIMAL_PLAYBOOK))).playbook
    assert playbook is not None
    path = write("a.yaml", "x: &x {answer: own_words, evidence: assumed}\n")
    with pytest.raises(InvalidFile):  # x is no question, but the merge is understood
        load_answers(str(path), playbook)
    path = write("b.yaml", "confirmed: {<<: {answer: own_words, evidence: assumed}}\n")
    assert load_answers(str(path), playbook)["confirmed"].evidence == "assumed"


# --- The first problem shown is the most useful, and there are no cascades -------------


def test_a_typo_of_a_required_key_is_one_problem_with_its_suggestion(write: Write) -> None:
    text = edited(("    questions:\n      - id: words", "    questons:\n      - id: words"))
    assert messages(write, text) == [
        "unknown key 'questons' in dimensions[0]; did you mean 'questions'?"
    ]


def test_a_command_shows_the_problem_with_a_suggestion_first(write: Write) -> None:
    text = edited(
        ("  - id: fit\n    name: Fit\n", "  - id: fit\n"),  # a key really missing, first
        ("    reason: Poor fit.\n", "    reasn: Poor fit.\n"),  # a typo, later in the file
    )
    with pytest.raises(InvalidFile) as caught:
        load_playbook(str(write("p.yaml", text)))
    first, more = caught.value.message.splitlines()
    assert "unknown key 'reasn'" in first and "did you mean 'reason'?" in first
    assert more.startswith("... and 1 more problem")


def test_most_useful_first_puts_suggestions_before_missing_keys() -> None:
    def at(line: int, code: str, message: str) -> Problem:
        return Problem("f", line, 1, "error", code, message)

    missing = at(1, "DC102", "missing required key 'name' in dimensions[1]; add it")
    plain = at(2, "DC103", "weight: expected a number, not the text 'x'")
    typo = at(3, "DC101", "unknown key 'wieght'; did you mean 'weight'?")
    assert most_useful_first([missing, plain, typo]) == [typo, plain, missing]


def test_a_broken_reference_is_not_reported_again_by_the_scenarios(write: Write) -> None:
    text = edited(("    when: {answer: icp, is: poor}", "    when: {answer: icpp, is: poor}"))
    text += (
        "scenarios:\n"
        "  - name: poor fit is capped\n"
        "    answers: {icp: poor, confirmed: own_words, spread: [ops, sales]}\n"
        "    expect: {band: low}\n"
    )
    result = lint([str(write("p.yaml", text))])
    assert [p.code for p in result.problems] == ["DC202"]
    assert "did you mean 'icp'?" in result.problems[0].message


def test_an_anchored_mistake_is_reported_once(write: Write) -> None:
    text = edited(
        ("    when: {answer: icp, is: poor}", "    when: &poor {answer: icpp, is: poor}"),
        ('    when: {answer: confirmed, in: ["no", unknown]}', "    when: *poor"),
    )
    line = text.splitlines().index("    when: &poor {answer: icpp, is: poor}") + 1
    result = lint([str(write("p.yaml", text))])
    assert [(p.code, p.line) for p in result.problems] == [("DC202", line)]


# --- Suggestions for unknown references -----------------------------------------------

REFERENCES = [
    (("    cap: low\n", "    cap: lwo\n"), "unknown band 'lwo'; did you mean 'low'?"),
    (
        ("    when: {answer: icp, is: poor}", "    when: {dimension: fitt, below: 50}"),
        "unknown dimension 'fitt'; did you mean 'fit'?",
    ),
    (
        ("    when: {answer: icp, is: poor}", "    when: {assumed: confirmd}"),
        "unknown question 'confirmd'; did you mean 'confirmed'?",
    ),
    (
        ("    when: {answer: icp, is: poor}", "    when: {answer: icp, is: pooor}"),
        "question 'icp' has no option 'pooor'; did you mean 'poor'? allowed:",
    ),
    (
        ('"You said: {answers.words}"', '"You said: {answers.word}"'),
        "placeholder {answers.word} names unknown question 'word'; did you mean 'words'?",
    ),
    (("    cap: low\n", "    cap: bottom\n"), "unknown band 'bottom'; known: top, mid, low"),
]


@pytest.mark.parametrize(("edit", "message"), REFERENCES)
def test_unknown_references_suggest_the_closest_id(
    write: Write, edit: tuple[str, str], message: str
) -> None:
    (found,) = messages(write, edited(edit))
    assert message in found


def test_scenario_expectations_suggest_the_closest_id(write: Write) -> None:
    text = MINIMAL_PLAYBOOK + (
        "scenarios:\n"
        "  - name: s\n"
        "    expect: {band: mdi, next_step: keep-goin, gates: [poor-fitt]}\n"
    )
    assert messages(write, text) == [
        "unknown band 'mdi'; did you mean 'mid'?",
        "unknown next step 'keep-goin'; did you mean 'keep-going'?",
        "unknown gate 'poor-fitt'; did you mean 'poor-fit'?",
    ]


# --- Scenarios: at the expected key that differs, with what differs -------------------


def test_a_failing_scenario_is_reported_at_the_key_that_differs(write: Write) -> None:
    text = MINIMAL_PLAYBOOK + (
        "scenarios:\n"
        "  - name: nothing known\n"
        "    expect:\n"
        "      band: low\n"
        "      next_step: keep-going\n"
    )
    (problem,) = lint([str(write("p.yaml", text))]).problems
    assert (problem.code, problem.line, problem.column) == ("DC401", len(text.splitlines()), 7)
    assert "next step expected keep-going, got confirm" in problem.message


# --- Disable comments -----------------------------------------------------------------


def test_a_disable_comment_with_an_unknown_code_is_a_warning(write: Write) -> None:
    text = edited(("        ask: Fit?\n", "        ask: Fit?  # dealcoach: disable=DC306, DC999\n"))
    (problem,) = lint([str(write("p.yaml", text))]).problems
    assert (problem.level, problem.code) == ("warning", "DC007")
    assert problem.column == text.splitlines()[problem.line - 1].index("DC999") + 1
    assert "DC999" in problem.message and "DC306" in problem.message


# --- Plain words for wrong types and for YAML syntax ----------------------------------


def test_a_quoted_number_says_to_remove_the_quotes(write: Write) -> None:
    text = edited(("label: Own words, score: 3}", 'label: Own words, score: "3"}'))
    (message,) = messages(write, text)
    assert '"3" is a quoted number' in message and "remove the quotes: score: 3" in message
    assert "Input should be" not in message


@pytest.mark.parametrize("written", ["1e2", "'1e2'"])
def test_text_that_only_looks_like_a_number_is_not_called_a_quoted_number(
    write: Write, written: str
) -> None:
    """YAML reads 1e2 as text, quoted or not: removing quotes would change nothing."""
    text = edited(("label: Own words, score: 3}", f"label: Own words, score: {written}}}"))
    (message,) = messages(write, text)
    assert message.endswith("expected a number, not the text '1e2'")


SYNTAX = [
    ("say: Here's my idea: a workshop\n", "1:20", "put the text in quotes"),
    ("a:\n  b: 1\n c: 2\n", "3:2", "indent it like its sibling keys"),
    ("a:\n\tb: 1\n", "2:1", "indent with spaces, not tabs"),
    ("a: 1\nb\nc: 2\n", "2:1", 'write "key: value"'),
    ('a: "hello\nb: 2\n', "1:4", "this quote is never closed"),
    ("a: {b: 1\nc: 2\n", "2:2", "the mapping opened at line 1 is not closed"),
    ("a: [1, 2\nc: 2\n", "2:2", "the list opened at line 1 is not closed"),
    ("a: @home\n", "1:4", "a text cannot start with '@'"),
    ("a: *important* stuff\n", "1:14", "read as an alias or an anchor"),
    ('a: "\\bconvince\\d"\n', "1:15", "use single quotes"),
    ('a: "hello" world\nb: 1\n', "1:12", "put all of the text inside the quotes"),
    ("a: 1\n- b\n", "2:1", "indent the list under its key"),
    ("a:\n  - x\n  b: 1\n", "3:3", "start each item with '- '"),
    ("a: ]\n", "1:4", "a ']' that closes nothing"),
    ("a: b\nd: |x\n", "2:5", "start the text on the next line"),
]


@pytest.mark.parametrize(("text", "where", "hint"), SYNTAX)
def test_yaml_syntax_errors_are_in_plain_words(text: str, where: str, hint: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(text, "f.yaml")
    problem = caught.value.problem
    assert problem.code == "DC002"
    assert f"{problem.line}:{problem.column}" == where
    assert problem.message.startswith("YAML syntax: ")
    assert hint in problem.message
    for wording in ("not allowed", "expected", "token", "scanning", "while parsing"):
        assert wording not in problem.message
