"""The console script's fast path for `dealcoach lint`: same results as the full CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dealcoach._entry import lint_args
from tests.conftest import LINT_CASES, cli_env


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        ([], ([], None, False)),
        (["a.yaml", "--strict", "b"], (["a.yaml", "b"], None, True)),
        (["--format", "json", "x.yaml"], (["x.yaml"], "json", False)),
        (["--format=sarif", "--strict"], ([], "sarif", True)),
        (["-", "--", "--strict"], (["-", "--strict"], None, False)),
        (["--format", "--strict"], ([], "--strict", False)),  # as click takes it
    ],
)
def test_plain_lint_arguments_are_parsed(
    args: list[str], parsed: tuple[list[str], str | None, bool]
) -> None:
    assert lint_args(args) == parsed


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["x.yaml", "--help"],
        ["--format"],
        ["--format", "json", "--format", "text"],
        ["--format=json", "--format=text"],
        ["--bogus"],
        ["-s"],
    ],
)
def test_other_lint_arguments_go_to_the_full_cli(args: list[str]) -> None:
    assert lint_args(args) is None


FAST = [sys.executable, "-m", "dealcoach", "lint"]
FULL = [
    sys.executable,
    "-c",
    "import sys; from dealcoach.cli import run; sys.exit(run(sys.argv[1:]))",
]


@pytest.mark.parametrize(
    "args",
    [
        [str(LINT_CASES / "bad")],
        ["--format", "json", str(LINT_CASES / "bad" / "DC101-unknown-key.yaml")],
        ["--strict", "--format=github", str(LINT_CASES / "good")],
        [str(LINT_CASES / "good" / "minimal.yaml"), "no-such-file.yaml"],
        ["--format", "nope", str(LINT_CASES / "good" / "minimal.yaml")],
        ["no-such-\x1b[31m-file.yaml"],  # user text in an error, escapes shown
    ],
)
def test_the_fast_path_prints_what_the_full_cli_prints(args: list[str], tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    fast = subprocess.run([*FAST, *args], capture_output=True, text=True, env=env, timeout=60)
    full = subprocess.run(
        [*FULL, "lint", *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
