"""Deal risk warnings: each one, at its bounds, with the playbook's numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dealcoach.core.records import Deal, DealLine, SessionBrief
from dealcoach.core.warnings import in_words, warnings

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def line(
    *,
    days_ago: int = 1,
    trend: tuple[float, ...] = (50.0,),
    assumed: tuple[tuple[str, ...], ...] | None = None,
    close_date: str | None = None,
    top: bool = False,
    status: str = "open",
    limits: dict[str, int] | None = None,
) -> DealLine:
    created = (NOW - timedelta(days=days_ago)).isoformat()
    deal = Deal("acme", "Acme", "customer-first", None, "2026-01-01T00:00:00+00:00", "sam",
                close_date=close_date, status=status)  # fmt: skip
    last = SessionBrief(1, created, trend[-1], "b", "B", "B", "s", "S", top_band=top, limits=limits)
    runs = list(assumed) if assumed is not None else [()] * len(trend)
    return DealLine(deal, last, list(trend), runs)


def ids(found: DealLine) -> list[str]:
    return [w.id for w in warnings(found, NOW)]


@pytest.mark.parametrize(("days", "quiet"), [(13, False), (14, True), (40, True)])
def test_quiet(days: int, quiet: bool) -> None:
    assert ("quiet" in ids(line(days_ago=days))) is quiet


def test_quiet_with_the_playbooks_number_and_for_a_deal_never_qualified() -> None:
    limits = {"quiet_days": 7, "falling_points": 10, "stale_sessions": 3, "close_soon_days": 30}
    assert ids(line(days_ago=8, limits=limits)) == ["quiet"]
    assert ids(line(days_ago=6, limits=limits)) == []
    never = DealLine(replace(line().deal, created_at="2026-11-01T00:00:00+00:00"), None, [], [])
    assert ids(never) == ["quiet"]


@pytest.mark.parametrize(
    ("trend", "falling"),
    [((60.0, 50.1), False), ((60.0, 50.0), True), ((50.0,), False), ((40.0, 60.0), False)],
)
def test_falling(trend: tuple[float, ...], falling: bool) -> None:
    assert ("falling" in ids(line(trend=trend))) is falling


def test_stale_assumption_needs_the_same_answer_assumed_in_each_of_the_last_sessions() -> None:
    three = (50.0, 50.0, 50.0)
    assert "stale-assumption" in ids(line(trend=three, assumed=(("a", "b"), ("a",), ("a", "c"))))
    assert "stale-assumption" not in ids(line(trend=three, assumed=(("a",), (), ("a",))))
    assert "stale-assumption" not in ids(line(trend=three[:2], assumed=(("a",), ("a",))))
    [risk] = warnings(line(trend=three, assumed=(("a",), ("a",), ("a",))), NOW)
    assert risk.questions == ("a",) and risk.sessions == 3
    assert '"Who owns it?" assumed in each of the last 3 sessions' in in_words(
        risk, None, {"a": "Who owns it?"}
    )


@pytest.mark.parametrize(
    ("close", "top", "found"),
    [
        ("2026-12-31", False, ["close-date-soon"]),  # 30 days
        ("2027-01-01", False, []),  # 31 days
        ("2026-12-01", False, ["close-date-soon"]),  # today
        ("2026-12-20", True, []),  # soon, and in the top band
        ("2026-11-30", True, ["close-date-passed"]),
    ],
)
def test_close_dates(close: str, top: bool, found: list[str]) -> None:
    assert ids(line(close_date=close, top=top)) == found


def test_closed_deals_have_no_warnings() -> None:
    assert ids(line(days_ago=90, close_date="2026-01-01", status="won")) == []


def test_every_warning_in_words_says_what_to_check() -> None:
    everything = line(days_ago=30, trend=(80.0, 60.0, 40.0), assumed=(("a",),) * 3,
                      close_date="2026-11-20")  # fmt: skip
    risks = warnings(everything, NOW)
    assert [r.id for r in risks] == ["quiet", "falling", "stale-assumption", "close-date-passed"]
    said = [in_words(r, "2026-11-20") for r in risks]
    assert said[0].startswith("Quiet: no session for 30 days.")
    assert said[1].startswith("Falling: the score fell 20 points")
    assert said[3].startswith("Close date passed: 2026-11-20 was 11 days ago")
