"""A deal's playbook changes between sessions: it says so and carries answers by id."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

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
        shipped.replace('version: "2.1"', 'version: "9.9"')
    )
    out = run_cli("playbooks", "--json")
    rows = [p for p in json.loads(out.stdout)["playbooks"] if p["id"] == "customer-first"]
    assert [(p["version"], p["origin"], p["shadowed"]) for p in rows] == [
        ("9.9", "local", False),
        ("2.1", "shipped", True),
    ]


def _qualify(
    run_cli: RunCli, tmp_path: Path, *args: str, cwd: Path | None = None
) -> dict[str, Any]:
    answers = tmp_path / "a.yaml"
    answers.write_text("confirmed: 'yes'\n")
    out = run_cli("qualify", "Acme", "--answers", str(answers), "--json", *args, cwd=cwd)
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout))


def test_a_deal_keeps_the_playbook_file_it_was_created_with(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Created with the id `tiny` from one folder, the deal keeps that folder's file when
    a command runs from another folder that has its own `tiny`."""
    here, there = tmp_path / "here", tmp_path / "there"
    for folder, version in ((here, "1"), (there, "7")):
        (folder / "playbooks").mkdir(parents=True)
        (folder / "playbooks" / "tiny.yaml").write_text(
            PLAYBOOK.replace('version: "1"', f'version: "{version}"')
        )
    assert _qualify(run_cli, tmp_path, "--playbook", "tiny", cwd=here)["playbook"]["version"] == "1"
    (tmp_path / "b.yaml").write_text("teams: [ops]\n")
    for command in (["next-step", "Acme", "--answers", str(tmp_path / "b.yaml")], ["show", "Acme"]):
        out = run_cli(*command, "--json", cwd=there)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data.get("playbook", data.get("scorecard", {}).get("playbook"))["version"] == "1"
        assert out.stderr == ""


def test_a_deal_whose_file_is_gone_uses_the_copy_kept_with_it(
    tmp_path: Path, run_cli: RunCli
) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    first = _qualify(run_cli, tmp_path, "--playbook", str(playbook))
    playbook.rename(tmp_path / "renamed.yaml")
    shown = run_cli("show", "Acme")
    assert shown.returncode == 0, shown.stderr
    assert f"{playbook}: this deal's playbook file is no longer there; using the copy" in (
        shown.stderr
    )
    assert "Sessions" in shown.stdout
    (tmp_path / "b.yaml").write_text("teams: [ops]\n")
    later = run_cli("next-step", "Acme", "--answers", str(tmp_path / "b.yaml"), "--json")
    assert later.returncode == 0, later.stderr
    assert "using the copy kept with its last session" in later.stderr
    assert json.loads(later.stdout)["previous"]["score"] == first["score"]
    again = run_cli("next-step", "Acme", "--answers", str(tmp_path / "b.yaml"))
    assert "using the copy" in again.stderr  # until the deal is moved


def test_a_deal_moves_to_another_file_only_when_asked(tmp_path: Path, run_cli: RunCli) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(PLAYBOOK)
    new.write_text(PLAYBOOK.replace('version: "1"', 'version: "2"'))
    _qualify(run_cli, tmp_path, "--playbook", str(old))
    moved = run_cli(
        "qualify", "Acme", "--playbook", str(new), "--answers", str(tmp_path / "a.yaml")
    )
    assert moved.returncode == 0, moved.stderr
    assert f"moving Acme from {old} to {new}" in moved.stderr
    old.unlink()
    later = run_cli("next-step", "Acme", "--answers", str(tmp_path / "a.yaml"), "--json")
    assert later.returncode == 0, later.stderr
    assert later.stderr == ""
    assert json.loads(later.stdout)["playbook"]["version"] == "2"


def test_a_shipped_playbook_is_kept_by_id(tmp_path: Path, run_cli: RunCli) -> None:
    """A deal on a shipped playbook follows dealcoach's own copy, not a folder's file."""
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n")
    out = run_cli("qualify", "Acme", "--answers", "a.yaml")
    assert out.returncode == 0, out.stderr
    elsewhere = tmp_path / "elsewhere" / "playbooks"
    elsewhere.mkdir(parents=True)
    (elsewhere / "customer-first.yaml").write_text(
        (REPO / "playbooks" / "customer-first.yaml")
        .read_text()
        .replace('version: "2.1"', 'version: "9.9"')
    )
    later = run_cli("next-step", "Acme", "--answers", "../a.yaml", "--json", cwd=elsewhere.parent)
    assert later.returncode == 0, later.stderr
    assert json.loads(later.stdout)["playbook"]["version"] == "2.1"


def test_a_playbook_folder_that_cannot_be_read_is_a_clear_error(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    _qualify(run_cli, tmp_path, "--playbook", str(playbook))
    real = Path.is_file

    def denied(self: Path) -> bool:
        if self == playbook:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "is_file", denied)  # root reads any folder: inject it
    out = run_cli("next-step", "Acme", "--answers", str(tmp_path / "a.yaml"))
    assert out.returncode == 2
    assert out.stderr == (
        f"{playbook}: this deal's playbook file cannot be read (Permission denied); "
        "check the permissions of its folder\n"
    )
    shown = run_cli("show", "Acme")  # the history, all the same
    assert shown.returncode == 0 and "Sessions" in shown.stdout


def test_a_copy_this_dealcoach_no_longer_accepts_gives_way_to_the_id(
    tmp_path: Path, run_cli: RunCli
) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    _qualify(run_cli, tmp_path, "--playbook", str(playbook))
    db = sqlite3.connect(tmp_path / "home" / "deals.sqlite3")
    with db:
        db.execute("UPDATE playbook_copies SET text = replace(text, 'version:', 'versoin:')")
    db.close()
    playbook.unlink()
    out = run_cli("next-step", "Acme", "--answers", str(tmp_path / "a.yaml"))
    assert out.returncode == 2  # no traceback: no valid copy, and no 'tiny' by id
    assert "is no longer there, and no playbook 'tiny' is found by id" in out.stderr


def test_a_file_that_now_holds_another_playbook_is_not_used(
    tmp_path: Path, run_cli: RunCli
) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    first = _qualify(run_cli, tmp_path, "--playbook", str(playbook))
    playbook.write_text(PLAYBOOK.replace("id: tiny", "id: other"))
    out = run_cli("next-step", "Acme", "--answers", str(tmp_path / "a.yaml"), "--json")
    assert out.returncode == 0, out.stderr
    assert "now holds playbook 'other', not 'tiny'; using the copy" in out.stderr
    assert json.loads(out.stdout)["previous"]["score"] == first["score"]
