"""A deal's playbook changes between sessions: it says so and carries answers by id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.test_interview import PLAYBOOK


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEALCOACH_HOME": str(cwd / "home")}
    return subprocess.run(
        [sys.executable, "-m", "dealcoach", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_changed_playbook_is_noticed_and_answers_carried_over(tmp_path: Path) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    first = tmp_path / "first.yaml"
    first.write_text("confirmed: 'yes'\nteams: [ops]\nquiet: a\n")
    out = run(["qualify", "Acme", "--playbook", str(playbook), "--answers", str(first)], tmp_path)
    assert out.returncode == 0, out.stderr

    # The author drops option `a` of `quiet` and bumps the version.
    changed = PLAYBOOK.replace('version: "1"', 'version: "2"').replace(
        "          - {id: a, label: A, score: 1}\n", "          - {id: c, label: C, score: 1}\n"
    )
    assert changed != PLAYBOOK
    playbook.write_text(changed)
    later = tmp_path / "later.yaml"
    later.write_text("teams: [ops, finance]\n")
    out = run(["next-step", "Acme", "--answers", str(later), "--json"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "changed since the last session (version 1 -> 2)" in out.stderr
    assert "quiet no longer fit" in out.stderr
    result = json.loads(out.stdout)
    assert result["playbook"] == {"id": "tiny", "version": "2"}
    dims = {d["id"]: d for d in result["dimensions"]}
    assert "confirmed" not in dims["pain"]["unknown"]  # carried over by id
    assert "quiet" in dims["need"]["unknown"]  # dropped: its option is gone
    assert result["previous"]["band"] in {"go", "low"}


def test_later_sessions_reuse_the_deals_playbook_from_another_folder(tmp_path: Path) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    answers = tmp_path / "a.yaml"
    answers.write_text("confirmed: 'yes'\n")
    assert (
        run(
            ["qualify", "Acme", "--playbook", str(playbook), "--answers", str(answers)], tmp_path
        ).returncode
        == 0
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env_home = tmp_path / "home"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "dealcoach",
            "next-step",
            "Acme",
            "--answers",
            str(answers),
            "--json",
        ],
        cwd=elsewhere,
        env={**os.environ, "DEALCOACH_HOME": str(env_home)},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["playbook"]["id"] == "tiny"
