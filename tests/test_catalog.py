"""Where playbooks are found: the same files for `playbooks`, `--playbook ID` and `lint`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_PLAYBOOK, RunCli


def playbook(folder: Path, name: str, playbook_id: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MINIMAL_PLAYBOOK.replace("id: mini", f"id: {playbook_id}"), encoding="utf-8")
    return path


@pytest.fixture
def local(tmp_path: Path) -> Path:
    """./playbooks with an upper-case file name, a .yml file and a subfolder."""
    folder = tmp_path / "playbooks"
    playbook(folder, "UP.YAML", "up")
    playbook(folder, "team/sub.yml", "sub")
    playbook(folder, ".hidden/skip.yaml", "hidden")
    (folder / "notes.txt").write_text("not a playbook\n", encoding="utf-8")
    return folder


def test_playbooks_lint_and_by_id_find_the_same_files(run_cli: RunCli, local: Path) -> None:
    listed = json.loads(run_cli("playbooks", "--json").stdout)["playbooks"]
    found = {(p["id"], p["origin"]) for p in listed}
    assert {("up", "local"), ("sub", "local")} <= found
    assert "hidden" not in {p["id"] for p in listed}

    linted = json.loads(run_cli("lint", "--format", "json", "playbooks").stdout)
    assert linted["files"] == 2

    (local.parent / "a.yaml").write_text("confirmed: own_words\n", encoding="utf-8")
    for playbook_id in ("up", "sub"):
        done = run_cli("qualify", f"Deal {playbook_id}", "--playbook", playbook_id,
                       "--answers", "a.yaml", "--json")  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["playbook"]["id"] == playbook_id


def test_a_link_that_leaves_the_folder_is_not_followed(
    run_cli: RunCli, local: Path, tmp_path: Path
) -> None:
    outside = playbook(tmp_path / "elsewhere", "secret.yaml", "secret")
    os.symlink(outside, local / "link.yaml")
    os.symlink(local / "UP.YAML", local / "again.yaml")  # inside: the same file, once
    ids = [p["id"] for p in json.loads(run_cli("playbooks", "--json").stdout)["playbooks"]]
    assert "secret" not in ids
    assert ids.count("up") == 1
    assert json.loads(run_cli("lint", "--format", "json", "playbooks").stdout)["files"] == 2


def test_a_fifo_in_the_folder_is_skipped(run_cli: RunCli, local: Path) -> None:
    os.mkfifo(local / "pipe.yaml")
    done = run_cli("lint", "--format", "json", "playbooks")
    assert json.loads(done.stdout)["files"] == 2
    assert "up" in {p["id"] for p in json.loads(run_cli("playbooks", "--json").stdout)["playbooks"]}
