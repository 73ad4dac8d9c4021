"""The manager's pipeline review (TEAM.md, "dealcoach review"): where the pipeline
stands, what moved since a day, the deals at risk, and where the evidence is thin.

Built from the pipeline and the history as the store reads them for every deal at
once; it reads, and never writes.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dealcoach.core.errors import DealcoachError
from dealcoach.core.figures import round1
from dealcoach.core.pipeline import DealSummary, selected, summarise
from dealcoach.core.records import LOST, WON, DealLine, History, Standing
from dealcoach.core.textsafe import quoted
from dealcoach.core.warnings import RECENT_SESSIONS

ASSUMPTIONS = 100  # the oldest unverified assumptions the review lists
SCORE_MOVE = 10  # a score change of this many points or more is a move
SINCE_DAYS = 7  # --since defaults to this many days ago
NOT_QUALIFIED = "Not qualified"
CHANGES = ("new", "band", "score", "won", "lost")  # the order moves are listed in


@dataclass(frozen=True, slots=True)
class PostureRow:
    band: str | None  # None: the deals never qualified
    label: str
    deals: int
    amount: float


@dataclass(frozen=True, slots=True)
class Move:
    key: str
    name: str
    change: str  # new, band, score, won or lost
    before: str | float | None
    after: str | float | None
    before_label: str | None = None  # a band's label, for the words
    after_label: str | None = None
    up: bool = True  # band and score moves: up or down


@dataclass(frozen=True, slots=True)
class Assumption:
    """An answer still assumed in a deal's last session, and since when, unbroken."""

    key: str
    name: str
    question: str
    since: str
    days: int
    at_least: bool = False  # assumed in every session read (RECENT_SESSIONS): maybe longer


@dataclass(frozen=True, slots=True)
class Review:
    since: str  # YYYY-MM-DD
    today: str
    owner: str | None
    posture: list[PostureRow]
    moved: list[Move]
    at_risk: list[DealSummary]
    deals: list[DealSummary]
    assumptions: list[Assumption]  # the oldest first (at most ASSUMPTIONS of them)
    assumed: int  # how many answers in all are assumed in the deals' last sessions
    timeline: dict[str, list[tuple[str, float]]]  # each listed deal's scores over time


def since_day(text: str | None, now: datetime) -> str:
    """``--since``: a day, YYYY-MM-DD; by default a week before today."""
    if text is None:
        return (now.date() - timedelta(days=SINCE_DAYS)).isoformat()
    try:
        if len(text.strip()) == 10:
            return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        pass
    raise DealcoachError(
        f"--since '{quoted(text)}': a day is written YYYY-MM-DD (for example 2026-11-01)"
    )


def start_of(day: str) -> str:
    """The first moment of ``day``, as the records write moments (UTC)."""
    return f"{day}T00:00:00+00:00"


def review(
    lines: list[DealLine], history: History, now: datetime, since: str, owner: str | None
) -> Review:
    """The review of the open deals (of ``owner`` when given) since the day ``since``."""
    moment = start_of(since)
    open_lines = selected(lines, owner=owner)
    summaries = summarise(open_lines, now)
    moved = [m for s in summaries for m in _moves(s, history.as_of.get(s.deal.key), moment)]
    names = {line.deal.key: line.deal for line in lines}
    outcome = {k: c.changes["status"][1] for k, c in history.closed if "status" in c.changes}
    for key, status in outcome.items():  # the last status each deal was given since
        deal = names.get(key)
        if deal is None or status not in (WON, LOST) or deal.status != status:
            continue  # reopened since, or closed otherwise since
        if owner is None or deal.owner == owner:
            moved.append(Move(key, deal.name, status, "open", status))
    moved.sort(key=lambda m: (CHANGES.index(m.change), m.name.casefold(), m.key))
    oldest, assumed = _assumptions(open_lines, now)
    timeline = {s.deal.key: history.timeline.get(s.deal.key, []) for s in summaries}
    return Review(
        since=since,
        today=now.date().isoformat(),
        owner=owner,
        posture=_posture(summaries),
        moved=moved,
        at_risk=[s for s in summaries if s.risks],
        deals=summaries,
        assumptions=oldest,
        assumed=assumed,
        timeline=timeline,
    )


def _posture(summaries: list[DealSummary]) -> list[PostureRow]:
    """Deals and summed amounts per band, in band order; the deals never qualified last."""
    rows: dict[str | None, list[float]] = {}
    labels: dict[str | None, str] = {None: NOT_QUALIFIED}
    ranks: dict[str | None, int] = {}
    for s in summaries:
        band = s.last.band if s.last else None
        if s.last is not None:
            labels.setdefault(band, s.last.band_label)
            rank = s.last.band_rank if s.last.band_rank is not None else 1_000
            ranks[band] = min(ranks.get(band, rank), rank)
        counted = rows.setdefault(band, [0, 0.0])
        counted[0] += 1
        counted[1] += s.deal.amount or 0.0
    order = sorted(rows, key=lambda b: (b is None, ranks.get(b, 0), b or ""))
    return [PostureRow(b, labels[b], int(rows[b][0]), rows[b][1]) for b in order]


def _moves(s: DealSummary, before: Standing | None, moment: str) -> list[Move]:
    deal, last = s.deal, s.last
    if deal.created_at >= moment:
        return [
            Move(deal.key, deal.name, "new", None, last.band if last else None, None,
                 last.band_label if last else None)
        ]  # fmt: skip
    if last is None or last.created_at < moment:
        return []  # no session since: nothing moved
    moves: list[Move] = []
    if before is None or before.band != last.band:
        ranked = before is not None and None not in (last.band_rank, before.band_rank)
        # A better band has a lower rank; a session from before ranks were kept compares
        # by its score.
        up = before is None or (
            (last.band_rank or 0) < (before.band_rank or 0) if ranked else last.score > before.score
        )
        moves.append(
            Move(deal.key, deal.name, "band", before.band if before else None, last.band,
                 before.band_label if before else None, last.band_label, up)
        )  # fmt: skip
    if before is not None and abs(last.score - before.score) >= SCORE_MOVE:
        moves.append(
            Move(deal.key, deal.name, "score", round1(before.score), round1(last.score),
                 up=last.score > before.score)
        )  # fmt: skip
    return moves


def _assumptions(lines: list[DealLine], now: datetime) -> tuple[list[Assumption], int]:
    """The oldest of the answers assumed in the deals' last sessions, each with the first
    of the unbroken run of its recent sessions where it was assumed (``at_least`` when
    that run is every session read, so that it may go back further); and how many
    answers are assumed in all."""
    found: list[tuple[str, str, str, DealLine, bool]] = []
    for line in lines:
        if not line.assumed or not line.assumed[-1]:
            continue
        last = line.assumed[-1]
        alive = set(last)
        start = dict.fromkeys(last, len(line.assumed) - 1)
        for at in range(len(line.assumed) - 2, -1, -1):
            alive.intersection_update(line.assumed[at])
            if not alive:
                break
            for question in alive:
                start[question] = at
        full = len(line.assumed) >= RECENT_SESSIONS
        found += [
            (line.recorded[at], line.deal.key, question, line, full and at == 0)
            for question, at in start.items()
        ]
    oldest = heapq.nsmallest(ASSUMPTIONS, found, key=lambda f: f[:3])
    return [
        Assumption(
            key, line.deal.name, question, since,
            max(0, (now - datetime.fromisoformat(since)).days), at_least,
        )
        for since, key, question, line, at_least in oldest
    ], len(found)  # fmt: skip
