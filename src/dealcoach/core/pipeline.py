"""The pipeline: one summary per deal, the deals that need attention first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dealcoach.core.records import Deal, DealLine, SessionBrief

STALE_DAYS = 14  # a deal with no session for this long is going quiet
TREND_SESSIONS = 6


@dataclass(frozen=True, slots=True)
class DealSummary:
    deal: Deal
    last: SessionBrief
    trend: list[float]  # scores of the last sessions, oldest first
    days_since: int

    @property
    def stale(self) -> bool:
        return self.days_since >= STALE_DAYS

    @property
    def direction(self) -> int:
        """+1 rising, -1 falling, 0 flat or a single session."""
        if len(self.trend) < 2 or self.trend[-1] == self.trend[-2]:
            return 0
        return 1 if self.trend[-1] > self.trend[-2] else -1


def days_between(earlier: str, now: datetime) -> int:
    return max(0, (now - datetime.fromisoformat(earlier)).days)


def summarise(lines: list[DealLine], now: datetime) -> list[DealSummary]:
    """Summaries sorted so that stale, falling and weak deals come first."""
    summaries = [
        DealSummary(line.deal, line.last, line.trend, days_between(line.last.created_at, now))
        for line in lines
    ]
    summaries.sort(key=lambda s: (not s.stale, s.direction >= 0, s.last.score, s.deal.key))
    return summaries
