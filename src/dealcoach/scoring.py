"""The scoring engine: answers -> dimension and deal scores, band, gates, next step.

Exactly the formulas of the playbook format; conditions compare unrounded scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dealcoach.answers import UNKNOWN_ANSWER, Answer, Answers
from dealcoach.models import (
    UNKNOWN,
    AllOf,
    AnswerIs,
    AnyOf,
    AssumedIs,
    Band,
    BandIs,
    DimensionIs,
    Gate,
    NextStep,
    Not,
    Playbook,
    Question,
    ScoreIs,
)

PLACEHOLDER = re.compile(r"\{answers\.([a-z0-9_]+)\}")


@dataclass(frozen=True, slots=True)
class DimensionScore:
    id: str
    name: str
    weight: float
    score: float
    unknown: tuple[str, ...]
    assumed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepAdvice:
    """The chosen next step, its ``say`` text with the customer's words filled in."""

    id: str
    title: str
    say: str
    why: str | None


@dataclass(frozen=True, slots=True)
class Scorecard:
    playbook: Playbook
    answers: Answers
    score: float
    band: Band
    uncapped_band: Band
    gates: tuple[Gate, ...]
    dimensions: tuple[DimensionScore, ...]
    next_step: StepAdvice
    # Questions that are unknown or assumed, highest share of the deal score first.
    gaps: tuple[Question, ...]

    def answer(self, question_id: str) -> Answer:
        return self.answers.get(question_id, UNKNOWN_ANSWER)

    @property
    def learning_objectives(self) -> list[str]:
        return [q.objective for q in self.gaps]

    @property
    def assumptions(self) -> list[Question]:
        """Assumed answers to verify, highest share first."""
        return [q for q in self.gaps if self.answer(q.id).assumed]

    @property
    def unknowns(self) -> list[Question]:
        return [q for q in self.gaps if not self.answer(q.id).known]

    def dimension(self, dimension_id: str) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)


def normalised(question: Question, answer: Answer, assumed_factor: float) -> float:
    """The question's value over its maximum, discounted when assumed."""
    if not answer.known or not question.scored:
        return 0.0
    chosen = answer.value if isinstance(answer.value, tuple) else (answer.value,)
    scores = [opt.score for opt in question.options if opt.id in chosen]
    if question.kind == "many":
        value = min(sum(scores), question.maximum)
    else:
        value = scores[0] if scores else 0.0
    maximum = question.maximum
    result = value / maximum if maximum > 0 else 0.0
    if answer.evidence == "assumed":
        result *= assumed_factor
    return result


def shares(playbook: Playbook) -> dict[str, float]:
    """Each question's share of the deal score (0 for text questions)."""
    total_dim = sum(d.weight for d in playbook.dimensions)
    result: dict[str, float] = {}
    for dim in playbook.dimensions:
        total_q = sum(q.weight for q in dim.scored_questions)
        for q in dim.questions:
            if q.scored and total_q > 0:
                result[q.id] = (dim.weight / total_dim) * (q.weight / total_q)
            else:
                result[q.id] = 0.0
    return result


@dataclass(frozen=True, slots=True)
class _Context:
    playbook: Playbook
    answers: Answers
    score: float
    dimensions: dict[str, float]
    band: Band | None


