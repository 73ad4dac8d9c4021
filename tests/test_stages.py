"""Stages and their exit criteria: set with qualify --stage, update --stage or a CRM
stage name; the JSON's "stage", the scorecard's line and the call plan's first items."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import MINIMAL_PLAYBOOK as MINI
from tests.conftest import RunCli, refused, succeeds

STAGES = """
stages:
  - id: discovery
    label: Discovery
    crm: [Prospecting, appointmentscheduled]
    exit:
      - label: Pain confirmed in their words
        when: {answer: confirmed, is: own_words}
      - label: A score of 50 or more
        when: {score: {at_least: 50}}
  - id: proposal
    label: Proposal
    crm: [Proposal/Price Quote]
"""


def test_stage_in_json_view_and_call_plan(run_cli: RunCli, tmp_path: Path) -> None:
    playbook = tmp_path / "staged.yaml"
    playbook.write_text(MINI + STAGES, encoding="utf-8")
    (tmp_path / "none.yaml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "yes.yaml").write_text("confirmed: own_words\nicp: strong\n", encoding="utf-8")
    first = json.loads(
        succeeds(
            run_cli,
            "qualify",
            "Acme",
            "--playbook",
            str(playbook),
            "--answers",
            "none.yaml",
            "--stage",
            "prospecting",
            "--json",
        )
    )
    assert first["stage"] == {
        "id": "discovery", "label": "Discovery", "exit_met": False,
        "missing": ["Pain confirmed in their words", "A score of 50 or more"],
    }  # fmt: skip
    shown = succeeds(run_cli, "show", "Acme")
    assert (
        "Stage: Discovery — to move on: Pain confirmed in their words (not yet), A score of "
        "50 or more (not yet)" in " ".join(shown.split())
    )
    plan = succeeds(run_cli, "qualify", "Beta", "--playbook", str(playbook), "--answers",
                    "none.yaml", "--stage", "discovery")  # fmt: skip
    blocked = plan[plan.index("To move on from Discovery:") :].split("\n")
    assert blocked[1].split() == ["1.", "Pain", "confirmed", "in", "their", "words"]
    assert blocked[2].split()[0] == "2." and blocked[4].split()[0] == "3."  # then the rest
    succeeds(run_cli, "next-step", "Acme", "--answers", "yes.yaml")
    after = json.loads(succeeds(run_cli, "show", "Acme", "--json"))
    assert after["deal"]["stage"] == "prospecting"
    assert after["scorecard"]["stage"] == {
        "id": "discovery", "label": "Discovery", "exit_met": True, "missing": [],
    }  # fmt: skip
    assert "ready to move on: every exit criterion holds" in succeeds(run_cli, "show", "Acme")
    assert [c["changes"] for c in after["changes"]] == [
        {"stage": {"from": None, "to": "prospecting"}}
    ]
    succeeds(run_cli, "update", "Acme", "--stage", "Proposal/Price Quote")
    assert json.loads(succeeds(run_cli, "show", "Acme", "--json"))["scorecard"]["stage"] == {
        "id": "proposal", "label": "Proposal", "exit_met": True, "missing": [],
    }  # fmt: skip
    succeeds(run_cli, "update", "Acme", "--stage", "Closing")  # none of the playbook's
    assert json.loads(succeeds(run_cli, "show", "Acme", "--json"))["scorecard"]["stage"] is None
    done = run_cli("next-step", "Acme", "--answers", "yes.yaml", "--json")
    assert done.returncode == 0
    assert "--stage is empty" in refused(run_cli, "qualify", "Acme", "--stage", " ")


def test_an_unknown_stage_is_noted(run_cli: RunCli, tmp_path: Path) -> None:
    playbook = tmp_path / "staged.yaml"
    playbook.write_text(MINI + STAGES, encoding="utf-8")
    (tmp_path / "none.yaml").write_text("{}\n", encoding="utf-8")
    done = run_cli("qualify", "Acme", "--playbook", str(playbook), "--answers", "none.yaml",
                   "--stage", "negotiation")  # fmt: skip
    assert done.returncode == 0
    assert "stage 'negotiation' is none of playbook" in done.stderr
    assert "(discovery, proposal)" in done.stderr
