"""A deal's playbook changes between sessions: it says so and carries answers by id."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, RunCli
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


def test_show_says_when_the_playbook_changed(tmp_path: Path, run_cli: RunCli) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    answers = tmp_path / "a.yaml"
    answers.write_text("confirmed: 'yes'\n")
    assert (
        run_cli(
            "qualify", "Acme", "--playbook", str(playbook), "--answers", str(answers)
        ).returncode
        == 0
    )
    assert "changed" not in run_cli("show", "Acme").stderr
    playbook.write_text(PLAYBOOK.replace("weight: 3", "weight: 1"))
    out = run_cli("show", "Acme", "--json")
    assert out.returncode == 0
    assert "changed since the last session" in out.stderr
    second = run_cli("next-step", "Acme", "--answers", str(answers), "--json")
    changes = json.loads(second.stdout)["changes"]
    assert changes["band"]["to"]["id"] in {"go", "low"}
    assert {d["id"] for d in changes["dimensions"]} == {"pain", "need"}


def test_playbooks_marks_a_shadowed_playbook(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "playbooks").mkdir()
    shipped = (REPO / "playbooks" / "customer-first.yaml").read_text()
    (tmp_path / "playbooks" / "customer-first.yaml").write_text(
        shipped.replace('version: "2.0"', 'version: "9.9"')
    )
    out = run_cli("playbooks", "--json")
    rows = [p for p in json.loads(out.stdout)["playbooks"] if p["id"] == "customer-first"]
    assert [(p["version"], p["origin"], p["shadowed"]) for p in rows] == [
        ("9.9", "local", False),
        ("2.0", "shipped", True),
    ]
