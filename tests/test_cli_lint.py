"""`dealcoach lint` and `dealcoach schema` as CI runs them: through the installed console
script (a smoke test of it), and through its entry point in-process for the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import LINT_CASES, RunCli, RunProcess, cli_env

DEALCOACH = Path(sys.executable).parent / "dealcoach"
BAD = LINT_CASES / "bad" / "DC101-unknown-key.yaml"
WARNED = LINT_CASES / "bad" / "DC306-missing-learn.yaml"


@pytest.fixture
def dealcoach(run_cli: RunCli) -> RunCli:
    return run_cli


@pytest.mark.skipif(not DEALCOACH.exists(), reason="the dealcoach console script is not installed")
def test_lint_reports_a_bad_file_and_exits_1(run_process: RunProcess) -> None:
    done = run_process("lint", str(BAD), exe=[str(DEALCOACH)])
    assert done.returncode == 1
    assert done.stdout == (
        f"{BAD}:12:9: error DC101 unknown key 'wieght' in dimensions[0].questions[0]; "
        "did you mean 'weight'?\n"
    )
    assert done.stderr == "Found 1 error in 1 playbook file.\n"


def test_warnings_fail_only_with_strict(dealcoach: RunCli) -> None:
    assert dealcoach("lint", str(WARNED)).returncode == 0
    assert dealcoach("lint", "--strict", str(WARNED)).returncode == 1


def test_lint_json_prints_only_json(dealcoach: RunCli) -> None:
    done = dealcoach("lint", "--format", "json", str(BAD), str(WARNED))
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["files"] == 2
    assert [(p["code"], p["line"]) for p in data["problems"]] == [("DC101", 12), ("DC306", 10)]
    assert done.stderr == ""


def test_lint_a_missing_path_exits_2(dealcoach: RunCli) -> None:
    done = dealcoach("lint", "no-such-folder")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("no-such-folder: no such file or folder")
    assert "Traceback" not in done.stderr


def test_lint_an_unknown_format_exits_2(dealcoach: RunCli) -> None:
    done = dealcoach("lint", "--format", "xml", str(BAD))
    assert done.returncode == 2
    assert "choose one of: text, github, json, sarif" in done.stderr


def test_lint_defaults_to_playbooks_in_the_working_folder(
    dealcoach: RunCli, tmp_path: Path
) -> None:
    assert dealcoach("lint").returncode == 2  # no ./playbooks here
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "bad.yaml").write_bytes(BAD.read_bytes())
    done = dealcoach("lint")
    assert done.returncode == 1
    assert done.stdout.startswith("playbooks/bad.yaml:12:9: error DC101 ")


def test_lint_under_github_actions_writes_annotations(tmp_path: Path) -> None:
    if not DEALCOACH.exists():
        pytest.skip("the dealcoach console script is not installed")
    env = {**cli_env(tmp_path / "home"), "GITHUB_ACTIONS": "true"}
    done = subprocess.run(
        [str(DEALCOACH), "lint", str(BAD)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1
    assert done.stdout.startswith(f"::error file={BAD},line=12,col=9::DC101 unknown key 'wieght'")


def test_schema_prints_the_json_schema(dealcoach: RunCli) -> None:
    done = dealcoach("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["title"].startswith("dealcoach playbook")
    assert "dimensions" in schema["properties"]
