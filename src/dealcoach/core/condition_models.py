"""The conditions of the playbook format (the ``when`` of gates and next steps), as models.

:mod:`dealcoach.core.conditions` evaluates them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Discriminator, Field, Tag, model_validator

from dealcoach.core._base import _Model


class _Bound(_Model):
    below: float | None = None
    at_least: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> _Bound:
        if (self.below is None) == (self.at_least is None):
            raise ValueError("give exactly one of 'below' or 'at_least'")
        return self


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

    @model_validator(mode="after")
    def _one_test(self) -> AnswerIs:
        if (self.is_ is None) == (self.in_ is None):
            raise ValueError("give exactly one of 'is' or 'in'")
        return self

    @property
    def options(self) -> list[str]:
        return [self.is_] if self.is_ is not None else list(self.in_ or [])


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


_CONDITION_KEYS = (
    "all",
    "any",
    "not",
    "score",
    "dimension",
    "answer",
    "assumed",
    "band",
    "known",
    "verified",
)


def _condition_kind(value: Any) -> str | None:
    if value == "always":
        return "<always>"
    if isinstance(value, dict):
        for key in _CONDITION_KEYS:
            if key in value:
                return f"<{key}>"
        return None
    if isinstance(value, BaseModel):
        return _MODEL_TAGS.get(type(value))
    return None


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
        _condition_kind,
        custom_error_type="invalid_condition",
        custom_error_message=(
            "a condition is 'always' or a mapping with one of: " + ", ".join(_CONDITION_KEYS)
        ),
    ),
]

_MODEL_TAGS: dict[type[BaseModel], str] = {
    AllOf: "<all>",
    AnyOf: "<any>",
    Not: "<not>",
    ScoreIs: "<score>",
    DimensionIs: "<dimension>",
    AnswerIs: "<answer>",
    AssumedIs: "<assumed>",
    BandIs: "<band>",
    KnownIs: "<known>",
    VerifiedIs: "<verified>",
}
# The recursive references (Condition in AllOf, ...) are resolved when a model is first
# validated: the models are built lazily (``defer_build``), so that a run that reads a
# cached playbook never pays for building them.
