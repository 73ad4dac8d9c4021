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


OPEN, WON, LOST = "open", "won", "lost"

# A deal's attributes, as ``update`` sets them and the deal objects of the JSON carry them.
ATTRIBUTES = ("owner", "stage", "amount", "close_date", "crm_id")


@dataclass(frozen=True, slots=True)
class Deal:
    key: str
    name: str
    playbook_id: str
    playbook_source: str | None
    created_at: str
    owner: str | None = None  # who created it, or qualify --owner / update --owner
    stage: str | None = None
    amount: float | None = None
    close_date: str | None = None  # YYYY-MM-DD
    crm_id: str | None = None
    status: str = OPEN  # open, won or lost

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True, slots=True)
class DealChange:
    """A change of a deal's attributes or outcome, kept with when and by whom.

    ``kind``: ``update``, ``won``, ``lost`` or ``reopen``; ``changes``: each attribute
    changed (``status`` included) with its value before and after.
    """

    kind: str
    changes: dict[str, tuple[Any, Any]]
    reason: str | None = None
    by: str | None = None  # set by the store: the user who made it
    created_at: str = ""
    id: int = 0


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
    # What the pipeline and the review read without decoding answers or results:
    known: float = field(default=0.0, kw_only=True)
    verified: float = field(default=0.0, kw_only=True)
    assumed: tuple[str, ...] = field(default=(), kw_only=True)  # question ids, known but assumed
    band_rank: int | None = field(default=None, kw_only=True)  # the band's place in its playbook
    # In the playbook's top band (None: a session from before this was kept).
    top_band: bool | None = field(default=False, kw_only=True)
    limits: dict[str, int] | None = field(default=None, kw_only=True)  # the playbook's warnings


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
    by: str | None = None  # who recorded it (None: a session kept from before names were)
    say: str = ""  # the next step's words to the customer, as the session showed them


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
    known: float = 0.0
    verified: float = 0.0
    band_rank: int | None = None
    top_band: bool | None = False  # None: a session from before this was kept
    limits: dict[str, int] | None = None


@dataclass(frozen=True, slots=True)
class DealLine:
    """A deal in the pipeline: its last session and the scores of its recent ones."""

    deal: Deal
    last: SessionBrief | None  # None: a deal never qualified (one imported from a CRM)
    trend: list[float]  # oldest first, ending with the last session's score
    # The questions assumed in each of the recent sessions, and when each was recorded
    # (empty when the pipeline was read without the times), oldest first (as the trend).
    assumed: list[tuple[str, ...]] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Draft:
    """An unfinished interview: the answers so far, and the questions already asked."""

    deal_key: str
    command: str
    playbook_id: str
    answers: Answers
    asked: list[str]
    updated_at: str


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a deal stood at a moment: its last session's score and band then."""

    score: float
    band: str
    band_label: str
    band_rank: int | None


@dataclass(frozen=True, slots=True)
class History:
    """What the review reads of the history since a moment, for every deal at once."""

    as_of: dict[str, Standing]  # each deal's standing just before the moment
    # The changes since that may have changed a deal's status (outcomes, reopenings,
    # imports), oldest first, by deal key.
    closed: list[tuple[str, DealChange]]
    # Every session of every deal, oldest first: its time and score (read when asked).
    timeline: dict[str, list[tuple[str, float]]]
