"""The team's commands through the real entry point, on both stores: owners, deal
attributes, outcomes, the filtered pipeline, and the same output from either store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Clock, RunCli, refused, succeeds

ANSWERS = "pain_confirmed: own_words\npain_owner: met\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def team(request: pytest.FixtureRequest, run_cli: RunCli, tmp_path: Path) -> RunCli:
    """``run_cli`` on each store. On SQLite the user is DEALCOACH_USER, here the login
    role the PostgreSQL tests use, so that both stores print the same."""
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    env = {"DEALCOACH_USER": "postgres"}
    if request.param == "postgresql":
        env["DEALCOACH_DATABASE_URL"] = request.getfixturevalue("pg_url")

    def run(*args: str, **kwargs: object) -> object:
        extra = dict(kwargs.pop("env", None) or {})  # type: ignore[call-overload]
        return run_cli(*args, env={**env, **extra}, **kwargs)

    return run  # type: ignore[return-value]


def test_update_close_reopen_keep_each_change(team: RunCli, clock: Clock) -> None:
    succeeds(team, "qualify", "Acme Corp", "--answers", "a.yaml")
    said = succeeds(team, "update", "Acme Corp", "--stage", "Proposal", "--amount", "120,000.50",
              "--close-date", "2026-12-31", "--crm-id", "006A")  # fmt: skip
    assert said == (
        "Acme Corp: stage set to Proposal; amount set to 120,000.50; close date set to "
        "2026-12-31; crm id set to 006A\n"
    )
    clock.advance(hours=1)
    assert succeeds(team, "update", "Acme Corp", "--stage", "Negotiation", "--amount", "") == (
        "Acme Corp: stage Proposal -> Negotiation; amount unset (was 120,000.50)\n"
    )
    assert "nothing changed" in succeeds(team, "update", "Acme Corp", "--stage", "Negotiation")
    assert succeeds(team, "close", "Acme Corp", "--won", "--reason", "signed") == (
        "Acme Corp: closed won: signed\n"
    )
    assert "nothing changed (it is closed won" in succeeds(team, "close", "Acme Corp", "--won")
    assert "reopen it first" in refused(team, "close", "Acme Corp", "--lost")
    closed = refused(team, "next-step", "Acme Corp", "--answers", "a.yaml")
    assert closed == (
        "Acme Corp: is closed (won); to work on it again, reopen it first: "
        '`dealcoach reopen "Acme Corp"`\n'
    )
    assert "is closed (won)" in refused(team, "qualify", "Acme Corp", "--answers", "a.yaml")
    assert json.loads(succeeds(team, "deals", "--json")) == {"deals": []}
    assert succeeds(team, "reopen", "Acme Corp") == "Acme Corp: reopened\n"
    assert "nothing changed (it is open" in succeeds(team, "reopen", "Acme Corp")
    shown = json.loads(succeeds(team, "show", "Acme Corp", "--json"))
    assert shown["deal"] == {
        "key": "acme-corp", "name": "Acme Corp", "owner": "postgres", "stage": "Negotiation",
        "amount": None, "close_date": "2026-12-31", "crm_id": "006A", "status": "open",
        "warnings": [], "playbook": "customer-first", "created_at": "2026-11-02T09:30:00+00:00",
    }  # fmt: skip
    kinds = [(c["kind"], c["by"], c["created_at"][11:16]) for c in shown["changes"]]
    assert kinds == [
        ("update", "postgres", "09:30"), ("update", "postgres", "10:30"),
        ("won", "postgres", "10:30"), ("reopen", "postgres", "10:30"),
    ]  # fmt: skip
    assert shown["changes"][1]["changes"] == {
        "stage": {"from": "Proposal", "to": "Negotiation"},
        "amount": {"from": 120000.5, "to": None},
    }
    assert shown["sessions"][0]["by"] == "postgres"
    text = succeeds(team, "show", "Acme Corp")
    assert "Owner postgres  Stage Negotiation  Close date 2026-12-31  CRM id 006A" in text
    assert "closed won: signed" in text and "reopened" in text


def test_deals_lists_the_open_ones_or_all_and_filters_by_owner(team: RunCli) -> None:
    succeeds(team, "qualify", "Acme Corp", "--answers", "a.yaml")
    succeeds(team, "qualify", "Globex", "--answers", "a.yaml", "--owner", "dana")
    succeeds(team, "qualify", "Initech", "--answers", "a.yaml")
    succeeds(team, "close", "Initech", "--lost")

    def keys(*args: str) -> list[str]:
        return sorted(
            d["key"] for d in json.loads(succeeds(team, "deals", "--json", *args))["deals"]
        )

    assert keys() == ["acme-corp", "globex"]
    assert keys("--all") == ["acme-corp", "globex", "initech"]
    assert keys("--mine") == ["acme-corp"]
    assert keys("--mine", "--all") == ["acme-corp", "initech"]
    assert keys("--owner", "dana") == ["globex"]
    assert keys("--owner", "nobody") == []
    assert "give one" in refused(team, "deals", "--mine", "--owner", "dana")
    table = succeeds(team, "deals", "--all")
    assert "Owner" in table and "dana" in table and "Closed lost" in table


def test_qualify_owner_names_a_new_deals_owner_only(team: RunCli) -> None:
    succeeds(team, "qualify", "Globex", "--answers", "a.yaml", "--owner", "dana")
    succeeds(team, "next-step", "Globex", "--answers", "a.yaml")  # SQLite keeps no rights
    succeeds(team, "qualify", "Globex", "--answers", "a.yaml", "--owner", "dana")
    err = refused(team, "qualify", "Globex", "--answers", "a.yaml", "--owner", "erin")
    assert "is owned by dana" in err and "dealcoach update" in err
    assert "--owner is empty" in refused(
        team, "qualify", "Initech", "--owner", " ", "--answers", "a.yaml"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["update", "Acme Corp"], "nothing to set; give at least one of --owner"),
        (["update", "Acme Corp", "--amount", "12k"], "--amount '12k': an amount is a number"),
        (["update", "Acme Corp", "--amount", "-5"], "an amount is a number at or above 0"),
        (["update", "Acme Corp", "--amount", "nan"], "an amount is a number"),
        (["update", "Acme Corp", "--close-date", "12/31/2026"], "a date is written YYYY-MM-DD"),
        (["update", "Acme Corp", "--close-date", "2026-02-30"], "a date is written YYYY-MM-DD"),
        (["update", "Acme Corp", "--owner", ""], "--owner is empty"),
        (["update", "Acme Crop", "--stage", "X"], "no such deal"),
        (["close", "Acme Corp"], "give --won or --lost"),
        (["close", "Acme Corp", "--won", "--lost"], "give --won or --lost"),
        (["reopen", "Nope"], "Nope: no such deal"),
    ],
)
def test_bad_attribute_values_are_clear_errors(team: RunCli, args: list[str], said: str) -> None:
    succeeds(team, "qualify", "Acme Corp", "--answers", "a.yaml")
    assert said in refused(team, *args)
    assert json.loads(succeeds(team, "show", "Acme Corp", "--json"))["changes"] == []


def test_a_crm_id_belongs_to_one_deal(team: RunCli) -> None:
    succeeds(team, "qualify", "Acme Corp", "--answers", "a.yaml")
    succeeds(team, "qualify", "Globex", "--answers", "a.yaml")
    succeeds(team, "update", "Acme Corp", "--crm-id", "006A")
    err = refused(team, "update", "Globex", "--crm-id", "006A")
    assert (
        err == "--crm-id '006A': is the CRM id of 'Acme Corp' already; one CRM record is one deal\n"
    )


def test_both_stores_print_the_same(
    run_cli: RunCli, tmp_path: Path, clock: Clock, pg_url: str
) -> None:
    """Every command's output, byte for byte, whichever store keeps the deals."""
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("pain_confirmed: none\n", encoding="utf-8")
    script = [
        ["qualify", "Acme Corp", "--answers", "a.yaml", "--json"],
        ["update", "Acme Corp", "--stage", "Proposal", "--amount", "5000",
         "--close-date", "2026-12-01"],
        ["qualify", "Globex", "--answers", "b.yaml", "--owner", "dana", "--json"],
        ["next-step", "Acme Corp", "--answers", "b.yaml", "--note", "CFO joined", "--json"],
        ["close", "Globex", "--lost", "--reason", "budget"],
        ["deals", "--json"], ["deals", "--all", "--json"], ["deals", "--owner", "dana", "--all"],
        ["show", "Acme Corp", "--json"], ["show", "Globex"],
        ["next-step", "Globex", "--answers", "a.yaml"],
        ["update", "Nobody", "--stage", "X"], ["show", "Acme Corp", "--say"],
    ]  # fmt: skip
    runs = {}
    for name, env in (("sqlite", {}), ("postgresql", {"DEALCOACH_DATABASE_URL": pg_url})):
        clock.at("2026-11-20T09:00:00")
        outputs = []
        for args in script:
            clock.advance(minutes=5)
            done = run_cli(*args, env={"DEALCOACH_USER": "postgres", **env})
            outputs.append((args, done.returncode, done.stdout, done.stderr))
        runs[name] = outputs
    for on_sqlite, on_postgres in zip(runs["sqlite"], runs["postgresql"], strict=True):
        assert on_sqlite == on_postgres


def test_db_init_on_sqlite_makes_the_store_and_says_roles_need_postgresql(
    run_cli: RunCli, tmp_path: Path
) -> None:
    done = run_cli("db", "init")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "home" / "deals.sqlite3").is_file()
    assert "SQLite keeps no roles" in done.stdout and "postgresql://" in done.stdout


def test_deals_says_why_it_lists_none(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    assert "No deals yet" in run_cli("deals").stdout
    run_cli("qualify", "Acme", "--answers", "a.yaml")
    run_cli("close", "Acme", "--won")
    assert "No open deals; `dealcoach deals --all`" in run_cli("deals").stdout
    assert "No deals of dana." in run_cli("deals", "--all", "--owner", "dana").stdout
