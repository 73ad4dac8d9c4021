"""What a newcomer meets first: a misspelt deal, an unquoted name, a deal started twice,
`lint --json`, answers templates and `--say` that print playbook text safely."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_PLAYBOOK, RunCli


@pytest.fixture
def northwind(run_cli: RunCli, tmp_path: Path) -> RunCli:
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    done = run_cli("qualify", "Northwind Traders", "--answers", "a.yaml")
    assert done.returncode == 0, done.stderr
    return run_cli


@pytest.mark.parametrize(
    "command", [["next-step", "--answers", "a.yaml"], ["next-step"], ["show"], ["show", "--say"]]
)
def test_a_misspelt_deal_gets_did_you_mean(northwind: RunCli, command: list[str]) -> None:
    out = northwind(command[0], "Northwnd Traders", *command[1:])
    assert out.returncode == 2
    # before "no terminal": the name is the mistake to fix first
    assert out.stderr == (
        "Northwnd Traders: no such deal (it has never been qualified); "
        "did you mean 'Northwind Traders'?\n"
    )


def test_a_deal_far_from_any_other_says_how_to_start_it(northwind: RunCli) -> None:
    out = northwind("show", "Globex")
    assert out.returncode == 2
    assert '`dealcoach qualify "Globex"`' in out.stderr
    assert "did you mean" not in out.stderr


def test_qualify_notes_a_new_deal_named_like_another_and_a_deal_with_history(
    northwind: RunCli,
) -> None:
    near = northwind("qualify", "Northwind Trader", "--answers", "a.yaml")
    assert near.returncode == 0, near.stderr
    assert "starting a new deal 'Northwind Trader'; did you mean 'Northwind Traders'?" in (
        near.stderr
    )
    again = northwind("qualify", "Northwind Traders", "--answers", "a.yaml")
    assert again.returncode == 0, again.stderr
    assert "Northwind Traders already has 1 session; after a call" in again.stderr
    assert '`dealcoach next-step "Northwind Traders"`' in again.stderr


def test_an_unquoted_deal_name_gets_a_hint_to_quote_it(run_cli: RunCli) -> None:
    out = run_cli("qualify", "Northwind", "Traders", "Ltd")
    assert out.returncode == 2
    assert out.stderr == (
        "dealcoach qualify: a deal's name with spaces goes in quotes: "
        'dealcoach qualify "Northwind Traders Ltd"\n'
    )


def test_lint_json_is_format_json(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(MINIMAL_PLAYBOOK.replace("name: Minimal", "nme: Minimal"))
    by_flag = run_cli("lint", "p.yaml", "--json")
    by_format = run_cli("lint", "p.yaml", "--format", "json")
    assert by_flag.returncode == by_format.returncode == 1
    assert json.loads(by_flag.stdout) == json.loads(by_format.stdout)


def test_template_and_say_show_control_characters_as_escapes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    hostile = MINIMAL_PLAYBOOK.replace("name: Minimal playbook", 'name: "Mini\\e[2J"').replace(
        "say: Let's keep going.", 'say: "\\e[41mRed\\e[0m"'
    )
    (tmp_path / "p.yaml").write_text(hostile)
    template = run_cli("template", "p.yaml")
    assert template.returncode == 0, template.stderr
    assert "\x1b" not in template.stdout and "\\x1b[2J" in template.stdout
    (tmp_path / "a.yaml").write_text('words: "It \\e[31mhurts"\n')  # quoted by the step
    said = run_cli("qualify", "Acme", "--playbook", "p.yaml", "--answers", "a.yaml", "--say")
    assert said.returncode == 0, said.stderr
    assert said.stdout == "You said: It \\x1b[31mhurts\n"


def test_a_template_quotes_ids_yaml_would_read_as_something_else(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "p.yaml").write_text(MINIMAL_PLAYBOOK.replace("id: spread", 'id: "on"'))
    assert run_cli("lint", "p.yaml").returncode in (0, 1)
    (tmp_path / "t.yaml").write_text(run_cli("template", "p.yaml").stdout)
    out = run_cli("qualify", "Acme", "--playbook", "p.yaml", "--answers", "t.yaml")
    assert out.returncode == 0, out.stderr


def test_a_removed_working_folder_is_a_clear_error(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && "{sys.executable}" -m dealcoach {{}}'
    for command in ("deals", "lint", "playbooks"):
        out = subprocess.run(
            ["sh", "-c", script.format(command)], capture_output=True, text=True, timeout=60,
            env={**os.environ, "DEALCOACH_HOME": str(tmp_path / "home")},
        )  # fmt: skip
        assert out.returncode == 2, out.stderr
        assert "the current folder no longer exists" in out.stderr
        assert "Traceback" not in out.stderr
        gone.mkdir()


def test_an_empty_template_name_is_named_as_the_argument(run_cli: RunCli) -> None:
    out = run_cli("template", "")
    assert out.returncode == 2
    assert out.stderr == "dealcoach template: PLAYBOOK is empty; give a playbook id or file\n"
