"""Inputs at the edges of the contract: each a clear result, never a surprise."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dealcoach.adapters.sqlite_store import open_store
from dealcoach.core.answers import parse_answers
from dealcoach.core.loading import check_playbook_file
from dealcoach.core.records import Draft
from dealcoach.core.scoring import score
from dealcoach.core.yamlsource import load_text
from tests.conftest import MINIMAL_PLAYBOOK, RunCli


def checked(tmp_path: Path, text: str) -> list[tuple[str, int]]:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    return [(p.code, p.line) for p in check_playbook_file(str(path)).problems]


def test_a_gate_without_when_always_holds(tmp_path: Path) -> None:
    text = MINIMAL_PLAYBOOK.replace(
        "gates:\n", "gates:\n  - {id: always-capped, cap: mid, reason: Always.}\n"
    )
    path = tmp_path / "p.yaml"
    path.write_text(text)
    result = check_playbook_file(str(path))
    assert result.playbook is not None and result.errors == []
    card = score(result.playbook, {})
    assert [g.id for g in card.gates] == ["always-capped"]


def test_ids_may_hold_spaces_and_all_may_be_empty(tmp_path: Path) -> None:
    text = MINIMAL_PLAYBOOK.replace("{id: agreed,", '{id: "not sure",').replace(
        "when: {answer: icp, is: poor}", "when: {all: []}"
    )
    assert checked(tmp_path, text) == []


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("dealcoach: 1", "dealcoach: 1.0", "DC103"),
        ("    weight: 3", "    weight: true", "DC103"),
        (
            "{id: strong, label: Strong, score: 2}",
            "{id: strong, label: Strong, score: yes}",
            "DC103",
        ),
        ('version: "2.1"', "version: 2.1", "DC104"),
    ],
)
def test_quote_hint_only_where_text_is_expected(
    tmp_path: Path, old: str, new: str, code: str
) -> None:
    assert old in MINIMAL_PLAYBOOK
    problems = checked(tmp_path, MINIMAL_PLAYBOOK.replace(old, new, 1))
    assert [c for c, _ in problems] == [code]


def test_an_empty_choice_list_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PLAYBOOK)
    pb = check_playbook_file(str(path)).playbook
    assert pb is not None
    doc = load_text("spread: []\n", "a.yaml")
    answers, problems = parse_answers(doc.root, pb, doc)
    assert problems == [] and not answers["spread"].known
    assert "spread" in score(pb, answers).dimension("pain").unknown  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--answers", ""], "--answers: the file name is empty"),
        (["--playbook", "", "--answers", "a.yaml"], "--playbook: the value is empty"),
        (["--playbook", "sub", "--answers", "a.yaml"], "sub: is a folder"),
    ],
)
def test_empty_and_folder_arguments(
    args: list[str], message: str, tmp_path: Path, run_cli: RunCli
) -> None:
    (tmp_path / "a.yaml").write_text("{}\n")
    (tmp_path / "sub").mkdir()
    out = run_cli("qualify", "Acme", *args)
    assert out.returncode == 2
    assert out.stderr.startswith(message)


def test_a_broken_playbook_found_by_id_shows_its_errors(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "mine.yaml").write_text(
        MINIMAL_PLAYBOOK.replace("id: mini", "id: mine").replace("name: Minimal", "nme: Minimal")
    )
    (tmp_path / "a.yaml").write_text("{}\n")
    out = run_cli("qualify", "Acme", "--playbook", "mine", "--answers", "a.yaml")
    assert out.returncode == 2
    assert "mine.yaml:" in out.stderr and "did you mean 'name'?" in out.stderr
    assert "missing required key" not in out.stderr  # the typo is the one problem


def test_a_deal_of_an_older_dealcoach_whose_playbook_is_gone_is_named(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A deal recorded before dealcoach kept a copy of its playbook: when the file is
    gone, the error names it and says how to go on."""
    playbook = tmp_path / "mine.yaml"
    playbook.write_text(MINIMAL_PLAYBOOK)
    (tmp_path / "a.yaml").write_text("{}\n")
    done = run_cli("qualify", "Acme", "--playbook", str(playbook), "--answers", "a.yaml")
    assert done.returncode == 0, done.stderr
    db = sqlite3.connect(tmp_path / "home" / "deals.sqlite3")
    with db:
        db.execute("DELETE FROM playbook_copies")
    db.close()
    playbook.rename(tmp_path / "moved.yaml")
    out = run_cli("next-step", "Acme", "--answers", "a.yaml")
    assert out.returncode == 2
    assert out.stderr.startswith(
        f"{playbook}: this deal's playbook file is no longer there, and no playbook 'mini' "
        "is found by id;"
    )
    assert '`dealcoach qualify "Acme" --playbook FILE`' in out.stderr
    shown = run_cli("show", "Acme")  # the history is shown anyway
    assert shown.returncode == 0, shown.stderr
    assert "its history is as it was recorded" in shown.stderr
    assert "Sessions" in shown.stdout and "qualify" in shown.stdout
    data = json.loads(run_cli("show", "Acme", "--json").stdout)
    assert data["scorecard"] is None and len(data["sessions"]) == 1
    said = run_cli("show", "Acme", "--say")
    assert said.returncode == 2 and "cannot be worded" in said.stderr
    # Moved into ./playbooks, as dealcoach used to advise: found there by its id.
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "moved.yaml").rename(tmp_path / "playbooks" / "mine.yaml")
    found = run_cli("next-step", "Acme", "--answers", "a.yaml")
    assert found.returncode == 0, found.stderr
    assert "is no longer there; using playbook 'mini' from " in found.stderr


def test_an_answers_file_session_keeps_the_draft_and_the_name(
    tmp_path: Path, run_cli: RunCli
) -> None:
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n")
    assert run_cli("qualify", "Acme Corp", "--answers", "a.yaml").returncode == 0
    store = open_store(tmp_path / "home", user="sam")
    store.save_draft(Draft("acme-corp", "next-step", "customer-first", {}, [], "now"))
    store.close()
    out = run_cli("next-step", "acme corp", "--answers", "a.yaml", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["deal"]["name"] == "Acme Corp"
    store = open_store(tmp_path / "home", user="sam")
    assert store.draft("acme-corp") is not None
    store.close()
