"""``dealcoach review``: the same JSON on both stores, what moved derived from the
history, the text and Markdown views as users see them, and it never writes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.conftest import Clock, RunCli

WEAK = "pain_confirmed: own_words\npain_owner: {answer: met, evidence: assumed}\n"
STRONG = (Path(__file__).resolve().parents[1] / "examples" / "ready-to-sign.yaml").read_text()
HOSTILE = "Evil <b>*bold*</b> | [link](x) Co"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request: pytest.FixtureRequest) -> dict[str, str]:
    env = {"DEALCOACH_USER": "postgres"}
    if request.param == "postgresql":
        env["DEALCOACH_DATABASE_URL"] = str(request.getfixturevalue("pg_url"))
    return env


def pipeline(run_cli: RunCli, tmp_path: Path, clock: Clock, env: dict[str, str]) -> None:
    """A team's fortnight: deals qualified before the review week, some moving in it."""
    (tmp_path / "weak.yaml").write_text(WEAK, encoding="utf-8")
    (tmp_path / "strong.yaml").write_text(STRONG, encoding="utf-8")

    def ok(*args: str) -> None:
        done = run_cli(*args, env=env)
        assert done.returncode == 0, done.stderr

    clock.at("2026-11-02T09:00:00")
    ok("qualify", "Acme Corp", "--answers", "weak.yaml")
    ok("qualify", "Globex", "--answers", "strong.yaml", "--owner", "dana")
    ok("qualify", HOSTILE, "--answers", "weak.yaml")
    ok("qualify", "Initech", "--answers", "weak.yaml", "--owner", "dana")
    ok("update", "Acme Corp", "--amount", "120,000", "--close-date", "2026-11-30")
    ok("update", "Globex", "--amount", "80000")
    clock.at("2026-11-05T09:00:00")
    ok("next-step", HOSTILE, "--answers", "weak.yaml")
    clock.at("2026-11-17T10:00:00")  # the week under review starts on the 15th
    ok("next-step", "Acme Corp", "--answers", "strong.yaml")
    ok("next-step", HOSTILE, "--answers", "weak.yaml")
    ok("qualify", "Hooli", "--answers", "weak.yaml")
    ok("close", "Initech", "--lost", "--reason", "no budget")
    clock.at("2026-11-22T09:00:00")


