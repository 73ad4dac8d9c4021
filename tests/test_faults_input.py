"""Faults in what users give dealcoach, and in their terminals: never a traceback, never a
hang, one or two lines of error with exit code 2, and output that cannot be forged."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import LINT_CASES, MINIMAL_PLAYBOOK, RunCli, RunProcess, cli_env

ANSWERS = "pain_confirmed: own_words\nproblem_words: Ça coûte €3k par mois.\n"


def one_error(done: object) -> None:
    """Exit 2 and one or two lines on stderr, without a traceback."""
    assert done.returncode == 2, done.stdout  # type: ignore[attr-defined]
    err: str = done.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in err
    assert 1 <= err.count("\n") <= 2, err


# --- Terminals that cannot show every character ---------------------------------------


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "LANG": "C"}],
    ids=["ascii", "latin-1", "C-locale"],
)
def test_narrow_encodings_still_print_everything(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    environ = {**cli_env(tmp_path / "home"), **env}
    if "LC_ALL" in env:
        environ.pop("PYTHONIOENCODING", None)
    encoding = "latin-1" if env.get("PYTHONIOENCODING") == "latin-1" else "utf-8"

    def run(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "dealcoach", *args],
            capture_output=True, env=environ, cwd=tmp_path, timeout=60,
        )  # fmt: skip
        return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)

    code, out, err = run("qualify", "Zoë Café", "--answers", "a.yaml")
    assert code == 0, err
    assert "Traceback" not in err
    assert "Deal score" in out
    for command in (["deals"], ["show", "Zoë Café"], ["lint", str(LINT_CASES / "bad")]):
        code, out, err = run(*command)
        assert code in (0, 1), (command, err)
        assert "Traceback" not in err
    code, out, err = run("qualify", "Zoë Café", "--answers", "a.yaml", "--json")
    assert json.loads(out)["deal"]["name"] == "Zoë Café"


def test_ascii_output_has_ascii_bars_and_borders(run_process: RunProcess, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    done = run_process("qualify", "Acme", "--answers", "a.yaml", env={"PYTHONIOENCODING": "ascii"})
    assert done.stdout.isascii()
    assert "#" in done.stdout and "+--" in done.stdout
    shown = run_process("show", "Acme", env={"PYTHONIOENCODING": "ascii"})
    assert shown.returncode == 0, shown.stderr
    assert "\\u20ac3k" in shown.stdout  # the customer's words, escaped: € is \u20ac


# --- Files that would block, or are not what they seem -------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["qualify", "Acme", "--answers", "{fifo}"],
        ["qualify", "Acme", "--playbook", "{fifo}", "--answers", "{fifo}"],
        ["lint", "{fifo}"],
    ],
    ids=["answers", "playbook", "lint"],
)
def test_a_fifo_is_refused_not_waited_on(
    run_process: RunProcess, fifo: Path, args: list[str]
) -> None:
    start = time.monotonic()
    done = run_process(*[a.replace("{fifo}", str(fifo)) for a in args], timeout=20)
    assert time.monotonic() - start < 15
    one_error(done)
    assert "not a regular file" in done.stderr


def test_a_fifo_in_a_linted_folder_is_skipped(
    run_process: RunProcess, tmp_path: Path, fifo: Path
) -> None:
    (tmp_path / "ok.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    done = run_process("lint", "--format", "json", str(tmp_path), timeout=20)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"] == 1


def test_the_same_file_named_twice_is_linted_once(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    done = run_cli("lint", "--format", "json", "mini.yaml", str(tmp_path / "mini.yaml"))
    assert done.returncode == 0, done.stdout
    assert json.loads(done.stdout) == {"files": 1, "problems": []}


# --- A language rule that backtracks ------------------------------------------------------

SLOW = MINIMAL_PLAYBOOK + "language:\n  - id: slow\n    match: ['^(a|aa)+$']\n    advice: Ask.\n"


def test_a_catastrophic_pattern_cannot_stall_a_session(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "slow.yaml").write_text(SLOW, encoding="utf-8")
    (tmp_path / "a.yaml").write_text("confirmed: own_words\n", encoding="utf-8")
    start = time.monotonic()
    done = run_cli(
        "qualify", "Acme", "--playbook", "slow.yaml", "--answers", "a.yaml",
        "--objective", "a" * 33 + "!", "--json",
    )  # fmt: skip
    assert time.monotonic() - start < 5
    assert done.returncode == 0, done.stderr
    linted = json.loads(run_cli("lint", "--format", "json", "slow.yaml").stdout)
    assert [p["code"] for p in linted["problems"]] == ["DC310"]


# --- Nothing printed from a file can forge a line or act on the terminal ---------------

FORGED_KEY = '"wei\\nght\\nevil.yaml:1:1: error DC999 all clear": 2\n'


def test_a_key_with_line_breaks_cannot_forge_a_lint_line(run_cli: RunCli, tmp_path: Path) -> None:
    text = MINIMAL_PLAYBOOK.replace("    weight: 3\n", "    weight: 3\n    " + FORGED_KEY, 1)
    (tmp_path / "forged.yaml").write_text(text, encoding="utf-8")
    done = run_cli("lint", "forged.yaml")
    lines = [line for line in done.stdout.splitlines() if line]
    assert len(lines) == 1, done.stdout
    assert lines[0].startswith("forged.yaml:")
    assert "DC999" in lines[0] and "\\n" in lines[0]  # shown, escaped, on the one line


def test_a_file_name_with_a_line_break_cannot_forge_a_line(run_cli: RunCli, tmp_path: Path) -> None:
    name = "a\nevil.yaml:1:1: error DC999 x.yaml"
    (tmp_path / name).write_text("dealcoach: [\n", encoding="utf-8")
    done = run_cli("lint", name)
    assert len(done.stdout.strip().splitlines()) == 1, done.stdout


@pytest.mark.parametrize("char", ["\x9b", "\x7f", "\u202e", "\u200b", "\x1b"])
def test_controls_and_invisible_characters_are_escaped(
    run_cli: RunCli, tmp_path: Path, char: str
) -> None:
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    name = f"Acme{char}Corp"
    data = run_cli("qualify", name, "--answers", "a.yaml", "--json")
    assert data.returncode == 0, data.stderr
    assert char not in data.stdout
    assert json.loads(data.stdout)["deal"]["name"] == name
    human = run_cli("show", name)
    assert char not in human.stdout
    assert "Acme" in human.stdout and "Corp" in human.stdout


def test_lint_json_and_sarif_escape_c1_controls(run_cli: RunCli, tmp_path: Path) -> None:
    text = MINIMAL_PLAYBOOK.replace("    weight: 3\n", '    weight: 3\n    "k\\x9b\\x85": 1\n', 1)
    (tmp_path / "c1.yaml").write_text(text, encoding="utf-8")
    for fmt in ("json", "sarif"):
        done = run_cli("lint", "--format", fmt, "c1.yaml")
        assert "\x9b" not in done.stdout and "\x85" not in done.stdout, fmt
        assert "k\\\\x9b" in done.stdout  # shown as an escape, in valid JSON
        json.loads(done.stdout)


def test_an_unknown_key_is_quoted_short_and_values_never(run_cli: RunCli, tmp_path: Path) -> None:
    secret = "s3cr3t-" + "x" * 60
    text = MINIMAL_PLAYBOOK.replace(
        "    weight: 3\n", f"    weight: 3\n    {'k' * 80}: {secret}\n", 1
    )
    (tmp_path / "long.yaml").write_text(text, encoding="utf-8")
    done = run_cli("lint", "long.yaml")
    assert "k" * 39 + "…" in done.stdout
    assert "k" * 41 not in done.stdout
    assert "s3cr3t" not in done.stdout + done.stderr


# --- Messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"~: x\n", "`~` is not a question id"),
        (b"12: x\n", "`12` is not a question id"),
        (b"k" * 1100 + b": x\n", "longer than 1024 characters"),
        (b"pain_confirmed: own\x07words\n", "control character U+0007"),
        (b"", None),  # an empty answers file: every question unknown
    ],
    ids=["null-key", "number-key", "long-key", "control-character", "empty"],
)
def test_answers_file_messages_say_what_is_wrong(
    run_cli: RunCli, tmp_path: Path, content: bytes, words: str | None
) -> None:
    (tmp_path / "a.yaml").write_bytes(content)
    done = run_cli("qualify", "Acme", "--answers", "a.yaml")
    if words is None:
        assert done.returncode == 0, done.stderr
        return
    one_error(done)
    assert words in done.stderr
    assert re.match(r"a\.yaml:\d+:\d+: ", done.stderr)
    assert "<unicode string>" not in done.stderr and "Input should be" not in done.stderr


@pytest.mark.parametrize("value", ["0", "-1", "inf", "1e30", "nan", "twenty"])
def test_a_bad_size_limit_names_the_variable(run_cli: RunCli, value: str) -> None:
    for command in (["lint", str(LINT_CASES / "good")], ["playbooks"]):
        done = run_cli(*command, env={"DEALCOACH_MAX_FILE_MB": value})
        one_error(done)
        assert done.stderr.startswith(f"DEALCOACH_MAX_FILE_MB={value}:")


def test_a_playbook_name_that_is_too_long(run_cli: RunCli) -> None:
    for name in ("p" * 5000, "p" * 5000 + ".yaml"):
        done = run_cli("qualify", "Acme", "--playbook", name, "--answers", "a.yaml")
        one_error(done)
        assert "too long" in done.stderr
        assert len(done.stderr) < 300


def test_an_empty_lint_format_is_refused(run_cli: RunCli) -> None:
    for args in (["--format="], ["--format", ""]):
        done = run_cli("lint", *args, str(LINT_CASES / "good"))
        one_error(done)
        assert "unknown lint format ''" in done.stderr


def test_a_problem_of_a_whole_file_has_no_made_up_position(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("- a list\n", encoding="utf-8")
    for args, start in (
        (["--playbook", "empty.yaml", "--answers", "a.yaml"], "empty.yaml: the playbook is empty"),
        (["--answers", "a.yaml"], "a.yaml: an answers file is a mapping"),
    ):
        done = run_cli("qualify", "Acme", *args)
        one_error(done)
        assert done.stderr.startswith(start), done.stderr


# --- Any command line --------------------------------------------------------------------

WORDS = st.sampled_from(
    ["qualify", "next-step", "deals", "show", "lint", "playbooks", "schema", "Acme", "--json",
     "--answers", "a.yaml", "--playbook", "customer-first", "mini.yaml", "--format", "json",
     "sarif", "--strict", "--note", "--objective", "convince them", "--", "-", "--help", "-x",
     "\x1b[2J", "", "nope.yaml", "--version", "--format=", "--answers=a.yaml"]
)  # fmt: skip


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=st.lists(WORDS, max_size=6))
def test_any_command_line_ends_in_an_exit_code(
    run_cli: RunCli, tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    (tmp_path / "mini.yaml").write_text(MINIMAL_PLAYBOOK, encoding="utf-8")
    done = run_cli(*args)  # an exception would propagate, and fail the test
    assert done.returncode in (0, 1, 2), (args, done.stderr)
    if done.returncode == 2:
        assert done.stderr.count("\n") <= 2, (args, done.stderr)
        assert "\x1b" not in done.stderr


def test_the_console_script_on_odd_arguments(tmp_path: Path) -> None:
    """A few of them through a real process: the same, plus nothing printed at exit."""
    for args in (["--nope"], ["show"], ["qualify", "Acme", "Corp"], ["lint", "--format"]):
        done = subprocess.run(
            [sys.executable, "-m", "dealcoach", *args],
            capture_output=True, text=True, env=cli_env(tmp_path / "home"), cwd=tmp_path,
            timeout=30, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        one_error(done)
