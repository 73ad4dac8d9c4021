"""References: every id a playbook names exists, and quotes name text questions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from dealcoach.core.answer import UNKNOWN
from dealcoach.core.condition_models import (
    AnswerIs,
    AssumedIs,
    BandIs,
    DimensionIs,
    KnownIs,
    VerifiedIs,
)
from dealcoach.core.diagnostics import Problem
from dealcoach.core.errors import DealcoachError
from dealcoach.core.rules.context import Context, Loc, conditions, leaves
from dealcoach.core.rules.registry import rule
from dealcoach.core.suggestions import closest, did_you_mean
from dealcoach.core.textsafe import quoted


@rule(
    "DC202",
    "unknown-reference",
    "error",
    "A reference names something that does not exist.",
    description="""
        A condition, a gate's cap or floor, a scenario's expectation or an {answers.ID} placeholder
        names a question, option, dimension, band, gate or next step that the playbook does
        not have (often a typo, or an id renamed in one place only). The message suggests
        the closest id, and a placeholder is reported where it is written, even inside a
        `say: >-` block. Gates cannot test the band, since gates decide it.
    """,
    bad="""
        gates:
          - id: no-compelling-need
            when: {dimension: compeling_need, below: 40}
            cap: develop
    """,
    good="""
        gates:
          - id: no-compelling-need
            when: {dimension: compelling_need, below: 40}
            cap: develop
    """,
)
def unknown_references(ctx: Context) -> Iterator[Problem]:
    pb = ctx.playbook
    for condition, loc, bands_allowed in conditions(pb):
        for leaf, at in leaves(condition, loc):
            yield from _condition_references(ctx, leaf, at, bands_allowed=bands_allowed)
    bands = [b.id for b in pb.bands]
    for i, gate in enumerate(pb.gates):
        if pb.band(gate.band_id) is None:
            key, verb = ("cap", "caps") if gate.cap is not None else ("floor", "keeps a floor")
            yield ctx.problem(
                "DC202",
                ("gates", i, key),
                f"gate '{gate.id}' {verb} at {unknown('band', gate.band_id, bands, listed=True)}",
            )
    questions = [q.id for q in pb.questions]
    for i, step in enumerate(pb.next_steps):
        for written, qid, pos in ctx.placeholders(("next_steps", i, "say"), step.say):
            if pb.question(qid) is None:
                yield ctx.problem_at(
                    "DC202",
                    pos,
                    f"placeholder {written} names {unknown('question', qid, questions)}",
                )
    yield from expect_references(ctx)


def expect_references(ctx: Context) -> Iterator[Problem]:
    """The unknown bands, next steps and gates that scenarios' ``expect`` name."""
    pb = ctx.playbook
    bands = [b.id for b in pb.bands]
    steps = [s.id for s in pb.next_steps]
    gates = [g.id for g in pb.gates]
    for i, scenario in enumerate(pb.scenarios):
        expect = scenario.expect
        where: Loc = ("scenarios", i, "expect")
        if expect.band is not None and expect.band not in bands:
            yield ctx.problem(
                "DC202", (*where, "band"), unknown("band", expect.band, bands, listed=True)
            )
        if expect.next_step is not None and expect.next_step not in steps:
            yield ctx.problem(
                "DC202",
                (*where, "next_step"),
                unknown("next step", expect.next_step, steps, listed=True),
            )
        for k, gate_id in enumerate(expect.gates or []):
            if gate_id not in gates:
                yield ctx.problem(
                    "DC202", (*where, "gates", k), unknown("gate", gate_id, gates, listed=True)
                )


def unknown(what: str, name: str, known: Sequence[str], *, listed: bool = False) -> str:
    """``unknown WHAT 'NAME'``, with the closest known name as a suggestion, else (when
    ``listed``) the known names."""
    hint = did_you_mean(name, known)
    if hint:
        return f"unknown {what} '{quoted(name)}'; {hint}"
    if listed and known:
        return f"unknown {what} '{quoted(name)}'; known: {', '.join(known)}"
    return f"unknown {what} '{quoted(name)}'"


