"""The console script's fast path for `qualify`, `next-step` and `show`: the same results
as the full CLI, and none of typer's cost."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dealcoach.cli.plain import PlainDeal, plain
from tests.conftest import cli_env

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FIRST = str(EXAMPLES / "acme-first-call.yaml")
AFTER = str(EXAMPLES / "acme-after-call.yaml")


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        (["show", "Acme Corp"], PlainDeal("show", "Acme Corp")),
        (["show", "--json", "Acme"], PlainDeal("show", "Acme", {"as_json": True})),
        (["show", "Acme", "--as=meddicc"], PlainDeal("show", "Acme", {"framework": "meddicc"})),
        (
            ["qualify", "Acme", "--answers", "a.yaml", "--objective", "learn their close"],
            PlainDeal("qualify", "Acme", {"answers": "a.yaml", "objective": "learn their close"}),
        ),
        (
            ["qualify", "Acme", "--playbook=bant", "--say", "--owner", "kim", "--stage", "x"],
            PlainDeal(
                "qualify", "Acme", {"playbook": "bant", "say": True, "owner": "kim", "stage": "x"}
            ),
        ),
        (
            ["next-step", "Acme", "--note", "", "--answers", "b.yaml"],
            PlainDeal("next-step", "Acme", {"note": "", "answers": "b.yaml"}),
        ),
        (["qualify", "Acme"], PlainDeal("qualify", "Acme")),  # the interview
    ],
)
def test_plain_deal_arguments_are_parsed(args: list[str], parsed: PlainDeal) -> None:
    assert plain(args) == parsed


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["show", "Acme", "Corp"],  # two words: the full CLI says to quote them
        ["show", "--help"],
        ["show", "-h"],
        ["show", "Acme", "--json", "--json"],
        ["show", "Acme", "--js"],
        ["show", "Acme", "--json=yes"],
        ["show", "--", "-Acme"],
        ["show", "-1"],
        ["show", "Acme", "--as"],
        ["qualify", "Acme", "--answers"],
        ["qualify", "Acme", "--answers", "--json"],
        ["qualify", "Acme", "--objective", "-x"],
        ["qualify", "Acme", "--note", "n"],  # next-step's option
        ["next-step", "Acme", "--playbook", "bant"],  # qualify's option
        ["deals"],
        ["review"],
    ],
)
def test_other_arguments_go_to_the_full_cli(args: list[str]) -> None:
    assert plain(args) is None


FAST = [sys.executable, "-m", "dealcoach"]
FULL = [
    sys.executable,
    "-c",
    "import sys; from dealcoach.cli.app import run; sys.exit(run(sys.argv[1:]))",
]

# Each script runs in a home of its own, once through each path.
SCRIPTS = [
    [["qualify", "Acme Corp", "--answers", FIRST], ["show", "Acme Corp"]],
    [["qualify", "Acme Corp", "--answers", FIRST, "--json"], ["show", "Acme Corp", "--json"]],
    [
        ["qualify", "Acme Corp", "--answers", FIRST, "--say"],
        ["next-step", "Acme Corp", "--answers", AFTER, "--note", "Met the CFO."],
        ["show", "Acme Corp", "--as", "meddicc"],
        ["show", "Acme Corp", "--say"],
    ],
    [["qualify", "Acme Corp", "--answers", FIRST, "--playbook", "bant", "--stage", "discover"]],
    [["show", "Nobody"], ["qualify", "Acme Corp", "--answers", "no-such.yaml"]],
    [["qualify", "Acme Corp", "--answers", FIRST, "--json", "--say"]],
    [["qualify", "Acme Corp"]],  # no terminal: the documented error
    [["next-step", "Acme Corp", "--answers", AFTER]],  # an unknown deal
    [["qualify", "\x1b[31mAcme", "--answers", FIRST], ["show", "\x1b[31mAcme"]],
]


def _run(base: list[str], script: list[list[str]], home: Path) -> list[tuple[int, str, str]]:
    env = cli_env(home)
    done = []
    for args in script:
        proc = subprocess.run(
            [*base, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=home.parent,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        done.append((proc.returncode, _timeless(proc.stdout), proc.stderr))
    return done


def _timeless(text: str) -> str:
    """``text`` with the times of the moment it was run in (the two paths run apart)."""
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?", "T", text)
    return re.sub(r"\b\d{1,2} [A-Z][a-z]{2} \d\d:\d\d\b", "T", text)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: " / ".join(a[0] for a in s))
def test_the_fast_path_prints_what_the_full_cli_prints(
    script: list[list[str]], tmp_path: Path
) -> None:
    (tmp_path / "fast").mkdir()
    (tmp_path / "full").mkdir()
    fast = _run(FAST, script, tmp_path / "fast" / "home")
    full = _run(FULL, script, tmp_path / "full" / "home")
    assert all(plain(args) is not None for args in script)
    assert fast == full


PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.__stderr__.write("
    "'IMPORTED ' + ' '.join(sorted(m for m in ('typer', 'click', 'questionary')"
    " if m in sys.modules)) + '\\n'))\n"
    "sys.argv = ['dealcoach'] + sys.argv[1:]\n"
    "from dealcoach.cli.main import main\n"
    "main()\n"
)


def test_show_and_qualify_from_a_file_never_import_typer(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    for args in (["qualify", "Acme Corp", "--answers", FIRST], ["show", "Acme Corp"]):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "IMPORTED \n" in done.stderr, done.stderr


def test_ctrl_d_at_a_prompt_ends_as_ctrl_c_does(capsys: pytest.CaptureFixture[str]) -> None:
    """Without typer (whose click turns EOFError into its Abort), the one handler does."""
    from dealcoach.cli.errors import handled

    def end_of_input() -> int:
        raise EOFError

    assert handled(end_of_input) == 130
    assert capsys.readouterr().err == "Interrupted.\n"
