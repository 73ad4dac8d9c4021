"""The conditions of the playbook format (the ``when`` of gates and next steps), as plain
records (:mod:`dealcoach.core.format` has their models).

:mod:`dealcoach.core.conditions` evaluates them.
"""

from __future__ import annotations

from typing import Any, Literal

from dealcoach.core._base import Record


class _Bound(Record):
    below: float | None = None
    at_least: float | None = None

    def one_bound(self) -> _Bound:
        """The check of a bound as a whole (validation runs it)."""
        if (self.below is None) == (self.at_least is None):
            raise ValueError("give exactly one of 'below' or 'at_least'")
        return self


class AllOf(Record):
    all: list[Condition]


class AnyOf(Record):
    any: list[Condition]


class Not(Record):
    not_: Condition  # written `not`


class ScoreIs(Record):
    score: _Bound


class DimensionIs(_Bound):
    dimension: str


class AnswerIs(Record):
    answer: str
    is_: str | None = None  # written `is`
    in_: list[str] | None = None  # written `in`

    def one_test(self) -> AnswerIs:
        """The check of an answer test as a whole (validation runs it)."""
        if (self.is_ is None) == (self.in_ is None):
            raise ValueError("give exactly one of 'is' or 'in'")
        return self

    @property
    def options(self) -> list[str]:
        return [self.is_] if self.is_ is not None else list(self.in_ or [])


class AssumedIs(Record):
    assumed: str


class BandIs(Record):
    band: str


class FigureBound(_Bound):
    """A bound on the deal's ``known`` or ``verified`` figure, or on one dimension's."""

    dimension: str | None = None


class KnownIs(Record):
    known: FigureBound


class VerifiedIs(Record):
    verified: FigureBound


Condition = (
    Literal["always"]
    | AllOf
    | AnyOf
    | Not
    | ScoreIs
    | DimensionIs
    | AnswerIs
    | AssumedIs
    | BandIs
    | KnownIs
    | VerifiedIs
)

CONDITION_KEYS = (
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


def condition_kind(value: Any) -> str | None:
    """Which kind of condition ``value`` is written as (validation's discriminator: it
    reads loaded YAML, never records)."""
    if value == "always":
        return "<always>"
    if isinstance(value, dict):
        for key in CONDITION_KEYS:
            if key in value:
                return f"<{key}>"
    return None
