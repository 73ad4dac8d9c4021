"""The scoring engine: answers -> dimension and deal scores, band, gates, next step.

Exactly the formulas of the playbook format; conditions compare unrounded scores.
The arithmetic is exact (fractions of the numbers as written in the playbook),
so a deal whose dimensions all score 50 scores 50, not 49.99999999999999, and
equal shares tie exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

from dealcoach.core.answer import UNKNOWN_ANSWER, Answer, Answers
from dealcoach.core.conditions import Facts, holds
from dealcoach.core.models import Band, Dimension, Gate, NextStep, Playbook, Question, exact

PLACEHOLDER = re.compile(r"\{answers\.([a-z0-9_]+)\}")


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """A dimension's score, and how much of it is known and verified (0 to 100 each)."""

    id: str
    name: str
    score: float
    known: float
    verified: float
    unknown: tuple[str, ...]
    assumed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepAdvice:
    """The chosen next step, its ``say`` text with the customer's words filled in."""

    id: str
    title: str
    say: str
    why: str | None
    learn: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scorecard:
    playbook: Playbook
    answers: Answers
    score: float
    known: float
    verified: float
    band: Band
    score_band: Band  # the band of the score alone, before gates
    gates: tuple[Gate, ...]  # every gate that held, in playbook order
    moved_by: tuple[Gate, ...]  # the gates that held and changed the band
    dimensions: tuple[DimensionScore, ...]
    next_step: StepAdvice
    # Questions that are unknown or assumed, highest share of the deal score first.
    gaps: tuple[Question, ...]
    facts: Facts  # what the conditions tested (the band after gates included)

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
    say = render_say(step.say, playbook, answers)
    return StepAdvice(step.id, step.title, say, step.why, tuple(step.learn))


def verified(question: Question, answer: Answer) -> bool:
    """Known, and verified (every known answer is, when the question asks no evidence)."""
    return answer.known and (not question.evidence or answer.evidence == "verified")


@dataclass(frozen=True, slots=True)
class _Dimension:
    """A dimension's exact figures."""

    weight: Fraction
    score: Fraction
    known: Fraction
    verified: Fraction


def _dimension(dim: Dimension, answers: Answers, factor: float) -> _Dimension:
    scored = dim.scored_questions
    total = sum((exact(q.weight) for q in scored), Fraction(0))
    if total == 0:
        zero = Fraction(0)
        return _Dimension(exact(dim.weight), zero, zero, zero)
    weighted = known = checked = Fraction(0)
    for q in scored:
        answer = answers.get(q.id, UNKNOWN_ANSWER)
        if not answer.known:
            continue
        weight = exact(q.weight)
        weighted += weight * normalised(q, answer, factor)
        known += weight
        if verified(q, answer):
            checked += weight
    return _Dimension(
        exact(dim.weight), 100 * weighted / total, 100 * known / total, 100 * checked / total
    )


def _mean(values: list[tuple[Fraction, Fraction]]) -> Fraction:
    """The weighted mean of (weight, value) pairs."""
    return sum((w * v for w, v in values), Fraction(0)) / sum((w for w, _ in values), Fraction(0))


def _gated(playbook: Playbook, facts: Facts) -> tuple[Band, Band, list[Gate], list[Gate]]:
    """The band of the score, the band after gates, the gates that held, and those of them
    that changed the band. Floors first (raise to the highest floor that holds), then caps
    (lower to the lowest cap that holds): a cap always wins."""
    start = band_for(playbook, facts.score)
    held = [g for g in playbook.gates if holds(g.when, facts)]
    floors = [(g, playbook.bands_by_id[g.floor]) for g in held if g.floor is not None]
    caps = [(g, playbook.bands_by_id[g.cap]) for g in held if g.cap is not None]
    band = max([start, *(b for _, b in floors)], key=lambda b: b.min)
    floored = band
    band = min([band, *(b for _, b in caps)], key=lambda b: b.min)
    moved = {g.id for g, b in floors if start.min < b.min <= band.min}
    moved |= {g.id for g, b in caps if b.min < floored.min}
    return start, band, held, [g for g in held if g.id in moved]


def score(playbook: Playbook, answers: Answers) -> Scorecard:
    """Score a deal's answers with a playbook."""
    factor = playbook.scoring.assumed_factor
    figures = [_dimension(dim, answers, factor) for dim in playbook.dimensions]
    deal = _mean([(f.weight, f.score) for f in figures])
    facts = Facts(
        answers,
        deal,
        {d.id: f.score for d, f in zip(playbook.dimensions, figures, strict=True)},
        known=_mean([(f.weight, f.known) for f in figures]),
        verified=_mean([(f.weight, f.verified) for f in figures]),
        dimensions_known={d.id: f.known for d, f in zip(playbook.dimensions, figures, strict=True)},
        dimensions_verified={
            d.id: f.verified for d, f in zip(playbook.dimensions, figures, strict=True)
        },
    )
    start, band, held, moved = _gated(playbook, facts)
    facts = replace(facts, band=band)
    step = next((s for s in playbook.next_steps if holds(s.when, facts)), playbook.next_steps[-1])
    gaps = [
        q
        for q in playbook.questions_by_share
        if not answers.get(q.id, UNKNOWN_ANSWER).known or answers[q.id].assumed
    ]
    return Scorecard(
        playbook=playbook,
        answers=dict(answers),
        score=float(deal),
        known=float(facts.known),
        verified=float(facts.verified),
        band=band,
        score_band=start,
        gates=tuple(held),
        moved_by=tuple(moved),
        dimensions=tuple(
            DimensionScore(
                id=dim.id,
                name=dim.name,
                score=float(f.score),
                known=float(f.known),
                verified=float(f.verified),
                unknown=tuple(
                    q.id for q in dim.questions if not answers.get(q.id, UNKNOWN_ANSWER).known
                ),
                assumed=tuple(
                    q.id for q in dim.questions if answers.get(q.id, UNKNOWN_ANSWER).assumed
                ),
            )
            for dim, f in zip(playbook.dimensions, figures, strict=True)
        ),
        next_step=_advice(step, playbook, answers),
        gaps=tuple(gaps),
        facts=facts,
    )