def test_json_is_exact_and_the_same_on_both_stores(
    run_cli: RunCli, tmp_path: Path, clock: Clock, store_env: dict[str, str]
) -> None:
    pipeline(run_cli, tmp_path, clock, store_env)
    done = run_cli("review", "--format", "json", env=store_env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["since", "posture", "moved", "at_risk", "deals", "assumptions"]
    assert data["since"] == "2026-11-15"
    assert data["posture"] == [
        {
            "band": "advance",
            "label": "Qualified - advance the deal",
            "deals": 2,
            "amount": 200000.0,
        },
        {"band": "discover", "label": "Keep discovering", "deals": 2, "amount": 0.0},
    ]
    assert data["moved"] == [
        {"key": "hooli", "name": "Hooli", "change": "new", "from": None, "to": "discover"},
        {"key": "acme-corp", "name": "Acme Corp", "change": "band",
         "from": "discover", "to": "advance"},
        {"key": "acme-corp", "name": "Acme Corp", "change": "score", "from": 11.5, "to": 87.2},
        {"key": "initech", "name": "Initech", "change": "lost", "from": "open", "to": "lost"},
    ]  # fmt: skip
    assert data["at_risk"] == [  # in the pipeline's order: the quiet ones first
        {"key": "globex", "name": "Globex", "owner": "dana", "warnings": ["quiet"]},
        {"key": "evil-b-bold-b-link-x-co", "name": HOSTILE, "owner": "postgres",
         "warnings": ["stale-assumption"]},
    ]  # fmt: skip
    assert [d["key"] for d in data["deals"]] == [
        "globex", "evil-b-bold-b-link-x-co", "hooli", "acme-corp",
    ]  # fmt: skip
    acme = data["deals"][-1]
    assert (acme["owner"], acme["amount"], acme["close_date"], acme["verified"]) == (
        "postgres", 120000.0, "2026-11-30", 87.6,
    )  # fmt: skip
    assert acme["warnings"] == []  # close soon, but in the top band
    assert data["assumptions"][0] == {
        "key": "evil-b-bold-b-link-x-co", "name": HOSTILE, "question": "pain_owner",
        "since": "2026-11-02T09:00:00+00:00", "days": 20, "at_least": False,
    }  # fmt: skip
    mine = json.loads(
        run_cli("review", "--format", "json", "--owner", "dana", env=store_env).stdout
    )
    assert [d["key"] for d in mine["deals"]] == ["globex"]
    assert [m["key"] for m in mine["moved"]] == ["initech"]
    week_one = run_cli("review", "--format", "json", "--since", "2026-11-01", env=store_env)
    assert {m["change"] for m in json.loads(week_one.stdout)["moved"]} == {"new", "lost"}


def test_both_stores_print_the_same_review(
    run_cli: RunCli, tmp_path: Path, clock: Clock, pg_url: str
) -> None:
    printed = {}
    for name, env in (("sqlite", {}), ("postgresql", {"DEALCOACH_DATABASE_URL": pg_url})):
        env = {"DEALCOACH_USER": "postgres", **env}
        (tmp_path / name).mkdir()
        pipeline(run_cli, tmp_path, clock, {**env, "DEALCOACH_HOME": str(tmp_path / name)})
        printed[name] = [
            run_cli(
                "review", "--format", f, env={**env, "DEALCOACH_HOME": str(tmp_path / name)}
            ).stdout
            for f in ("json", "text", "markdown")
        ]
    assert printed["sqlite"] == printed["postgresql"]


def test_text_and_markdown_as_users_see_them(
    run_cli: RunCli, tmp_path: Path, clock: Clock, snapshot: SnapshotAssertion
) -> None:
    pipeline(run_cli, tmp_path, clock, {"DEALCOACH_USER": "sam"})
    text = run_cli("review", env={"COLUMNS": "80"})
    assert text.returncode == 0, text.stderr
    assert text.stdout == snapshot(name="text")
    markdown = run_cli("review", "--format", "markdown")
    assert markdown.stdout == snapshot(name="markdown")
    # User text stays text: its Markdown and HTML are escaped.
    assert r"Evil \<b\>\*bold\*\</b\> \| \[link\](x) Co" in markdown.stdout


def test_it_reads_and_never_writes(run_cli: RunCli, tmp_path: Path, clock: Clock) -> None:
    pipeline(run_cli, tmp_path, clock, {})
    store = tmp_path / "home" / "deals.sqlite3"
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    for fmt in ("text", "markdown", "html", "json"):
        assert run_cli("review", "--format", fmt).returncode == 0
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--format", "pdf"], "--format 'pdf': use one of text, markdown, html, json"),
        (["--since", "last week"], "--since 'last week': a day is written YYYY-MM-DD"),
        (["--since", "2026-13-01"], "a day is written YYYY-MM-DD"),
        (["--output", "no/such/folder/review.md"], "no/such/folder/review.md: cannot be written"),
        (["--output", "."], ".: cannot be written (it is a folder)"),
    ],
)
def test_bad_options(run_cli: RunCli, args: list[str], said: str) -> None:
    done = run_cli("review", *args)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr


def test_output_writes_the_file_whole(run_cli: RunCli, tmp_path: Path, clock: Clock) -> None:
    pipeline(run_cli, tmp_path, clock, {})
    done = run_cli("review", "--format", "markdown", "--output", "review.md")
    assert done.returncode == 0 and done.stdout == ""
    assert "wrote the review to review.md" in done.stderr
    assert (tmp_path / "review.md").read_text(encoding="utf-8").startswith("# Pipeline review")
    assert [p.name for p in tmp_path.glob(".review.md.*")] == []  # no temporary file left


