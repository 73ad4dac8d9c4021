"""The playbook format, version 1, as pydantic models (see docs/playbook-format.md)."""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache, cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from dealcoach.core._base import _Model
from dealcoach.core.condition_models import Condition
from dealcoach.core.warnings import DEFAULTS, RECENT_SESSIONS

PlaybookId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
DimensionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
ItemId = Annotated[str, StringConstraints(min_length=1)]
Text = Annotated[str, StringConstraints(min_length=1)]
Weight = Annotated[float, Field(gt=0)]


@cache
def exact(number: float) -> Fraction:
    """A number as the author wrote it (0.1 is 1/10, not its nearest binary float)."""
    return Fraction(repr(number))


# --- The playbook -----------------------------------------------------------


class Option(_Model):
    id: ItemId
    label: Text
    score: float = Field(ge=0)


class EvidenceLabels(_Model):
    """What "verified" and "assumed" mean for one question, in the interview."""

    verified: Text
    assumed: Text


class Question(_Model):
    id: QuestionId
    ask: Text
    help: str | None = None
    learn: str | None = None
    kind: Literal["one", "many", "text"] = "one"
    weight: Weight = 1.0
    evidence: bool = True
    evidence_labels: EvidenceLabels | None = None
    options: list[Option] = Field(default_factory=list)
    # The dimension of another playbook (a framework) this question answers, by its id.
    maps: dict[str, str] = Field(default_factory=dict)

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


class Dimension(_Model):
    id: DimensionId
    name: Text
    weight: Weight = 1.0
    why: str | None = None
    questions: list[Question] = Field(min_length=1)

    @property
    def scored_questions(self) -> list[Question]:
        return [q for q in self.questions if q.scored]


class Scoring(_Model):
    assumed_factor: float = Field(default=0.5, ge=0, le=1)


class Warnings(_Model):
    """When a deal's risk warnings hold (TEAM.md, "Warnings"): the playbook's numbers."""

    quiet_days: int = Field(default=DEFAULTS.quiet_days, ge=1)  # no session for this long
    falling_points: int = Field(default=DEFAULTS.falling_points, ge=1, le=100)  # fell this much
    stale_sessions: int = Field(default=DEFAULTS.stale_sessions, ge=1, le=RECENT_SESSIONS)
    close_soon_days: int = Field(default=DEFAULTS.close_soon_days, ge=0)  # the date is this near

    def as_dict(self) -> dict[str, int]:
        return {
            "quiet_days": self.quiet_days,
            "falling_points": self.falling_points,
            "stale_sessions": self.stale_sessions,
            "close_soon_days": self.close_soon_days,
        }


class Band(_Model):
    id: ItemId
    min: float = Field(ge=0)
    label: Text
    short: Text | None = None  # for tables: a word or two

    @property
    def shown(self) -> str:
        """The label a table shows: the short one where there is one."""
        return self.short or self.label


class Gate(_Model):
    """A condition that caps the band (``cap``) or keeps it up (``floor``): one of them."""

    id: ItemId
    when: Condition | None = None  # absent: always holds
    cap: str | None = None
    floor: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _cap_or_floor(self) -> Gate:
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


class NextStep(_Model):
    id: ItemId
    when: Condition | None = None
    title: Text
    say: Text
    why: str | None = None
    learn: list[str] = Field(default_factory=list)  # what the next call must learn

    @property
    def always(self) -> bool:
        return self.when is None or self.when == "always"


class LanguageRule(_Model):
    id: ItemId
    match: list[Text] = Field(min_length=1)
    advice: Text

    @field_validator("match", mode="before")
    @classmethod
    def _one_pattern(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class ExitCriterion(_Model):
    """What must hold before a deal leaves a stage."""

    label: Text
    when: Condition


class Stage(_Model):
    """A stage a deal moves through, with its exit criteria."""

    id: ItemId
    label: Text
    crm: list[Text] = Field(default_factory=list)  # CRM stage names meaning this stage
    exit: list[ExitCriterion] = Field(default_factory=list)


class Expect(_Model):
    band: str | None = None
    next_step: str | None = None
    score: float | None = None
    gates: list[str] | None = None
    known: float | None = None
    verified: float | None = None


class Scenario(_Model):
    name: Text
    answers: dict[str, Any] = Field(default_factory=dict)
    expect: Expect


class Playbook(_Model):
    dealcoach: int
    id: PlaybookId
    name: Text
    version: Text
    description: str | None = None
    scoring: Scoring = Field(default_factory=Scoring)
    dimensions: list[Dimension] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)
    gates: list[Gate] = Field(default_factory=list)
    next_steps: list[NextStep] = Field(min_length=1)
    language: list[LanguageRule] = Field(default_factory=list)
    warnings: Warnings = Field(default_factory=Warnings)
    stages: list[Stage] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)

    @field_validator("dealcoach")
    @classmethod
    def _format_version(cls, value: int) -> int:
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
