"""One set of answers seen through another framework (PLAYBOOK-FORMAT.md, "Crosswalk"):
each of its dimensions with the deal's questions that map to it, red, amber or green."""

from __future__ import annotations

from dataclasses import dataclass

from dealcoach.core.answer import UNKNOWN_ANSWER, Answer, Answers
from dealcoach.core.models import Dimension, Playbook, Question
from dealcoach.core.scoring import normalised, verified

RED, AMBER, GREEN = "red", "amber", "green"


@dataclass(frozen=True, slots=True)
class Element:
    """A dimension of the framework, with the deal's questions that map to it."""

    dimension: Dimension
    status: str
    questions: tuple[tuple[Question, Answer], ...]


def element_status(mapped: list[tuple[Question, Answer]]) -> str:
    """red: no scored question maps to it, or every one is unknown or worth 0; green:
    every one is verified and worth at least half its maximum; else amber (the value
    taken before any assumed factor)."""
    scored = [(q, a, normalised(q, a, 1.0)) for q, a in mapped if q.scored]
    if not scored or all(not a.known or value == 0 for _, a, value in scored):
        return RED
    if all(verified(q, a) and value >= 0.5 for q, a, value in scored):
        return GREEN
    return AMBER


def crosswalk(playbook: Playbook, answers: Answers, framework: Playbook) -> list[Element]:
    """The deal's answers (scored with ``playbook``) through ``framework``'s dimensions."""
    elements = []
    for dimension in framework.dimensions:
        mapped = [
            (q, answers.get(q.id, UNKNOWN_ANSWER))
            for q in playbook.questions
            if q.maps.get(framework.id) == dimension.id
        ]
        elements.append(Element(dimension, element_status(mapped), tuple(mapped)))
    return elements
