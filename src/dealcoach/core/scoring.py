"""The scoring engine: answers -> dimension and deal scores, band, gates, next step.

Exactly the formulas of the playbook format; conditions compare unrounded scores.
The arithmetic is exact (fractions of the numbers as written in the playbook),
so a deal whose dimensions all score 50 scores 50, not 49.99999999999999, and
equal shares tie exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from dealcoach.core.answer import UNKNOWN_ANSWER, Answer, Answers
from dealcoach.core.conditions import Facts, holds
from dealcoach.core.models import Band, Gate, NextStep, Playbook, Question, exact

PLACEHOLDER = re.compile(r"\{answers\.([a-z0-9_]+)\}")


@dataclass(frozen=True, slots=True)
class DimensionScore:
    id: str
    name: str
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

    def dimension(self, dimension_id: str) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)


def normalised(question: Question, answer: Answer, assumed_factor: float) -> Fraction:
    """The question's value over its maximum, discounted when assumed."""
    zero = Fraction(0)
    if not answer.known or not question.scored:
        return zero
    chosen = answer.value if isinstance(answer.value, tuple) else (answer.value,)
    scores = [exact(opt.score) for opt in question.options if opt.id in chosen]
    maximum = exact(question.maximum)
    value = (
        min(sum(scores, zero), maximum) if question.kind == "many" else max(scores, default=zero)
    )
    result = value / maximum if maximum > 0 else zero
    if answer.evidence == "assumed":
        result *= exact(assumed_factor)
    return result


def band_for(playbook: Playbook, score: Fraction) -> Band:
    """The band with the highest ``min`` at or below the score (a valid playbook has a
    band at 0, and no score is below 0)."""
    return max((b for b in playbook.bands if exact(b.min) <= score), key=lambda b: b.min)


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
    exact_scores: list[tuple[Fraction, Fraction]] = []
    for dim in playbook.dimensions:
        scored = dim.scored_questions
        total = sum((exact(q.weight) for q in scored), Fraction(0))
        weighted = sum(
            (
                exact(q.weight) * value
                for q in scored
                if (value := normalised(q, answers.get(q.id, UNKNOWN_ANSWER), factor))
            ),
            Fraction(0),
        )
        dim_score = 100 * weighted / total if total > 0 else Fraction(0)
        exact_scores.append((exact(dim.weight), dim_score))
        dims.append(
            DimensionScore(
                id=dim.id,
                name=dim.name,
                score=float(dim_score),
                unknown=tuple(
                    q.id for q in dim.questions if not answers.get(q.id, UNKNOWN_ANSWER).known
                ),
                assumed=tuple(
                    q.id for q in dim.questions if answers.get(q.id, UNKNOWN_ANSWER).assumed
                ),
            )
        )
    total_weight = sum((w for w, _ in exact_scores), Fraction(0))
    deal_exact = sum((w * s for w, s in exact_scores), Fraction(0)) / total_weight
    deal = float(deal_exact)
    dim_scores = {d.id: s for d, (_, s) in zip(dims, exact_scores, strict=True)}

    facts = Facts(answers, deal_exact, dim_scores)
    uncapped = band_for(playbook, deal_exact)
    band = uncapped
    held: list[Gate] = []
    for gate in playbook.gates:
        if holds(gate.when, facts):
            held.append(gate)
            cap = playbook.band(gate.cap)
            if cap is not None and cap.min < band.min:
                band = cap

    facts = Facts(answers, deal_exact, dim_scores, band)
    step = next((s for s in playbook.next_steps if holds(s.when, facts)), playbook.next_steps[-1])

    gaps = [
        q
        for q in playbook.questions_by_share
        if not answers.get(q.id, UNKNOWN_ANSWER).known or answers[q.id].assumed
    ]

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
