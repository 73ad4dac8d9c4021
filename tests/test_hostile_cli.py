"""Hostile and broken files through the real command: a short positioned error, exit 2."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.conftest import RunCli

BOMB = """\
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def nested(depth: int) -> str:
    return "dealcoach: 1\nid: x\nname: " + "[" * depth + "]" * depth + "\n"


def block_nested(depth: int) -> str:
    return "".join(f"{'  ' * n}k{n}:\n" for n in range(depth)) + f"{'  ' * depth}v\n"


CASES: dict[str, bytes] = {
    "alias-bomb": BOMB.encode(),
    "flow-nesting": nested(100).encode(),
    "block-nesting": block_nested(100).encode(),
    "nul-bytes": b"dealcoach: 1\x00\nid: x\n",
    "utf-16": "dealcoach: 1\nid: x\n".encode("utf-16"),
    "latin-1": "name: Soci\xe9t\xe9\n".encode("latin-1"),
    "python-tag": b"dealcoach: 1\nid: !!python/object/apply:os.system ['echo hacked']\n",
    "syntax": b"dealcoach: 1\nid: [unclosed\nname: x\n",
    "duplicate-key": b"dealcoach: 1\ndealcoach: 1\n",
    "not-a-mapping": b"- just\n- a list\n",
    "empty": b"",
    "two-documents": b"dealcoach: 1\n---\ndealcoach: 1\n",
}

POSITIONED = re.compile(r"^(?P<file>[^:]+\.yaml):(?P<line>\d+):(?P<col>\d+): \S")
# A problem of the file as a whole has no position, and none is made up: "FILE: ".
WHOLE_FILE = re.compile(r"^(?P<file>[^:]+\.yaml): \S")
WITHOUT_POSITION = {"empty", "not-a-mapping", "utf-16"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_playbook_is_refused_fast(case: str, tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(CASES[case])
    answers = tmp_path / "answers.yaml"
    answers.write_text("{}\n")
    start = time.monotonic()
    out = run_cli("qualify", "Acme", "--playbook", str(path), "--answers", str(answers))
    elapsed = time.monotonic() - start
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, out.stderr
    form = WHOLE_FILE if case in WITHOUT_POSITION else POSITIONED
    assert form.match(lines[0]), lines[0]
    assert out.stdout == ""
    assert elapsed < 10
    assert "hacked" not in out.stdout + out.stderr or case == "python-tag"


def test_fifty_megabyte_file_is_refused_without_reading_it_all(
    tmp_path: Path, run_cli: RunCli
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        line = b"# " + b"x" * 1022 + b"\n"
        for _ in range(50 * 1024):
            handle.write(line)
    answers = tmp_path / "answers.yaml"
    answers.write_text("{}\n")
    out = run_cli("qualify", "Acme", "--playbook", str(path), "--answers", str(answers))
    assert out.returncode == 2
    assert "20 MB limit" in out.stderr
    assert out.stderr.startswith(f"{path}: is larger than")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("nope: own_words\n", "unknown question 'nope'"),
        ("pain_confirmed: bogus\n", "unknown option 'bogus'; allowed: own_words"),
        ("pain_confirmed: [own_words]\n", "takes one option, not a list"),
        ("pain_confirmed: {answer: own_words, evidence: sure}\n", "pain_confirmed"),
        ("pain_confirmed: no\n", 'write it in quotes: "no"'),
        ("- a list\n", "mapping from question id"),
    ],
)
def test_bad_answers_file_names_the_question(
    content: str, expected: str, tmp_path: Path, run_cli: RunCli
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content)
    out = run_cli("qualify", "Acme", "--answers", str(answers))
    assert out.returncode == 2
    assert expected in out.stderr
    assert out.stderr.startswith(f"{answers}:")
    assert "Traceback" not in out.stderr
