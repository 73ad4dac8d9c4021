"""Semantic checks of a playbook that the schema alone cannot express.

Each check yields problems with a stable code at the offending key or value.
``check_playbook`` returns all of them, not only the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from dealcoach.answers import parse_answers
from dealcoach.diagnostics import Problem
from dealcoach.models import (
    UNKNOWN,
    AllOf,
    AnswerIs,
    AnyOf,
    AssumedIs,
    BandIs,
    DimensionIs,
    Not,
    Playbook,
)
from dealcoach.scoring import PLACEHOLDER
from dealcoach.yamlsource import Document

Loc = tuple[str | int, ...]


class _Checker:
    def __init__(self, playbook: Playbook, doc: Document) -> None:
        self.pb = playbook
        self.doc = doc
        self.problems: list[Problem] = []

    def report(self, loc: Loc, code: str, message: str, *, at_key: bool = False) -> None:
        pos = self.doc.locate(loc, at_key=at_key)
        self.problems.append(Problem.at(self.doc.path, pos, code, message))

    def unique(self, what: str, items: Iterable[tuple[Loc, str]]) -> None:
        seen: dict[str, Loc] = {}
        for loc, item_id in items:
            if item_id in seen:
                first = self.doc.locate(seen[item_id])
                self.report(
                    loc,
                    "DC201",
                    f"duplicate {what} '{item_id}' (first at line {first.line}); "
                    "give each a unique id",
                )
            else:
                seen[item_id] = loc


def check_playbook(playbook: Playbook, doc: Document) -> list[Problem]:
    """Every semantic problem of a schema-valid playbook."""
    c = _Checker(playbook, doc)
    _check_ids(c)
    _check_questions(c)
    _check_bands(c)
    _check_conditions(c)
    _check_next_steps(c)
    _check_language(c)
    _check_scenarios(c)
    return c.problems


def _check_ids(c: _Checker) -> None:
    pb = c.pb
    c.unique("dimension", ((("dimensions", i, "id"), d.id) for i, d in enumerate(pb.dimensions)))
    c.unique(
        "question",
        (
            (("dimensions", i, "questions", j, "id"), q.id)
            for i, d in enumerate(pb.dimensions)
            for j, q in enumerate(d.questions)
        ),
    )
    c.unique("band", ((("bands", i, "id"), b.id) for i, b in enumerate(pb.bands)))
    c.unique("gate", ((("gates", i, "id"), g.id) for i, g in enumerate(pb.gates)))
    c.unique("next step", ((("next_steps", i, "id"), s.id) for i, s in enumerate(pb.next_steps)))
    c.unique("language rule", ((("language", i, "id"), r.id) for i, r in enumerate(pb.language)))
    c.unique("scenario", ((("scenarios", i, "name"), s.name) for i, s in enumerate(pb.scenarios)))


def _check_questions(c: _Checker) -> None:
    for i, dim in enumerate(c.pb.dimensions):
        for j, q in enumerate(dim.questions):
            loc: Loc = ("dimensions", i, "questions", j)
            if q.kind == "text":
                if q.options:
                    c.report(
                        (*loc, "options"),
                        "DC210",
                        f"question '{q.id}' is kind text and cannot have options; "
                        "remove them or change its kind",
                        at_key=True,
                    )
                continue
            if len(q.options) < 2:
                c.report(
                    (*loc, "options") if q.options else (*loc, "id"),
                    "DC209",
                    f"question '{q.id}' has {len(q.options)} option(s); "
                    "a choice question needs at least two",
                )
            c.unique(
                f"option of question '{q.id}'",
                (((*loc, "options", k, "id"), o.id) for k, o in enumerate(q.options)),
            )
            for k, opt in enumerate(q.options):
                if opt.id == UNKNOWN:
                    c.report(
                        (*loc, "options", k, "id"),
                        "DC204",
                        f"option id '{UNKNOWN}' is reserved for \"don't know yet\", "
                        "which every question offers; use another id",
                    )


def _check_bands(c: _Checker) -> None:
    bands = c.pb.bands
    if not any(b.min == 0 for b in bands):
        c.report(("bands",), "DC205", "no band has min 0; add one so every score has a band")
    seen: dict[float, str] = {}
    for i, band in enumerate(bands):
        if band.min in seen:
            c.report(
                ("bands", i, "min"),
                "DC206",
                f"band '{band.id}' has the same min ({band.min:g}) as band '{seen[band.min]}'; "
                "mins must be unique",
            )
        else:
            seen[band.min] = band.id


def _conditions(condition: Any, loc: Loc) -> Iterator[tuple[Any, Loc]]:
    """Every leaf condition with its location."""
    if isinstance(condition, AllOf):
        for k, sub in enumerate(condition.all):
            yield from _conditions(sub, (*loc, "all", k))
    elif isinstance(condition, AnyOf):
        for k, sub in enumerate(condition.any):
            yield from _conditions(sub, (*loc, "any", k))
    elif isinstance(condition, Not):
        yield from _conditions(condition.not_, (*loc, "not"))
    elif condition is not None:
        yield condition, loc


def _check_condition(c: _Checker, condition: Any, loc: Loc, *, bands_allowed: bool) -> None:
    pb = c.pb
    for leaf, at in _conditions(condition, loc):
        if isinstance(leaf, DimensionIs) and pb.dimension(leaf.dimension) is None:
            c.report(
                (*at, "dimension"),
                "DC202",
                f"unknown dimension '{leaf.dimension}'; "
                f"known: {', '.join(d.id for d in pb.dimensions)}",
            )
        elif isinstance(leaf, AnswerIs):
            question = pb.question(leaf.answer)
            if question is None:
                c.report((*at, "answer"), "DC202", f"unknown question '{leaf.answer}'")
                continue
            allowed = {o.id for o in question.options} | {UNKNOWN}
            key = "is" if leaf.is_ is not None else "in"
            for k, option in enumerate(leaf.options):
                if option not in allowed:
                    c.report(
                        (*at, key) if key == "is" else (*at, key, k),
                        "DC202",
                        f"question '{question.id}' has no option '{option}'; "
                        f"allowed: {', '.join(sorted(allowed))}",
                    )
        elif isinstance(leaf, AssumedIs) and pb.question(leaf.assumed) is None:
            c.report((*at, "assumed"), "DC202", f"unknown question '{leaf.assumed}'")
        elif isinstance(leaf, BandIs):
            if not bands_allowed:
                c.report(
                    (*at, "band"),
                    "DC202",
                    "a gate cannot test the band (gates decide it); "
                    "test the score or a dimension instead",
                    at_key=True,
                )
            elif pb.band(leaf.band) is None:
                c.report((*at, "band"), "DC202", f"unknown band '{leaf.band}'")


def _check_conditions(c: _Checker) -> None:
    pb = c.pb
    for i, gate in enumerate(pb.gates):
        _check_condition(c, gate.when, ("gates", i, "when"), bands_allowed=False)
        if pb.band(gate.cap) is None:
            c.report(
                ("gates", i, "cap"),
                "DC202",
                f"gate '{gate.id}' caps at unknown band '{gate.cap}'; "
                f"known: {', '.join(b.id for b in pb.bands)}",
            )
    for i, step in enumerate(pb.next_steps):
        _check_condition(c, step.when, ("next_steps", i, "when"), bands_allowed=True)


def _check_next_steps(c: _Checker) -> None:
    pb = c.pb
    last = len(pb.next_steps) - 1
    if not pb.next_steps[last].always:
        c.report(
            ("next_steps", last, "when"),
            "DC207",
            f"the last next step '{pb.next_steps[last].id}' must always hold: "
            "remove its 'when' (or add a final step without one)",
            at_key=True,
        )
    for i, step in enumerate(pb.next_steps):
        for match in PLACEHOLDER.finditer(step.say):
            question = pb.question(match.group(1))
            if question is None:
                c.report(
                    ("next_steps", i, "say"),
                    "DC202",
                    f"placeholder {match.group(0)} names unknown question '{match.group(1)}'",
                )
            elif question.kind != "text":
                c.report(
                    ("next_steps", i, "say"),
                    "DC203",
                    f"placeholder {match.group(0)} names a '{question.kind}' question; "
                    "only text questions can be quoted",
                )


def _check_language(c: _Checker) -> None:
    for i, rule in enumerate(c.pb.language):
        for k, pattern in enumerate(rule.match):
            try:
                re.compile(pattern)
            except re.error as exc:
                c.report(
                    ("language", i, "match", k),
                    "DC208",
                    f"pattern '{pattern}' is not a valid regular expression: {exc}",
                )


def _check_scenarios(c: _Checker) -> None:
    pb = c.pb
    known_gates = {g.id for g in pb.gates}
    for i, scenario in enumerate(pb.scenarios):
        _, problems = parse_answers(scenario.answers, pb, c.doc, ("scenarios", i, "answers"))
        c.problems.extend(problems)
        expect = scenario.expect
        if expect.band is not None and pb.band(expect.band) is None:
            c.report(("scenarios", i, "expect", "band"), "DC202", f"unknown band '{expect.band}'")
        if expect.next_step is not None and pb.next_step(expect.next_step) is None:
            c.report(
                ("scenarios", i, "expect", "next_step"),
                "DC202",
                f"unknown next step '{expect.next_step}'",
            )
        for k, gate_id in enumerate(expect.gates or []):
            if gate_id not in known_gates:
                c.report(
                    ("scenarios", i, "expect", "gates", k), "DC202", f"unknown gate '{gate_id}'"
                )
