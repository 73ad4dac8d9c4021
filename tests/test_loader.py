"""The playbook loader: positions of every problem, hostile files, semantic checks."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dealcoach.cli.environment import Environment
from dealcoach.core.diagnostics import Pos
from dealcoach.core.limits import MAX_DEPTH
from dealcoach.core.loading import PlaybookFile, check_playbook_file
from dealcoach.core.reading import LoadError
from dealcoach.core.scoring import score
from dealcoach.core.yamlsource import load_file, load_text
from tests.conftest import MINIMAL_PLAYBOOK
from tests.scoring_helpers import answers

MARK = "‸"  # where the problem must be reported; removed before the file is written

Write = Callable[[str, str | bytes], Path]


def mutate(*edits: tuple[str, str]) -> tuple[str, Pos]:
    """MINIMAL_PLAYBOOK with each (old, new) edit applied; and the position of the mark."""
    text = MINIMAL_PLAYBOOK
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    assert text.count(MARK) == 1
    before = text[: text.index(MARK)]
    pos = Pos(before.count("\n") + 1, len(before) - before.rfind("\n"))
    return text.replace(MARK, ""), pos


def check(write: Write, text: str | bytes, **kwargs: int) -> PlaybookFile:
    return check_playbook_file(str(write("playbook.yaml", text)), **kwargs)


def codes_at(result: PlaybookFile) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in result.problems]


def test_the_minimal_playbook_is_valid(write: Write) -> None:
    result = check(write, MINIMAL_PLAYBOOK)
    assert result.problems == []
    assert result.playbook is not None
    assert result.playbook.id == "mini"


# --- Schema and syntax problems, at the offending key or value ------------------------

SCHEMA_CASES = [
    pytest.param(
        [("    weight: 3\n", f"    {MARK}wieght: 3\n")],
        "DC101",
        "did you mean 'weight'",
        id="unknown-key-typo",
    ),
    pytest.param(
        [("label: Own words, score: 3}", f"label: Own words, score: {MARK}lots}}")],
        "DC103",
        "score",
        id="wrong-type",
    ),
    pytest.param(
        [("    weight: 3\n", f"    weight: {MARK}-1\n")],
        "DC103",
        "greater than 0",
        id="out-of-range",
    ),
    pytest.param(
        [("  - id: fit\n    name: Fit\n", f"  - {MARK}id: fit\n")],
        "DC102",
        "missing required key 'name'",
        id="missing-key",
    ),
    pytest.param(
        [("    name: Pain\n", f"    name: Pain\n    {MARK}name: Again\n")],
        "DC003",
        "duplicate key 'name' (first at line 7)",
        id="duplicate-key-second-occurrence",
    ),
    pytest.param(
        [('{id: "no", label: "No", score: 0}', f'{{id: {MARK}no, label: "No", score: 0}}')],
        "DC104",
        'write it in quotes: "no"',
        id="unquoted-no",
    ),
    pytest.param(
        [('version: "2.1"', f"version: {MARK}1.0")],
        "DC104",
        'write it in quotes: "1.0"',
        id="unquoted-version",
    ),
    pytest.param(
        [("id: mini\n", f"id: mini{MARK}: x\n")],
        "DC002",
        "YAML syntax",
        id="yaml-syntax",
    ),
    pytest.param(
        [("dealcoach: 1", f"dealcoach: {MARK}2")],
        "DC103",
        "reads format version 1 only",
        id="format-version",
    ),
]


@pytest.mark.parametrize(("edits", "code", "message"), SCHEMA_CASES)
def test_schema_and_syntax_positions(
    write: Write, edits: list[tuple[str, str]], code: str, message: str
) -> None:
    text, pos = mutate(*edits)
    result = check(write, text)
    assert result.errors == result.problems
    assert codes_at(result) == [(code, pos.line, pos.column)]
    assert message in result.problems[0].message
    assert str(result.problems[0]).startswith(f"{result.path}:{pos.line}:{pos.column}: ")


def test_every_schema_problem_is_reported(write: Write) -> None:
    text, _ = mutate(("    weight: 3\n", f"    {MARK}wieght: 3\n"))
    text = text.replace("label: Own words, score: 3", "label: Own words, score: lots")
    text = text.replace('version: "2.1"', "version: 1.0")
    text = text.replace("  - id: fit\n    name: Fit\n", "  - id: fit\n")
    result = check(write, text)
    assert sorted(p.code for p in result.problems) == ["DC101", "DC102", "DC103", "DC104"]
    assert result.problems == sorted(result.problems, key=lambda p: (p.line, p.column))


# --- Hostile files --------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 10)}]")
    return "\n".join(lines) + "\n"


def nested_flow(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"


def nested_block(depth: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"


HOSTILE = [
    pytest.param(billion_laughs(), "DC005", id="alias-bomb"),
    pytest.param(nested_flow(100), "DC005", id="nested-flow-lists"),
    pytest.param(nested_block(100), "DC005", id="nested-block-mappings"),
    pytest.param(b"dealcoach: 1\nid: \x00x\n", "DC001", id="nul-byte"),
    pytest.param(MINIMAL_PLAYBOOK.encode("utf-16"), "DC001", id="utf-16-bom"),
    pytest.param(MINIMAL_PLAYBOOK.encode("utf-16-be"), "DC001", id="utf-16-no-bom"),
    pytest.param(b"dealcoach: 1\nid: caf\xe9\n", "DC001", id="invalid-utf-8"),
    pytest.param("x: !!python/object:os.system {}\n", "DC004", id="python-object-tag"),
    pytest.param('x: !!python/object/apply:os.system ["echo hi"]\n', "DC004", id="apply-tag"),
    pytest.param("dealcoach: 1\n---\ndealcoach: 1\n", "DC006", id="two-documents"),
    pytest.param("", "DC006", id="empty-file"),
    pytest.param("# only a comment\n\n", "DC006", id="comments-only"),
    pytest.param("- a list\n- not a mapping\n", "DC006", id="not-a-mapping"),
]


@pytest.mark.parametrize(("content", "code"), HOSTILE)
def test_hostile_files_are_refused_quickly(write: Write, content: str | bytes, code: str) -> None:
    start = time.perf_counter()
    result = check(write, content)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert result.playbook is None
    assert [p.code for p in result.problems] == [code]
    assert result.problems[0].line >= 1 and result.problems[0].column >= 1


@pytest.mark.parametrize(
    ("content", "pos"),
    [
        (b"dealcoach: 1\nid: \x00x\n", Pos(2, 5)),
        (b"dealcoach: 1\nid: caf\xe9\n", Pos(2, 8)),
        # The root mapping counts as a level, so the MAX_DEPTH-th bracket is refused.
        (nested_flow(100).encode(), Pos(1, 3 + MAX_DEPTH)),
        (b"x: !!python/object:os.system {}\n", Pos(1, 4)),
        (b"a: 1\n---\nb: 2\n", Pos(2, 1)),
    ],
)
def test_hostile_file_positions(write: Write, content: bytes, pos: Pos) -> None:
    [problem] = check(write, content).problems
    assert (problem.line, problem.column) == (pos.line, pos.column)


def test_alias_bomb_raises_load_error_fast() -> None:
    assert len(billion_laughs()) < 1024
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_text(billion_laughs(), "bomb.yaml")
    assert time.perf_counter() - start < 2.0
    assert info.value.problem.code == "DC005"


def test_size_limit(write: Write) -> None:
    path = write("big.yaml", MINIMAL_PLAYBOOK)
    size = path.stat().st_size
    result = check_playbook_file(str(path), max_bytes=size - 1)
    assert [p.code for p in result.problems] == ["DC001"]
    assert "limit" in result.problems[0].message
    with pytest.raises(LoadError):
        load_file(str(path), max_bytes=size - 1)
    assert check_playbook_file(str(path), max_bytes=size).problems == []


def test_size_limit_from_the_environment(write: Write) -> None:
    path = write("big.yaml", "x: " + "a" * (1024 * 1024) + "\n")
    limit = Environment.read({"DEALCOACH_MAX_FILE_MB": "0.5"}).max_bytes
    assert [p.code for p in check_playbook_file(str(path), limit).problems] == ["DC001"]


def test_a_folder_or_missing_file_is_a_problem(tmp_path: Path) -> None:
    assert [p.code for p in check_playbook_file(str(tmp_path)).problems] == ["DC001"]
    missing = check_playbook_file(str(tmp_path / "missing.yaml"))
    assert [p.code for p in missing.problems] == ["DC001"]


def test_utf8_bom_is_accepted(write: Write) -> None:
    result = check(write, "\ufeff" + MINIMAL_PLAYBOOK)
    assert result.problems == []


@pytest.mark.parametrize("scalar", ["0x_", "0b_", "+0b_", "-0x__"])
def test_number_like_scalars_without_digits_load_as_text(write: Write, scalar: str) -> None:
    # YAML 1.1 calls these ints, but they hold no digits: they stay text.
    result = check(write, MINIMAL_PLAYBOOK.replace('version: "2.1"', f"version: {scalar}"))
    assert result.problems == []
    assert result.playbook is not None
    assert result.playbook.version == scalar


# --- Ordinary anchors and aliases keep working ------------------------------------------

ANCHORS = """\
dealcoach: 1
id: anchors
name: Anchors
version: "1"
dimensions:
  - id: d
    name: D
    questions:
      - id: q1
        ask: One?
        options: &yes_no
          - {id: "yes", label: "Yes", score: 1}
          - {id: "no", label: "No", score: 0}
      - id: q2
        ask: Two?
        options: *yes_no
      - id: q3
        ask: Three?
        options: *yes_no
