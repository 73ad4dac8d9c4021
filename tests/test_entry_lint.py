"""The console script's fast path for `dealcoach lint`: same results as the full CLI,
and none of typer's cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dealcoach.cli.main import PlainLint, plain_lint
from tests.conftest import LINT_CASES, cli_env


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        ([], ([], None, False)),
        (["a.yaml", "--strict", "b"], (["a.yaml", "b"], None, True)),
        (["--format", "json", "x.yaml"], (["x.yaml"], "json", False)),
        (["--format=sarif", "--strict"], ([], "sarif", True)),
        (["-", "--", "--strict"], (["-", "--strict"], None, False)),
    ],
)
def test_plain_lint_arguments_are_parsed(
    args: list[str], parsed: tuple[list[str], str | None, bool]
) -> None:
    assert plain_lint(args) == PlainLint(*parsed)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["x.yaml", "--help"],
        ["--format"],
        ["--format", "--strict"],
        ["--str"],
        ["--strict", "--strict"],
        ["--format", "json", "--format", "text"],
        ["--format=json", "--format=text"],
        ["--bogus"],
        ["-s"],
    ],
)
def test_other_lint_arguments_go_to_the_full_cli(args: list[str]) -> None:
    assert plain_lint(args) is None


FAST = [sys.executable, "-m", "dealcoach", "lint"]
FULL = [
    sys.executable,
    "-c",
    "import sys; from dealcoach.cli.app import run; sys.exit(run(sys.argv[1:]))",
]


@pytest.mark.parametrize(
    "args",
    [
        [str(LINT_CASES / "bad")],
        ["--format", "json", str(LINT_CASES / "bad" / "DC101-unknown-key.yaml")],
        ["--strict", "--format=github", str(LINT_CASES / "good")],
        [str(LINT_CASES / "good" / "minimal.yaml"), "no-such-file.yaml"],
        ["--format", "nope", str(LINT_CASES / "good" / "minimal.yaml")],
        ["--format", "--strict", str(LINT_CASES / "good" / "minimal.yaml")],
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


# A process that runs plain `dealcoach lint` and says which heavy modules it imported.
PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.__stderr__.write("
    "'IMPORTED ' + ' '.join(sorted(m for m in ('typer', 'click', 'rich', 'questionary')"
    " if m in sys.modules)) + '\\n'))\n"
    "sys.argv = ['dealcoach', 'lint'] + sys.argv[1:]\n"
    "from dealcoach.cli.main import main\n"
    "main()\n"
)


@pytest.mark.parametrize(
    "args", [[], ["--format", "json"], ["--strict", "--format=sarif"], ["x.yaml"]]
)
def test_plain_lint_never_imports_typer(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "a.yaml").write_text(
        (LINT_CASES / "good" / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path / "home"),
        cwd=tmp_path,
        timeout=60,
    )
    assert "IMPORTED \n" in done.stderr, done.stderr