def test_an_assumptions_age_is_its_unbroken_run_of_assumed_sessions() -> None:
    from datetime import UTC, datetime

    from dealcoach.core.records import Deal, DealLine, History
    from dealcoach.core.review import review
    from dealcoach.core.warnings import RECENT_SESSIONS

    days = [f"2026-11-{d:02d}T09:00:00+00:00" for d in (1, 5, 9, 13)]
    deal = Deal("acme", "Acme", "customer-first", None, days[0], "sam")
    line = DealLine(deal, None, [10.0] * 4, [("a",), ("a", "b"), ("b",), ("a", "b")], days)
    full = DealLine(
        Deal("full", "Full", "customer-first", None, days[0], "sam"),
        None,
        [10.0] * RECENT_SESSIONS,
        [("c",)] * RECENT_SESSIONS,
        [days[0]] * RECENT_SESSIONS,
    )
    now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    found = review([line, full], History({}, [], {}), now, "2026-11-14", None)
    ages = [(a.key, a.question, a.since[:10], a.days, a.at_least) for a in found.assumptions]
    assert ages == [  # the oldest first
        ("full", "c", "2026-11-01", 20, True),  # every session read: at least that long
        ("acme", "b", "2026-11-05", 16, False),  # b: assumed in the last three sessions
        ("acme", "a", "2026-11-13", 8, False),  # a: only in the last one since its break
    ]
    assert found.assumed == 3


def test_moves_take_each_deals_last_outcome(
    run_cli: RunCli, tmp_path: Path, clock: Clock, store_env: dict[str, str]
) -> None:
    (tmp_path / "weak.yaml").write_text(WEAK, encoding="utf-8")

    def ok(*args: str) -> None:
        done = run_cli(*args, env=store_env)
        assert done.returncode == 0, done.stderr

    clock.at("2026-11-02T09:00:00")
    for name in ("Won Via CRM", "Changed Its Mind", "Reopened"):
        ok("qualify", name, "--answers", "weak.yaml")
    clock.at("2026-11-17T09:00:00")
    (tmp_path / "won.csv").write_text("Id,Name,Stage\nW1,Won Via CRM,Closed Won\n", "utf-8")
    ok("import", "won.csv")
    ok("close", "Changed Its Mind", "--won")
    ok("reopen", "Changed Its Mind")
    ok("close", "Changed Its Mind", "--lost")
    ok("close", "Reopened", "--won")
    ok("reopen", "Reopened")
    clock.at("2026-11-22T09:00:00")
    data = json.loads(run_cli("review", "--format", "json", env=store_env).stdout)
    assert [(m["key"], m["change"]) for m in data["moved"]] == [
        ("won-via-crm", "won"), ("changed-its-mind", "lost"),
    ]  # fmt: skip


def test_output_through_a_link_writes_the_file_it_points_to(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    assert run_cli("review", "--format", "markdown", "--output", "link.md").returncode == 0
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8").startswith("# Pipeline review")
    import os

    os.mkfifo(tmp_path / "pipe")
    done = run_cli("review", "--output", "pipe")
    assert done.returncode == 2 and "it is not a regular file" in done.stderr
    assert (tmp_path / "pipe").is_fifo()


def test_a_stale_assumption_at_risk_is_named_by_its_question_in_any_playbook(
    run_cli: RunCli, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The question of a stale assumption is read from the deal's own playbook, even
    when no assumption of that playbook is among the oldest the review lists."""
    import dealcoach.core.review

    monkeypatch.setattr(dealcoach.core.review, "ASSUMPTIONS", 1)
    (tmp_path / "weak.yaml").write_text(WEAK, encoding="utf-8")
    (tmp_path / "metrics.yaml").write_text(
        "metrics_outcome: {answer: identified, evidence: assumed}\n", encoding="utf-8"
    )
    env = {"DEALCOACH_USER": "postgres"}
    clock.at("2026-11-02T09:00:00")
    assert run_cli("qualify", "Old Co", "--answers", "weak.yaml", env=env).returncode == 0
    for day, command in ((10, "qualify"), (11, "next-step"), (12, "next-step")):
        clock.at(f"2026-11-{day}T09:00:00")
        args = [command, "Stale Co", "--answers", "metrics.yaml"]
        args += ["--playbook", "meddpicc"] if command == "qualify" else []
        done = run_cli(*args, env=env)
        assert done.returncode == 0, done.stderr
    clock.at("2026-11-13T09:00:00")
    done = run_cli("review", "--format", "markdown", env=env)
    assert done.returncode == 0, done.stderr
    at_risk = done.stdout.split("## At risk")[1].split("## Evidence")[0]
    assert "Stale assumption" in at_risk
    assert "Has the customer put numbers on the outcome they expect?" in at_risk
