"""A checked playbook: plain records, with what the rest of dealcoach asks of them.

What a valid playbook is, field by field, is said by the pydantic models of
:mod:`dealcoach.core.format` (see docs/playbook-format.md); validation makes these
records. The checks that the models run are written here, as the records' own functions,
so that validation never needs pydantic itself.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache, cached_property
from typing import Any, Literal

from dealcoach.core._base import Record
from dealcoach.core.condition_models import Condition
from dealcoach.core.warnings import DEFAULTS


@cache
def exact(number: float) -> Fraction:
    """A number as the author wrote it (0.1 is 1/10, not its nearest binary float)."""
    return Fraction(repr(number))


# --- The playbook -----------------------------------------------------------


class Option(Record):
    id: str
    label: str
    score: float


class EvidenceLabels(Record):
    """What "verified" and "assumed" mean for one question, in the interview."""

    verified: str
    assumed: str


class Question(Record):
    id: str
    ask: str
    help: str | None = None
    learn: str | None = None
    kind: Literal["one", "many", "text"] = "one"
    weight: float = 1.0
    evidence: bool = True
    evidence_labels: EvidenceLabels | None = None
    options: list[Option]
    # The dimension of another playbook (a framework) this question answers, by its id.
    maps: dict[str, str]

    @property
    def scored(self) -> bool:
        return self.kind != "text"

    @property
    def maximum(self) -> float:
        scores = [o.score for o in self.options]
        if not scores:
            return 0.0
        return sum(scores) if self.kind == "many" else max(scores)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def objective(self) -> str:
        """The learning objective: the ``learn`` text, else one made from the question."""
        return self.learn or f"I need to find out: {self.ask}"


class Dimension(Record):
    id: str
    name: str
    weight: float = 1.0
    why: str | None = None
    questions: list[Question]

    @property
    def scored_questions(self) -> list[Question]:
        return [q for q in self.questions if q.scored]


class Scoring(Record):
    assumed_factor: float = 0.5


class Warnings(Record):
    """When a deal's risk warnings hold (TEAM.md, "Warnings"): the playbook's numbers."""

    quiet_days: int = DEFAULTS.quiet_days  # no session for this long
    falling_points: int = DEFAULTS.falling_points  # fell this much
    stale_sessions: int = DEFAULTS.stale_sessions
    close_soon_days: int = DEFAULTS.close_soon_days  # the date is this near

    def as_dict(self) -> dict[str, int]:
        return {
            "quiet_days": self.quiet_days,
            "falling_points": self.falling_points,
            "stale_sessions": self.stale_sessions,
            "close_soon_days": self.close_soon_days,
        }


class Band(Record):
    id: str
    min: float
    label: str
    short: str | None = None  # for tables: a word or two

    @property
    def shown(self) -> str:
        """The label a table shows: the short one where there is one."""
        return self.short or self.label


class Gate(Record):
    """A condition that caps the band (``cap``) or keeps it up (``floor``): one of them."""

    id: str
    when: Condition | None = None  # absent: always holds
    cap: str | None = None
    floor: str | None = None
    reason: str | None = None

    def cap_or_floor(self) -> Gate:
        """The check of a gate as a whole (validation runs it)."""
        if (self.cap is None) == (self.floor is None):
            raise ValueError(
                "give exactly one of 'cap' (the highest band the gate allows) "
                "or 'floor' (the lowest)"
            )
        return self

    @property
    def band_id(self) -> str:
        """The band the gate names, as a cap or as a floor."""
        return self.cap if self.cap is not None else str(self.floor)


class NextStep(Record):
    id: str
    when: Condition | None = None
    title: str
    say: str
    why: str | None = None
    learn: list[str]  # what the next call must learn

    @property
    def always(self) -> bool:
        return self.when is None or self.when == "always"


class LanguageRule(Record):
    id: str
    match: list[str]
    advice: str

    @staticmethod
    def one_pattern(value: Any) -> Any:
        """``match`` as written: one pattern stands for a list of one (validation runs it
        before it checks the list)."""
        return [value] if isinstance(value, str) else value


class ExitCriterion(Record):
    """What must hold before a deal leaves a stage."""

    label: str
    when: Condition


class Stage(Record):
    """A stage a deal moves through, with its exit criteria."""

    id: str
    label: str
    crm: list[str]  # CRM stage names meaning this stage
    exit: list[ExitCriterion]


class Expect(Record):
    band: str | None = None
    next_step: str | None = None
    score: float | None = None
    gates: list[str] | None = None
    known: float | None = None
    verified: float | None = None


class Scenario(Record):
    name: str
    answers: dict[str, Any]
    expect: Expect


class Playbook(Record):
    dealcoach: int
    id: str
    name: str
    version: str
    description: str | None = None
    scoring: Scoring
    dimensions: list[Dimension]
    bands: list[Band]
    gates: list[Gate]
    next_steps: list[NextStep]
    language: list[LanguageRule]
    warnings: Warnings
    stages: list[Stage]
    scenarios: list[Scenario]

    @staticmethod
    def format_version(value: int) -> int:
        """The check of ``dealcoach:`` (validation runs it)."""
        if value != 1:
            raise ValueError("this dealcoach reads format version 1 only: write 'dealcoach: 1'")
        return value

    @cached_property
    def questions(self) -> list[Question]:
        return [q for d in self.dimensions for q in d.questions]

    @cached_property
    def _question_index(self) -> dict[str, Question]:
        index: dict[str, Question] = {}
        for q in self.questions:
            index.setdefault(q.id, q)
        return index

    @cached_property
    def shares(self) -> dict[str, Fraction]:
        """Each question's share of the deal score (CLI.md; 0 for text questions):
        (its dimension's weight / the sum of dimension weights) x (its weight / the sum
        of the weights of its dimension's scored questions)."""
        total_dim = sum((exact(d.weight) for d in self.dimensions), Fraction(0))
        result: dict[str, Fraction] = {}
        for dim in self.dimensions:
            total_q = sum((exact(q.weight) for q in dim.scored_questions), Fraction(0))
            for q in dim.questions:
                if q.scored and total_q > 0:
                    result[q.id] = (exact(dim.weight) / total_dim) * (exact(q.weight) / total_q)
                else:
                    result[q.id] = Fraction(0)
        return result

    @cached_property
    def questions_by_share(self) -> tuple[Question, ...]:
        """The questions, highest share first; ties keep playbook order.

        A deal's gaps are these, filtered, so they come out in the same order."""
        share = self.shares
        # Exact keys compared as integers: each share over the common denominator.
        common = math.lcm(*(f.denominator for f in share.values()))
        key = {qid: f.numerator * (common // f.denominator) for qid, f in share.items()}
        return tuple(sorted(self.questions, key=lambda q: -key[q.id]))  # a stable sort

    def question(self, question_id: str) -> Question | None:
        return self._question_index.get(question_id)

    @cached_property
    def _dimension_index(self) -> dict[str, Dimension]:
        index: dict[str, Dimension] = {}
        for d in self.dimensions:
            index.setdefault(d.id, d)
        return index

    @cached_property
    def _band_index(self) -> dict[str, Band]:
        index: dict[str, Band] = {}
        for b in self.bands:
            index.setdefault(b.id, b)
        return index

    @cached_property
    def _next_step_index(self) -> dict[str, NextStep]:
        index: dict[str, NextStep] = {}
        for s in self.next_steps:
            index.setdefault(s.id, s)
        return index

    def dimension(self, dimension_id: str) -> Dimension | None:
        """The first dimension with this id (ids are unique in a valid playbook)."""
        return self._dimension_index.get(dimension_id)

    def band(self, band_id: str) -> Band | None:
        return self._band_index.get(band_id)

    @property
    def bands_by_id(self) -> dict[str, Band]:
        return self._band_index

    @cached_property
    def top_band(self) -> Band:
        return max(self.bands, key=lambda b: b.min)

    @cached_property
    def bottom_band(self) -> Band:
        return min(self.bands, key=lambda b: b.min)

    def stage(self, name: str | None) -> Stage | None:
        """The stage a deal's ``stage`` attribute names: a stage id, or a name listed
        under a stage's ``crm`` (whatever the case)."""
        if not name:
            return None
        wanted = name.strip().casefold()
        for stage in self.stages:
            if stage.id.casefold() == wanted or any(c.casefold() == wanted for c in stage.crm):
                return stage
        return None

    def next_step(self, step_id: str) -> NextStep | None:
        return self._next_step_index.get(step_id)
