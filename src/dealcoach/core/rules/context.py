"""The one context every check gets: a playbook, its document, and what checks share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dealcoach.core.answer import Answers
from dealcoach.core.answers import parse_answers
from dealcoach.core.condition_models import AllOf, AnyOf, Not
from dealcoach.core.diagnostics import Pos, Problem
from dealcoach.core.document import Document, find_in_value
from dealcoach.core.models import Playbook, Question
from dealcoach.core.rules.registry import problem
from dealcoach.core.scoring import PLACEHOLDER

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ScenarioAnswers:
    """A scenario's answers, parsed once for every check that needs them."""

    answers: Answers
    problems: list[Problem] = field(default_factory=list)


class Context:
    """A schema-valid playbook and its document; checks report through :meth:`problem`."""

    def __init__(self, playbook: Playbook, doc: Document) -> None:
        self.playbook = playbook
        self.doc = doc
        # What the checks run on every load found (lint's checks run after them).
        self.load_problems: list[Problem] = []

    def problem(self, code: str, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        """A problem at the key or value ``loc`` names (or its nearest parent)."""
        return problem(code, self.doc.path, self.doc.locate(loc, at_key=at_key), message)

    def problem_at(self, code: str, pos: Pos, message: str) -> Problem:
        """A problem at ``pos``, a position inside a value (see :meth:`placeholders`)."""
        return problem(code, self.doc.path, pos, message)

    def placeholders(self, loc: Loc, text: str) -> Iterator[tuple[str, str, Pos]]:
        """Each ``{answers.ID}`` of the text at ``loc``: itself, its ID, where it is written.

        In a block (``say: >-``) or a text over several lines, that is the line and column
        of the placeholder, not of the key.
        """
        start = self.doc.locate(loc)
        seen: dict[str, int] = {}
        for match in PLACEHOLDER.finditer(text):
            written = match.group(0)
            nth = seen[written] = seen.get(written, -1) + 1
            pos = find_in_value(self.doc, start, written, nth) or start
            yield written, match.group(1), pos

    def line_of(self, loc: Loc) -> int:
        return self.doc.locate(loc).line

    def questions(self) -> Iterator[tuple[Loc, Question]]:
        """Every question of the playbook with its location."""
        for i, dim in enumerate(self.playbook.dimensions):
            for j, q in enumerate(dim.questions):
                yield ("dimensions", i, "questions", j), q

    @cached_property
    def scenario_answers(self) -> list[ScenarioAnswers]:
        """Each scenario's answers, checked against the playbook, in scenario order."""
        parsed = []
        for i, scenario in enumerate(self.playbook.scenarios):
            answers, problems = parse_answers(
                scenario.answers, self.playbook, self.doc, ("scenarios", i, "answers")
            )
            parsed.append(ScenarioAnswers(answers, problems))
        return parsed


def leaves(condition: Any, loc: Loc) -> Iterator[tuple[Any, Loc]]:
    """Every leaf of a condition (``when``) with its location."""
    if isinstance(condition, AllOf):
        for k, sub in enumerate(condition.all):
            yield from leaves(sub, (*loc, "all", k))
    elif isinstance(condition, AnyOf):
        for k, sub in enumerate(condition.any):
            yield from leaves(sub, (*loc, "any", k))
    elif isinstance(condition, Not):
        yield from leaves(condition.not_, (*loc, "not"))
    elif condition is not None:
        yield condition, loc


def conditions(playbook: Playbook) -> Iterator[tuple[Any, Loc, bool]]:
    """Every ``when`` of the playbook with its location, and whether it may test the band."""
    for i, gate in enumerate(playbook.gates):
        yield gate.when, ("gates", i, "when"), False
    for i, step in enumerate(playbook.next_steps):
        yield step.when, ("next_steps", i, "when"), True
    for i, stage in enumerate(playbook.stages):
        for k, criterion in enumerate(stage.exit):
            yield criterion.when, ("stages", i, "exit", k, "when"), True
