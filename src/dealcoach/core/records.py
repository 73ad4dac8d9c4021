"""The deal records that the store keeps and the commands pass around."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dealcoach.core.answer import Answers
from dealcoach.core.figures import Figures


def utcnow() -> datetime:
    """The current time, in UTC: the one clock of the records (tests set it)."""
    return datetime.now(UTC)


def now() -> str:
    """The time of a record: UTC, to the second, in ISO form."""
    return utcnow().isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Deal:
    key: str
    name: str
    playbook_id: str
    playbook_source: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What a session of ``qualify`` or ``next-step`` found, stored or about to be."""

    command: str
    playbook_id: str
    playbook_version: str
    playbook_hash: str
    answers: Answers
    score: float
    band: str
    band_label: str
    band_short: str
    gates: list[str]
    next_step: str
    next_step_title: str
    note: str | None
    objective: str | None


@dataclass(frozen=True, slots=True)
class NewSession(SessionFacts):
    """A session before it is stored, with ``result``: its output as data (the
    ``--json`` object), kept with it."""

    result: dict[str, Any] = field(repr=False)
    playbook_text: str = field(default="", repr=False)  # kept by its digest, playbook_hash


@dataclass(frozen=True, slots=True)
class Session(SessionFacts):
    """A stored session of a deal, with the figures it showed."""

    id: int
    deal_key: str
    created_at: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class SessionBrief:
    """What the pipeline shows of a session: its figures, without answers and result."""

    id: int
    created_at: str
    score: float
    band: str
    band_label: str
    band_short: str
    next_step: str
    next_step_title: str


@dataclass(frozen=True, slots=True)
class DealLine:
    """A deal in the pipeline: its last session and the scores of its recent ones."""

    deal: Deal
    last: SessionBrief
    trend: list[float]  # oldest first, ending with the last session's score


@dataclass(frozen=True, slots=True)
class Draft:
    """An unfinished interview: the answers so far, and the questions already asked."""

    deal_key: str
    command: str
    playbook_id: str
    answers: Answers
    asked: list[str]
    updated_at: str