def holds(condition: Any, ctx: _Context) -> bool:
    """Whether a condition (``when``) holds. None and 'always' always hold."""
    if condition is None or condition == "always":
        return True
    if isinstance(condition, AllOf):
        return all(holds(c, ctx) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(c, ctx) for c in condition.any)
    if isinstance(condition, Not):
        return not holds(condition.not_, ctx)
    if isinstance(condition, ScoreIs):
        return _within(ctx.score, condition.score.below, condition.score.at_least)
    if isinstance(condition, DimensionIs):
        value = ctx.dimensions.get(condition.dimension, 0.0)
        return _within(value, condition.below, condition.at_least)
    if isinstance(condition, AnswerIs):
        answer = ctx.answers.get(condition.answer, UNKNOWN_ANSWER)
        if not answer.known:
            chosen: tuple[str, ...] = (UNKNOWN,)
        elif isinstance(answer.value, tuple):
            chosen = answer.value
        else:
            chosen = (str(answer.value),)
        return any(opt in chosen for opt in condition.options)
    if isinstance(condition, AssumedIs):
        return ctx.answers.get(condition.assumed, UNKNOWN_ANSWER).assumed
    if isinstance(condition, BandIs):
        return ctx.band is not None and ctx.band.id == condition.band
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def _within(value: float, below: float | None, at_least: float | None) -> bool:
    if below is not None:
        return value < below
    return at_least is not None and value >= at_least


def band_for(playbook: Playbook, score: float) -> Band:
    eligible = [b for b in playbook.bands if b.min <= score]
    if not eligible:  # a valid playbook always has a band with min 0
        return min(playbook.bands, key=lambda b: b.min)
    return max(eligible, key=lambda b: b.min)


def render_say(text: str, playbook: Playbook, answers: Answers) -> str:
    """Fill ``{answers.ID}`` with the customer's words, in one pass."""

    def fill(match: re.Match[str]) -> str:
        question = playbook.question(match.group(1))
        if question is None or question.kind != "text":
            return match.group(0)
        value = answers.get(question.id, UNKNOWN_ANSWER).value
        return value if isinstance(value, str) else ""

    return PLACEHOLDER.sub(fill, text)


def _advice(step: NextStep, playbook: Playbook, answers: Answers) -> StepAdvice:
    return StepAdvice(step.id, step.title, render_say(step.say, playbook, answers), step.why)


def score(playbook: Playbook, answers: Answers) -> Scorecard:
    """Score a deal's answers with a playbook."""
    factor = playbook.scoring.assumed_factor
    dims: list[DimensionScore] = []
    for dim in playbook.dimensions:
        scored = dim.scored_questions
        total = sum(q.weight for q in scored)
        weighted = sum(
            q.weight * normalised(q, answers.get(q.id, UNKNOWN_ANSWER), factor) for q in scored
        )
        dims.append(
            DimensionScore(
                id=dim.id,
                name=dim.name,
                weight=dim.weight,
                score=100.0 * weighted / total if total > 0 else 0.0,
                unknown=tuple(
                    q.id for q in dim.questions if not answers.get(q.id, UNKNOWN_ANSWER).known
                ),
                assumed=tuple(
                    q.id for q in dim.questions if answers.get(q.id, UNKNOWN_ANSWER).assumed
                ),
            )
        )
    total_weight = sum(d.weight for d in dims)
    deal = sum(d.weight * d.score for d in dims) / total_weight if total_weight > 0 else 0.0
    dim_scores = {d.id: d.score for d in dims}

    ctx = _Context(playbook, answers, deal, dim_scores, None)
    uncapped = band_for(playbook, deal)
    band = uncapped
    held: list[Gate] = []
    for gate in playbook.gates:
        if holds(gate.when, ctx):
            held.append(gate)
            cap = playbook.band(gate.cap)
            if cap is not None and cap.min < band.min:
                band = cap

    ctx = _Context(playbook, answers, deal, dim_scores, band)
    step = next((s for s in playbook.next_steps if holds(s.when, ctx)), playbook.next_steps[-1])

    share = shares(playbook)
    gaps = [
        q
        for q in playbook.questions
        if not answers.get(q.id, UNKNOWN_ANSWER).known or answers[q.id].assumed
    ]
    gaps.sort(key=lambda q: -share[q.id])  # stable: ties keep playbook order

    return Scorecard(
        playbook=playbook,
        answers=dict(answers),
        score=deal,
        band=band,
        uncapped_band=uncapped,
        gates=tuple(held),
        dimensions=tuple(dims),
        next_step=_advice(step, playbook, answers),
        gaps=tuple(gaps),
    )
