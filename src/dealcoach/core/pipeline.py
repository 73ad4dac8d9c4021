"""The pipeline: one summary per deal, the deals that need attention first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dealcoach.core.records import Deal, DealLine, Session, SessionBrief
from dealcoach.core.warnings import QUIET, RECENT_SESSIONS, Risk, days_quiet, warnings

TREND_SESSIONS = 6  # the trend shows these; RECENT_SESSIONS are read for the warnings


@dataclass(frozen=True, slots=True)
class DealSummary:
    """A deal as the pipeline lists it (made by :func:`summarise`, which works out the
    derived fields once: a list of 10,000 deals reads each several times)."""

    deal: Deal
    last: SessionBrief | None  # None: never qualified
    trend: list[float]  # scores of the last sessions, oldest first
    days_since: int  # since the last session (since it was created, when it has none)
    risks: list[Risk]  # the warnings that hold
    warnings: list[str]  # their ids
    stale: bool  # gone quiet: no session for the playbook's ``quiet_days`` (14 by default)
    direction: int  # +1 rising, -1 falling, 0 flat or a single session


def direction_of(trend: list[float]) -> int:
    """+1 rising, -1 falling, 0 flat or a single session."""
    if len(trend) < 2 or trend[-1] == trend[-2]:
        return 0
    return 1 if trend[-1] > trend[-2] else -1


def summary_of(line: DealLine, now: datetime) -> DealSummary:
    days = days_quiet(line, now)
    risks = warnings(line, now, days)
    ids = [r.id for r in risks]
    trend = line.trend[-TREND_SESSIONS:]
    return DealSummary(
        line.deal, line.last, trend, days, risks, ids, QUIET in ids, direction_of(trend)
    )


def summarise(lines: list[DealLine], now: datetime) -> list[DealSummary]:
    """Summaries sorted so that stale, falling and weak deals come first (a deal never
    qualified first of all: nothing is known of it); closed deals last."""
    summaries = [summary_of(line, now) for line in lines]
    summaries.sort(
        key=lambda s: (
            not s.deal.is_open,
            s.last is not None,
            not s.stale,
            s.direction >= 0,
            s.last.score if s.last else 0.0,
            s.deal.key,
        )
    )
    return summaries


def selected(
    lines: list[DealLine], *, every: bool = False, owner: str | None = None
) -> list[DealLine]:
    """The deals a pipeline lists: the open ones (``every``: all), of ``owner`` if given."""
    return [
        line
        for line in lines
        if (every or line.deal.is_open) and (owner is None or line.deal.owner == owner)
    ]


def line_of(deal: Deal, sessions: list[Session]) -> DealLine:
    """A deal as the pipeline reads it, from its sessions (oldest first)."""
    recent = sessions[-RECENT_SESSIONS:]
    last = (
        None
        if not sessions
        else SessionBrief(
            id=(s := sessions[-1]).id,
            created_at=s.created_at,
            score=s.score,
            band=s.band,
            band_label=s.band_label,
            band_short=s.band_short,
            next_step=s.next_step,
            next_step_title=s.next_step_title,
            known=s.known,
            verified=s.verified,
            band_rank=s.band_rank,
            top_band=s.top_band,
            limits=s.limits,
        )
    )
    return DealLine(
        deal,
        last,
        [s.score for s in recent],
        [s.assumed for s in recent],
        [s.created_at for s in recent],
    )