def _condition_references(
    ctx: Context, leaf: Any, at: Loc, *, bands_allowed: bool
) -> Iterator[Problem]:
    # The known ids are listed only in a message: built for every condition, the lists
    # would cost lint time in the square of the playbook's size.
    pb = ctx.playbook
    if isinstance(leaf, DimensionIs) and pb.dimension(leaf.dimension) is None:
        yield ctx.problem(
            "DC202",
            (*at, "dimension"),
            unknown("dimension", leaf.dimension, _ids(pb.dimensions), listed=True),
        )
    elif isinstance(leaf, AnswerIs):
        question = pb.question(leaf.answer)
        if question is None:
            yield ctx.problem(
                "DC202", (*at, "answer"), unknown("question", leaf.answer, _ids(pb.questions))
            )
            return
        allowed = sorted({o.id for o in question.options} | {UNKNOWN})
        key = "is" if leaf.is_ is not None else "in"
        for k, option in enumerate(leaf.options):
            if option not in allowed:
                hint = did_you_mean(option, allowed)
                yield ctx.problem(
                    "DC202",
                    (*at, key) if key == "is" else (*at, key, k),
                    f"question '{question.id}' has no option '{quoted(option)}'; "
                    f"{hint + ' ' if hint else ''}allowed: {', '.join(allowed)}",
                )
    elif isinstance(leaf, AssumedIs) and pb.question(leaf.assumed) is None:
        yield ctx.problem(
            "DC202", (*at, "assumed"), unknown("question", leaf.assumed, _ids(pb.questions))
        )
    elif isinstance(leaf, KnownIs | VerifiedIs):
        figure = "known" if isinstance(leaf, KnownIs) else "verified"
        bound = leaf.known if isinstance(leaf, KnownIs) else leaf.verified
        if bound.dimension is not None and pb.dimension(bound.dimension) is None:
            yield ctx.problem(
                "DC202",
                (*at, figure, "dimension"),
                unknown("dimension", bound.dimension, _ids(pb.dimensions), listed=True),
            )
    elif isinstance(leaf, BandIs):
        if not bands_allowed:
            yield ctx.problem(
                "DC202",
                (*at, "band"),
                "a gate cannot test the band (gates decide it); "
                "test the score or a dimension instead",
                at_key=True,
            )
        elif pb.band(leaf.band) is None:
            bands = [b.id for b in pb.bands]
            yield ctx.problem(
                "DC202", (*at, "band"), unknown("band", leaf.band, bands, listed=True)
            )


def _ids(items: Sequence[Any]) -> list[str]:
    return [item.id for item in items]


@rule(
    "DC203",
    "placeholder-not-text",
    "error",
    "An {answers.ID} placeholder names a question that is not text.",
    description="""
        A `say` text can quote the customer's own words with {answers.QUESTION_ID}, and only
        for a `text` question: choice answers are option ids, not words a rep would say.
    """,
    bad="""
        # pain_confirmed is a choice question (kind: one)
        say: "You told us {answers.pain_confirmed}. Here's what I'd suggest next: ..."
    """,
    good="""
        # problem_words is a text question (kind: text)
        say: "You told us {answers.problem_words}. Here's what I'd suggest next: ..."
    """,
)
def placeholder_not_text(ctx: Context) -> Iterator[Problem]:
    pb = ctx.playbook
    for i, step in enumerate(pb.next_steps):
        for written, qid, pos in ctx.placeholders(("next_steps", i, "say"), step.say):
            question = pb.question(qid)
            if question is not None and question.kind != "text":
                yield ctx.problem_at(
                    "DC203",
                    pos,
                    f"placeholder {written} names a '{question.kind}' question; "
                    "only text questions can be quoted",
                )


@rule(
    "DC212",
    "unknown-mapped-dimension",
    "error",
    "A question `maps` to a dimension its framework does not have.",
    description="""
        `maps: {PLAYBOOK_ID: DIMENSION_ID}` says which dimension of another playbook (a
        framework such as `meddicc`) a question answers, for `dealcoach show DEAL --as
        PLAYBOOK_ID`. Where that playbook is one dealcoach ships, the dimension must be
        one of its dimensions: a misspelt one would leave the element red for every deal.
    """,
    bad="""
        questions:
          - id: economic_buyer
            maps: {meddicc: economic_buyr}
    """,
    good="""
        questions:
          - id: economic_buyer
            maps: {meddicc: economic_buyer}
    """,
    stage="lint",
)
def unknown_mapped_dimension(ctx: Context) -> Iterator[Problem]:
    for loc, question in ctx.questions():
        for framework, dimension in question.maps.items():
            known = _framework_dimensions(framework)
            if known is None or dimension in known:
                continue
            near = closest(dimension, known)
            hint = f"; did you mean '{near}'?" if near else f"; it has {', '.join(known)}"
            yield ctx.problem(
                "DC212",
                (*loc, "maps", framework),
                f"playbook '{framework}' has no dimension '{dimension}'{hint}",
            )


@cache
def _framework_dimensions(playbook_id: str) -> tuple[str, ...] | None:
    """The dimension ids of the shipped playbook ``playbook_id`` (None: not one)."""
    from dealcoach.core.catalog import Catalog

    try:
        found = Catalog.standard(Path.cwd()).shipped(playbook_id)
    except DealcoachError:
        return None
    return tuple(d.id for d in found.playbook.dimensions) if found.playbook else None
