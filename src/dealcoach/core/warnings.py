"""A deal's risk warnings (TEAM.md, "Warnings"): which hold, and what each says.

Only open deals have warnings. The numbers are the playbook's (``warnings:``), as kept
with the deal's last session; a deal never qualified has the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from dealcoach.core.words import plural

if TYPE_CHECKING:  # only named: a playbook's defaults (models) need no deal records
    from dealcoach.core.records import DealLine

QUIET, FALLING, STALE = "quiet", "falling", "stale-assumption"
CLOSE_SOON, CLOSE_PASSED = "close-date-soon", "close-date-passed"


@dataclass(frozen=True, slots=True)
class Limits:
    """When each warning holds: TEAM.md's defaults, or the playbook's ``warnings:``."""

    quiet_days: int = 14
    falling_points: int = 10
    stale_sessions: int = 3
    close_soon_days: int = 30


DEFAULTS = Limits()
RECENT_SESSIONS = 6  # read per deal (the trend shows them): stale_sessions is at most this
_KNOWN: dict[int, Limits] = {}


@dataclass(frozen=True, slots=True)
class Risk:
    """A warning that holds, with the facts its words need."""

    id: str
    days: int = 0  # quiet: since the last session; close dates: until (or since) the date
    points: float = 0.0  # falling: by how much
    questions: tuple[str, ...] = ()  # stale-assumption: the questions assumed all along
    sessions: int = 0  # stale-assumption: in how many sessions


def limits_of(line: DealLine) -> Limits:
    stored = line.last.limits if line.last is not None else None
    if not stored:
        return DEFAULTS
    found = _KNOWN.get(id(stored))  # the store hands out one dict per distinct text
    if found is None:
        found = _KNOWN[id(stored)] = Limits(**stored)
    return found


def days_quiet(line: DealLine, now: datetime) -> int:
    """Days since the deal's last session (since it was created, when it has none)."""
    since = line.last.created_at if line.last else line.deal.created_at
    return max(0, (now - datetime.fromisoformat(since)).days)


def warnings(line: DealLine, now: datetime, quiet: int | None = None) -> list[Risk]:
    """The warnings that hold for the deal of ``line`` at ``now``, in TEAM.md's order
    (``quiet``: :func:`days_quiet`, when the caller has worked it out)."""
    deal = line.deal
    if not deal.is_open:
        return []
    limits = limits_of(line)
    found: list[Risk] = []
    last = line.last
    if quiet is None:
        quiet = days_quiet(line, now)
    if quiet >= limits.quiet_days:
        found.append(Risk(QUIET, days=quiet))
    if len(line.trend) >= 2 and line.trend[-2] - line.trend[-1] >= limits.falling_points:
        found.append(Risk(FALLING, points=round(line.trend[-2] - line.trend[-1], 1)))
    runs = line.assumed[-limits.stale_sessions :]
    if len(runs) >= limits.stale_sessions and runs[-1]:
        held = set(runs[-1]).intersection(*runs[:-1])
        common = [q for q in runs[-1] if q in held]
        if common:
            found.append(Risk(STALE, questions=tuple(common), sessions=len(runs)))
    if deal.close_date:
        today = now.date()
        until = (date.fromisoformat(deal.close_date) - today).days
        if until < 0:
            found.append(Risk(CLOSE_PASSED, days=-until))
        elif until <= limits.close_soon_days and (last is None or last.top_band is False):
            found.append(Risk(CLOSE_SOON, days=until))
    return found


def in_words(
    warning: Risk, close_date: str | None = None, asks: Mapping[str, str] | None = None
) -> str:
    """What a manager reads about a warning, with what to check (``asks``: the
    questions by id, to name an assumption by its question)."""
    if warning.id == QUIET:
        return (
            f"Quiet: no session for {plural(warning.days, 'day')}. Book the next call, or "
            "find out why the customer went quiet."
        )
    if warning.id == FALLING:
        return (
            f"Falling: the score fell {warning.points:g} points since the previous session. "
            "Find out what changed, and whether the plan still holds."
        )
    if warning.id == STALE:
        asked = "; ".join(f'"{(asks or {}).get(q, q)}"' for q in warning.questions)
        return (
            f"Stale assumption: {asked} assumed in each of the last {warning.sessions} "
            "sessions. Verify it with the customer on the next call."
        )
    if warning.id == CLOSE_PASSED:
        return (
            f"Close date passed: {close_date} was {plural(warning.days, 'day')} ago and the "
            "deal is open. Agree a new date with the customer, or close it."
        )
    when = "today" if warning.days == 0 else f"in {plural(warning.days, 'day')}"
    return (
        f"Close date soon: {close_date} is {when}, and the deal is not in its top band. "
        "Check the date with the customer, or what must happen to get there."
    )