bands:
  - {id: low, min: 0, label: &low Low}
  - {id: high, min: 50, label: *low}
next_steps:
  - {id: only, title: Only, say: Say.}
"""


def test_ordinary_anchors_and_aliases_load_and_score(write: Write) -> None:
    result = check(write, ANCHORS)
    assert result.problems == []
    pb = result.playbook
    assert pb is not None
    assert [o.id for o in pb.questions[2].options] == ["yes", "no"]
    card = score(pb, answers(pb, {"q1": "yes", "q2": "no", "q3": "yes"}))
    assert card.score == pytest.approx(200 / 3)
    assert card.band.id == "high"


# --- Semantic problems (validation.py) ---------------------------------------------------

SCENARIO = "scenarios:\n  - name: s\n    answers: {}\n    expect: EXPECT\n"

SEMANTIC_CASES = [
    pytest.param([("  - id: fit\n", f"  - id: {MARK}pain\n")], "DC201", id="duplicate-dimension"),
    pytest.param(
        [("      - id: spread\n", f"      - id: {MARK}confirmed\n")],
        "DC201",
        id="duplicate-question",
    ),
    pytest.param([("{id: sales,", f"{{id: {MARK}ops,")], "DC201", id="duplicate-option"),
    pytest.param(
        [("{id: mid, min: 30", f"{{id: {MARK}top, min: 30")], "DC201", id="duplicate-band"
    ),
    pytest.param(
        [("  - id: keep-going\n", f"  - id: {MARK}confirm\n")], "DC201", id="duplicate-step"
    ),
    pytest.param(
        [("next_steps:\n", f"  - {{id: {MARK}poor-fit, when: always, cap: low}}\nnext_steps:\n")],
        "DC201",
        id="duplicate-gate",
    ),
    pytest.param(
        [("when: {answer: icp, is: poor}", f"when: {{dimension: {MARK}nope, below: 10}}")],
        "DC202",
        id="unknown-dimension",
    ),
    pytest.param(
        [("when: {answer: icp, is: poor}", f"when: {{answer: {MARK}nope, is: poor}}")],
        "DC202",
        id="unknown-question",
    ),
    pytest.param(
        [("when: {answer: icp, is: poor}", f"when: {{answer: icp, is: {MARK}great}}")],
        "DC202",
        id="unknown-option-is",
    ),
    pytest.param(
        [('in: ["no", unknown]', f'in: ["no", {MARK}maybe]')], "DC202", id="unknown-option-in"
    ),
    pytest.param(
        [('{answer: confirmed, in: ["no", unknown]}', f"{{assumed: {MARK}nope}}")],
        "DC202",
        id="unknown-assumed",
    ),
    pytest.param(
        [('{answer: confirmed, in: ["no", unknown]}', f"{{band: {MARK}nope}}")],
        "DC202",
        id="unknown-band-condition",
    ),
    pytest.param([("    cap: low\n", f"    cap: {MARK}bottom\n")], "DC202", id="unknown-gate-cap"),
    pytest.param(
        [('"You said: {answers.words}"', f'"You said: {MARK}{{answers.nope}}"')],
        "DC202",
        id="placeholder-unknown-question",
    ),
    pytest.param(
        [('"You said: {answers.words}"', f'"You said: {MARK}{{answers.confirmed}}"')],
        "DC203",
        id="placeholder-not-text",
    ),
    pytest.param(
        [
            (
                '"You said: {answers.words}"',
                f">-  # {{answers.nope}}\n      You said {{answers.words}},\n"
                f"      and then {MARK}{{answers.nope}}.",
            )
        ],
        "DC202",
        id="placeholder-in-a-folded-block",
    ),
    pytest.param(
        [
            (
                '"You said: {answers.words}"',
                f"|\n      You said {{answers.words}}\n      {MARK}{{answers.confirmed}}!"
                "\n      Then {answers.words}.",
            )
        ],
        "DC203",
        id="placeholder-in-a-literal-block",
    ),
    pytest.param([("{id: sales,", f"{{id: {MARK}unknown,")], "DC204", id="reserved-option-id"),
    pytest.param(
        [
            ("  - {id: top, min: 60", f"  {MARK}- {{id: top, min: 60"),
            ("{id: low, min: 0,", "{id: low, min: 10,"),
        ],
        "DC205",
        id="no-zero-band",
    ),
    pytest.param([("{id: mid, min: 30", f"{{id: mid, min: {MARK}60")], "DC206", id="same-min"),
    pytest.param(
        [
            (
                "  - id: keep-going\n    title",
                f"  - id: keep-going\n    {MARK}when: {{score: {{below: 10}}}}\n    title",
            )
        ],
        "DC207",
        id="last-step-with-when",
    ),
    pytest.param(
        [
            (
                "say: Let's keep going.\n",
                f"say: Let's keep going.\nlanguage:\n  - id: l\n"
                f"    match: [{MARK}'(unclosed']\n    advice: A\n",
            )
        ],
        "DC208",
        id="bad-regex",
    ),
    pytest.param(
        [
            ("          - {id: sales, label: Sales, score: 2}\n", ""),
            ("          - {id: ops,", f"          {MARK}- {{id: ops,"),
        ],
        "DC209",
        id="one-option",
    ),
    pytest.param(
        [
            (
                "        learn: I need to hear it in their words.\n",
                "        learn: I need to hear it in their words.\n"
                f"        {MARK}options: [{{id: a, label: A, score: 1}}]\n",
            )
        ],
        "DC210",
        id="text-with-options",
    ),
]
SCENARIO_CASES = [
    pytest.param(f"{{band: {MARK}nope}}", id="scenario-band"),
    pytest.param(f"{{next_step: {MARK}nope}}", id="scenario-step"),
    pytest.param(f"{{gates: [{MARK}nope]}}", id="scenario-gate"),
]


@pytest.mark.parametrize(("edits", "code"), SEMANTIC_CASES)
def test_semantic_problem_positions(write: Write, edits: list[tuple[str, str]], code: str) -> None:
    text, pos = mutate(*edits)
    result = check(write, text)
    assert codes_at(result) == [(code, pos.line, pos.column)], result.problems


def test_each_placeholder_is_reported_where_it_is_written(write: Write) -> None:
    say = '"You said {answers.nope}, {answers.words}\n      and {answers.nope}\n'
    say += '      {answers.nope}"'
    text = MINIMAL_PLAYBOOK.replace('"You said: {answers.words}"', say)
    line = text.splitlines().index("    say: " + say.splitlines()[0]) + 1
    result = check(write, text)
    assert codes_at(result) == [
        ("DC202", line, 20),
        ("DC202", line + 1, 11),
        ("DC202", line + 2, 7),
    ]


@pytest.mark.parametrize("expect", SCENARIO_CASES)
def test_scenario_expects_name_known_ids(write: Write, expect: str) -> None:
    text, pos = mutate(
        (
            "say: Let's keep going.\n",
            "say: Let's keep going.\n" + SCENARIO.replace("EXPECT", expect),
        )
    )
    result = check(write, text)
    assert codes_at(result) == [("DC202", pos.line, pos.column)]


def test_duplicate_ids_report_the_first_line(write: Write) -> None:
    text, _ = mutate(("      - id: spread\n", f"      - id: {MARK}confirmed\n"))
    [problem] = check(write, text).problems
    first = MINIMAL_PLAYBOOK.splitlines().index("      - id: confirmed") + 1
    assert f"first at line {first}" in problem.message


def test_every_semantic_problem_is_reported(write: Write) -> None:
    text = MINIMAL_PLAYBOOK
    for old, new in [
        ("  - id: fit\n", "  - id: pain\n"),
        ("{id: sales,", "{id: unknown,"),
        ("{id: mid, min: 30", "{id: mid, min: 60"),
        ("    cap: low\n", "    cap: bottom\n"),
        ("{answers.words}", "{answers.confirmed}"),
        ("  - id: keep-going\n    title", "  - id: keep-going\n    when: always\n    title"),
    ]:
        text = text.replace(old, new)
    text += "  - id: tail\n    when: {score: {below: 1}}\n    title: T\n    say: S\n"
    result = check(write, text)
    assert sorted({p.code for p in result.problems}) == [
        "DC201",
        "DC202",
        "DC203",
        "DC204",
        "DC206",
        "DC207",
    ]
    assert result.playbook is not None  # schema-valid, so the model is there
    assert result.errors == result.problems
