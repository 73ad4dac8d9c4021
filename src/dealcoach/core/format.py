"""The playbook format, version 1, and the answers-file format, as pydantic models: the
source of truth for what a valid file is (see docs/playbook-format.md).

These models are never instantiated by a command. Their validation schema, with every
model swapped for the plain record of the same name in :mod:`dealcoach.core.models`,
:mod:`dealcoach.core.condition_models` and :mod:`dealcoach.core.answer`, is generated
into :mod:`dealcoach.core._compiled_schema`, which :mod:`dealcoach.core.validation` runs
with ``pydantic_core`` alone: a command pays neither for importing pydantic nor for
building its validators. A test holds the generated module to these models;
``python -m dealcoach.core.schema_compiler`` writes it again after a change here.

The JSON Schema of ``dealcoach schema`` comes from these models too (their docstrings
are its descriptions).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from dealcoach.core import answer, condition_models, models
from dealcoach.core.warnings import DEFAULTS, RECENT_SESSIONS

PlaybookId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
DimensionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
ItemId = Annotated[str, StringConstraints(min_length=1)]
Text = Annotated[str, StringConstraints(min_length=1)]
Weight = Annotated[float, Field(gt=0)]


class _Model(BaseModel):
    """Unknown keys forbidden, strict types, read-only."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        populate_by_name=True,
        allow_inf_nan=False,
        defer_build=True,
    )


# --- Conditions (the ``when`` of gates, next steps and exit criteria) ---------------


class _Bound(_Model):
    below: float | None = None
    at_least: float | None = None

    _one_bound = model_validator(mode="after")(condition_models._Bound.one_bound)


class AllOf(_Model):
    all: list[Condition]


class AnyOf(_Model):
    any: list[Condition]


class Not(_Model):
    not_: Condition = Field(alias="not")


class ScoreIs(_Model):
    score: _Bound


class DimensionIs(_Bound):
    dimension: str


class AnswerIs(_Model):
    answer: str
    is_: str | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in", min_length=1)

    _one_test = model_validator(mode="after")(condition_models.AnswerIs.one_test)


class AssumedIs(_Model):
    assumed: str


class BandIs(_Model):
    band: str


class FigureBound(_Bound):
    """A bound on the deal's ``known`` or ``verified`` figure, or on one dimension's."""

    dimension: str | None = None


class KnownIs(_Model):
    known: FigureBound


class VerifiedIs(_Model):
    verified: FigureBound


Condition = Annotated[
    Annotated[Literal["always"], Tag("<always>")]
    | Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[Not, Tag("<not>")]
    | Annotated[ScoreIs, Tag("<score>")]
    | Annotated[DimensionIs, Tag("<dimension>")]
    | Annotated[AnswerIs, Tag("<answer>")]
    | Annotated[AssumedIs, Tag("<assumed>")]
    | Annotated[BandIs, Tag("<band>")]
    | Annotated[KnownIs, Tag("<known>")]
    | Annotated[VerifiedIs, Tag("<verified>")],
    Discriminator(
        condition_models.condition_kind,
        custom_error_type="invalid_condition",
        custom_error_message=(
            "a condition is 'always' or a mapping with one of: "
            + ", ".join(condition_models.CONDITION_KEYS)
        ),
    ),
]


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


class Dimension(_Model):
    id: DimensionId
    name: Text
    weight: Weight = 1.0
    why: str | None = None
    questions: list[Question] = Field(min_length=1)


class Scoring(_Model):
    assumed_factor: float = Field(default=0.5, ge=0, le=1)


class Warnings(_Model):
    """When a deal's risk warnings hold (TEAM.md, "Warnings"): the playbook's numbers."""

    quiet_days: int = Field(default=DEFAULTS.quiet_days, ge=1)  # no session for this long
    falling_points: int = Field(default=DEFAULTS.falling_points, ge=1, le=100)  # fell this much
    stale_sessions: int = Field(default=DEFAULTS.stale_sessions, ge=1, le=RECENT_SESSIONS)
    close_soon_days: int = Field(default=DEFAULTS.close_soon_days, ge=0)  # the date is this near


class Band(_Model):
    id: ItemId
    min: float = Field(ge=0)
    label: Text
    short: Text | None = None  # for tables: a word or two


class Gate(_Model):
    """A condition that caps the band (``cap``) or keeps it up (``floor``): one of them."""

    id: ItemId
    when: Condition | None = None  # absent: always holds
    cap: str | None = None
    floor: str | None = None
    reason: str | None = None

    _cap_or_floor = model_validator(mode="after")(models.Gate.cap_or_floor)


class NextStep(_Model):
    id: ItemId
    when: Condition | None = None
    title: Text
    say: Text
    why: str | None = None
    learn: list[str] = Field(default_factory=list)  # what the next call must learn


class LanguageRule(_Model):
    id: ItemId
    match: list[Text] = Field(min_length=1)
    advice: Text

    _one_pattern = field_validator("match", mode="before")(models.LanguageRule.one_pattern)


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

    _format_version = field_validator("dealcoach")(models.Playbook.format_version)


# --- The answers file ---------------------------------------------------------


class AnswerDetail(_Model):
    answer: str | list[str]
    evidence: Literal["verified", "assumed"] = "verified"


AnswerEntry = Annotated[
    Annotated[str, Tag("<text>")]
    | Annotated[list[str], Tag("<list>")]
    | Annotated[AnswerDetail, Tag("<detail>")],
    Discriminator(
        answer.entry_kind,
        custom_error_type="invalid_answer",
        custom_error_message=(
            "an answer is an option id, a list of option ids, the customer's words, "
            "or {answer: ..., evidence: verified|assumed}"
        ),
    ),
]

AnswersFile = dict[str, AnswerEntry]
