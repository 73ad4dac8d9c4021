"""A deal's playbook changes between sessions: it says so and carries answers by id."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunCli
from tests.test_interview import PLAYBOOK


def test_changed_playbook_is_noticed_and_answers_carried_over(
    tmp_path: Path, run_cli: RunCli
) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    first = tmp_path / "first.yaml"
    first.write_text("confirmed: 'yes'\nteams: [ops]\nquiet: a\n")
    out = run_cli("qualify", "Acme", "--playbook", str(playbook), "--answers", str(first))
    assert out.returncode == 0, out.stderr

    # The author drops option `a` of `quiet` and bumps the version.
    changed = PLAYBOOK.replace('version: "1"', 'version: "2"').replace(
        "          - {id: a, label: A, score: 1}\n", "          - {id: c, label: C, score: 1}\n"
    )
    assert changed != PLAYBOOK
    playbook.write_text(changed)
    later = tmp_path / "later.yaml"
    later.write_text("teams: [ops, finance]\n")
    out = run_cli("next-step", "Acme", "--answers", str(later), "--json")
    assert out.returncode == 0, out.stderr
    assert "changed since the last session (version 1 -> 2)" in out.stderr
    assert "quiet no longer fit" in out.stderr
    result = json.loads(out.stdout)
    assert result["playbook"] == {"id": "tiny", "version": "2"}
    dims = {d["id"]: d for d in result["dimensions"]}
    assert "confirmed" not in dims["pain"]["unknown"]  # carried over by id
    assert "quiet" in dims["need"]["unknown"]  # dropped: its option is gone
    assert result["previous"]["band"] in {"go", "low"}


def test_later_sessions_reuse_the_deals_playbook_from_another_folder(
    tmp_path: Path, run_cli: RunCli
) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    answers = tmp_path / "a.yaml"
    answers.write_text("confirmed: 'yes'\n")
    first = run_cli("qualify", "Acme", "--playbook", str(playbook), "--answers", str(answers))
    assert first.returncode == 0, first.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run_cli("next-step", "Acme", "--answers", str(answers), "--json", cwd=elsewhere)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["playbook"]["id"] == "tiny"
