"""Data-driven lint cases: every bad case declares the problems it must produce.

- ``lint_cases/bad/NAME.yaml`` (or a folder of files, linted together) starts with
  ``# expect: CODE line N`` lines: exactly these problems must be found.
- ``lint_cases/good/NAME.yaml`` (or a folder) starts with ``# good: CODE ...``, the
  codes whose correct use it shows; it must lint clean even with ``--strict``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from dealcoach.core.lint import lint
from dealcoach.core.rules.registry import all_rules
from tests.conftest import LINT_CASES as CASES

EXPECT = re.compile(r"^# expect: (DC\d{3}) line (\d+)$")
GOOD = re.compile(r"^# good:(.*)$")


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir() or p.suffix == ".yaml")


def _files(case: Path) -> list[Path]:
    return sorted(case.rglob("*.yaml")) if case.is_dir() else [case]


def _header(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    return header


def _expected(case: Path) -> Counter[tuple[str, str, int]]:
    found: Counter[tuple[str, str, int]] = Counter()
    for path in _files(case):
        for line in _header(path):
            match = EXPECT.match(line)
            if match:
                found[(path.name, match.group(1), int(match.group(2)))] += 1
    return found


def _good_codes(case: Path) -> set[str]:
    codes: set[str] = set()
    for path in _files(case):
        for line in _header(path):
            match = GOOD.match(line)
            if match:
                codes.update(re.findall(r"DC\d{3}", match.group(1)))
    return codes


@pytest.mark.parametrize("case", _cases("bad"), ids=lambda p: p.name)
def test_bad_case_reports_exactly_what_it_declares(case: Path) -> None:
    expected = _expected(case)
    assert expected, f"{case} declares no '# expect: CODE line N'"
    result = lint([str(case)])
    actual = Counter((Path(p.file).name, p.code, p.line) for p in result.problems)
    assert actual == expected, "\n".join(
        f"{p.file}:{p.line}:{p.column}: {p.code} {p.message}" for p in result.problems
    )


@pytest.mark.parametrize("case", _cases("good"), ids=lambda p: p.name)
def test_good_case_lints_clean_with_strict(case: Path) -> None:
    assert any(GOOD.match(line) for path in _files(case) for line in _header(path))
    result = lint([str(case)])
    assert result.problems == []
    assert result.exit_code(strict=True) == 0


def test_every_code_has_a_failing_and_a_passing_case() -> None:
    failing = {code for case in _cases("bad") for (_, code, _) in _expected(case)}
    passing = set().union(*(_good_codes(case) for case in _cases("good")))
    assert set(all_rules()) - failing == set(), "codes without a bad case"
    assert set(all_rules()) - passing == set(), "codes without a good case"
    assert failing | passing <= set(all_rules()), "cases name codes that do not exist"


def test_problems_carry_the_level_of_their_code() -> None:
    for case in _cases("bad"):
        for problem in lint([str(case)]).problems:
            assert problem.level == all_rules()[problem.code].level, problem
