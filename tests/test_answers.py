"""Answers files: what they mean, and errors that name the question (and its options)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dealcoach.adapters.json_views import answer_from_json, answer_json
from dealcoach.core.answer import Answer
from dealcoach.core.errors import InvalidFile
from dealcoach.core.loading import load_answers, load_playbook
from dealcoach.core.models import Playbook
from dealcoach.core.scoring import score
from tests.conftest import MINIMAL_PLAYBOOK

Write = Callable[[str, str | bytes], Path]


@pytest.fixture
def playbook(write: Write) -> Playbook:
    pb = load_playbook(str(write("mini.yaml", MINIMAL_PLAYBOOK))).playbook
    assert pb is not None
    return pb


def read(write: Write, playbook: Playbook, text: str) -> dict[str, Answer]:
    return load_answers(str(write("answers.yaml", text)), playbook)


def problems(write: Write, playbook: Playbook, text: str) -> InvalidFile:
    with pytest.raises(InvalidFile) as info:
        read(write, playbook, text)
    return info.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("confirmed: own_words\n", {"confirmed": Answer("own_words")}, id="verified"),
        pytest.param(
            "confirmed: {answer: agreed, evidence: assumed}\n",
            {"confirmed": Answer("agreed", "assumed")},
            id="assumed",
        ),
        pytest.param(
            "confirmed:\n  answer: agreed\n  evidence: verified\n",
            {"confirmed": Answer("agreed", "verified")},
            id="explicit-verified",
        ),
        pytest.param(
            "spread: [ops, sales]\n", {"spread": Answer(("ops", "sales"))}, id="many-list"
        ),
        pytest.param(
            "spread: {answer: [sales], evidence: assumed}\n",
            {"spread": Answer(("sales",), "assumed")},
            id="many-assumed",
        ),
        pytest.param(
            "words: We lose the renewal if this slips.\n",
            {"words": Answer("We lose the renewal if this slips.")},
            id="text",
        ),
        pytest.param("confirmed: unknown\n", {}, id="unknown-one"),
        pytest.param("spread: unknown\n", {}, id="unknown-many"),
        pytest.param("spread: [unknown]\n", {}, id="unknown-many-list"),
        pytest.param("words: unknown\n", {}, id="unknown-text"),
        pytest.param(
            "icp: {answer: strong, evidence: assumed}\n",
            {"icp": Answer("strong", "verified")},
            id="evidence-false-is-verified",
        ),
        pytest.param('confirmed: "no"\n', {"confirmed": Answer("no")}, id="quoted-no"),
        pytest.param("words: 0x_\n", {"words": Answer("0x_")}, id="number-like-text"),
        pytest.param("", {}, id="empty-file"),
        pytest.param("# nothing yet\n", {}, id="comments-only"),
    ],
)
def test_answers_file_meaning(
    write: Write, playbook: Playbook, text: str, expected: dict[str, Answer]
) -> None:
    parsed = read(write, playbook, text)
    assert {qid: a for qid, a in parsed.items() if a.known} == expected


def test_questions_not_listed_are_unknown(write: Write, playbook: Playbook) -> None:
    card = score(playbook, read(write, playbook, "confirmed: own_words\n"))
    [pain, fit] = card.dimensions
    assert pain.unknown == ("words", "spread")
    assert fit.unknown == ("icp",)
    assert card.answer("icp") == Answer()


def test_evidence_false_ignores_assumed_in_the_score(write: Write, playbook: Playbook) -> None:
    card = score(playbook, read(write, playbook, "icp: {answer: strong, evidence: assumed}\n"))
    fit = card.dimension("fit")
    assert fit is not None
    assert fit.score == 100.0
    assert card.assumptions == []


ERROR_CASES = [
    pytest.param(
        "confirmed: own_words\nnope: x\n",
        "DC501",
        (2, 1),
        ["unknown question 'nope'"],
        id="unknown-question",
    ),
    pytest.param(
        "confirmd: own_words\n",
        "DC501",
        (1, 1),
        ["unknown question 'confirmd'", "did you mean 'confirmed'"],
        id="unknown-question-typo",
    ),
    pytest.param(
        "confirmed: maybe\n",
        "DC502",
        (1, 12),
        ["'confirmed'", "unknown option 'maybe'", "allowed: own_words, agreed, no, unknown"],
        id="unknown-option",
    ),
    pytest.param(
        "spread: [ops, nope]\n",
        "DC502",
        (1, 9),
        ["'spread'", "unknown option 'nope'", "allowed: ops, sales, unknown"],
        id="unknown-option-many",
    ),
    pytest.param(
        "confirmed: {answer: nope, evidence: assumed}\n",
        "DC502",
        (1, 21),
        ["'confirmed'", "unknown option 'nope'"],
        id="unknown-option-detail",
    ),
    pytest.param(
        "confirmed: [own_words, agreed]\n",
        "DC503",
        (1, 12),
        ["'confirmed'", "not a list", "allowed: own_words, agreed, no, unknown"],
        id="list-for-one",
    ),
    pytest.param(
        "spread: [ops, unknown]\n",
        "DC503",
        (1, 9),
        ["'spread'", "'unknown' cannot be chosen with other options"],
        id="unknown-with-options",
    ),
    pytest.param(
        "words: [a, b]\n",
        "DC503",
        (1, 8),
        ["'words'", "takes text"],
        id="list-for-text",
    ),
    pytest.param(
        "confirmed: {answer: agreed, evidence: probably}\n",
        "DC103",
        (1, 39),
        ["confirmed.evidence", "'verified' or 'assumed'"],
        id="bad-evidence",
    ),
    pytest.param(
        "confirmed: {answer: agreed, evidnce: assumed}\n",
        "DC101",
        (1, 29),
        ["unknown key 'evidnce' in confirmed", "did you mean 'evidence'"],
        id="unknown-key",
    ),
    pytest.param(
        "confirmed: no\n",
        "DC104",
        (1, 12),
        ["confirmed", "`no` as the boolean false", 'write it in quotes: "no"'],
        id="unquoted-no",
    ),
    pytest.param(
        "spread: [ops, yes]\n",
        "DC104",
        (1, 15),
        ["spread", 'write it in quotes: "yes"'],
        id="unquoted-yes-in-list",
    ),
]


@pytest.mark.parametrize(("text", "code", "pos", "words"), ERROR_CASES)
def test_answer_errors_name_the_question(
    write: Write,
    playbook: Playbook,
    text: str,
    code: str,
    pos: tuple[int, int],
    words: list[str],
) -> None:
    error = problems(write, playbook, text)
    [problem] = error.problems
    assert (problem.code, problem.line, problem.column) == (code, *pos)
    for word in words:
        assert word in problem.message
    assert error.message.startswith(f"{problem.file}:{pos[0]}:{pos[1]}: ")


def test_every_answer_problem_is_reported(write: Write, playbook: Playbook) -> None:
    error = problems(write, playbook, "confirmed: maybe\nspread: [ops, unknown]\nnope: x\n")
    assert [(p.code, p.line) for p in error.problems] == [
        ("DC502", 1),
        ("DC503", 2),
        ("DC501", 3),
    ]
    assert error.message.count("\n") == 1  # one or two lines
    assert "and 2 more problems" in error.message


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("- confirmed\n- own_words\n", "DC006"),
        ("confirmed: [unclosed\n", "DC002"),
        (b"confirmed: \xff\n", "DC001"),
        ("confirmed: own_words\nconfirmed: agreed\n", "DC003"),
    ],
)
def test_broken_answers_files(
    write: Write, playbook: Playbook, content: str | bytes, code: str
) -> None:
    path = write("answers.yaml", content)
    with pytest.raises(InvalidFile) as info:
        load_answers(str(path), playbook)
    assert [p.code for p in info.value.problems] == [code]


def test_missing_answers_file(tmp_path: Path, playbook: Playbook) -> None:
    with pytest.raises(InvalidFile) as info:
        load_answers(str(tmp_path / "nope.yaml"), playbook)
    assert info.value.problems[0].code == "DC001"


def test_unquoted_no_inside_a_detail_is_one_problem(write: Write, playbook: Playbook) -> None:
    error = problems(write, playbook, "confirmed: {answer: no, evidence: assumed}\n")
    assert [(p.code, p.line, p.column) for p in error.problems] == [("DC104", 1, 21)]
    assert "answer.str" not in error.problems[0].message


@pytest.mark.parametrize(
    "answer",
    [Answer("own_words"), Answer(("ops", "sales"), "assumed"), Answer("Their words.", "verified")],
)
def test_answers_round_trip_through_json(answer: Answer) -> None:
    assert answer_from_json(answer_json(answer)) == answer
