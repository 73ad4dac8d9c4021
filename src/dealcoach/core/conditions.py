"""Conditions (``when`` of gates and next steps): whether one holds for a scored deal.

They compare unrounded, exact figures (fractions of the numbers as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from dealcoach.core.answer import UNKNOWN, UNKNOWN_ANSWER, Answers
from dealcoach.core.condition_models import (
    AllOf,
    AnswerIs,
    AnyOf,
    AssumedIs,
    BandIs,
    DimensionIs,
    FigureBound,
    KnownIs,
    Not,
    ScoreIs,
    VerifiedIs,
)
from dealcoach.core.models import Band, exact


@dataclass(frozen=True, slots=True)
class Facts:
    """What a condition can test: the answers, the exact figures (scores, and how much is
    known and verified), and, for next steps, the band after gates."""

    answers: Answers
    score: Fraction
    dimensions: dict[str, Fraction]
    band: Band | None = None
    known: Fraction = Fraction(0)
    verified: Fraction = Fraction(0)
    dimensions_known: dict[str, Fraction] = field(default_factory=dict)
    dimensions_verified: dict[str, Fraction] = field(default_factory=dict)


def holds(condition: Any, facts: Facts) -> bool:
    """Whether a condition holds. None and 'always' always hold."""
    if condition is None or condition == "always":
        return True
    if isinstance(condition, AllOf):
        return all(holds(c, facts) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(c, facts) for c in condition.any)
    if isinstance(condition, Not):
        return not holds(condition.not_, facts)
    if isinstance(condition, ScoreIs):
        return within(facts.score, condition.score.below, condition.score.at_least)
    if isinstance(condition, DimensionIs):
        # Only a valid playbook is scored: every dimension a condition names exists.
        return within(facts.dimensions[condition.dimension], condition.below, condition.at_least)
    if isinstance(condition, AnswerIs):
        answer = facts.answers.get(condition.answer, UNKNOWN_ANSWER)
        if not answer.known:
            chosen: tuple[str, ...] = (UNKNOWN,)
        elif isinstance(answer.value, tuple):
            chosen = answer.value
        else:
            chosen = (str(answer.value),)
        return any(opt in chosen for opt in condition.options)
    if isinstance(condition, AssumedIs):
        return facts.answers.get(condition.assumed, UNKNOWN_ANSWER).assumed
    if isinstance(condition, BandIs):
        return facts.band is not None and facts.band.id == condition.band
    if isinstance(condition, KnownIs):
        return _figure(condition.known, facts.known, facts.dimensions_known)
    if isinstance(condition, VerifiedIs):
        return _figure(condition.verified, facts.verified, facts.dimensions_verified)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def _figure(bound: FigureBound, deal: Fraction, dimensions: dict[str, Fraction]) -> bool:
    value = deal if bound.dimension is None else dimensions[bound.dimension]
    return within(value, bound.below, bound.at_least)


def within(value: Fraction, below: float | None, at_least: float | None) -> bool:
    """``value < below``, or ``value >= at_least``: the one bound given."""
    if below is not None:
        return value < exact(below)
    return at_least is not None and value >= exact(at_least)
