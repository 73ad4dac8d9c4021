"""References: every id a playbook names exists, and quotes name text questions."""

from __future__ import annotations

from collections.abc import Iterator
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
from dealcoach.core.rules.context import Context, Loc, conditions, leaves
from dealcoach.core.rules.registry import rule
from dealcoach.core.scoring import PLACEHOLDER


@rule(
    "DC202",
    "unknown-reference",
    "error",
    "A reference names something that does not exist.",
    description="""
        A condition, a gate's cap or floor, a scenario's expectation or an {answers.ID} placeholder
        names a question, option, dimension, band, gate or next step that the playbook does
        not have (often a typo). Gates cannot test the band, since gates decide it.
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
    for i, gate in enumerate(pb.gates):
        if pb.band(gate.band_id) is None:
            key, verb = ("cap", "caps") if gate.cap is not None else ("floor", "keeps a floor")
            yield ctx.problem(
                "DC202",
                ("gates", i, key),
                f"gate '{gate.id}' {verb} at unknown band '{gate.band_id}'; "
                f"known: {', '.join(b.id for b in pb.bands)}",
            )
    for i, step in enumerate(pb.next_steps):
        for match in PLACEHOLDER.finditer(step.say):
            if pb.question(match.group(1)) is None:
                yield ctx.problem(
                    "DC202",
                    ("next_steps", i, "say"),
                    f"placeholder {match.group(0)} names unknown question '{match.group(1)}'",
                )
    known_gates = {g.id for g in pb.gates}
    for i, scenario in enumerate(pb.scenarios):
        expect = scenario.expect
        where: Loc = ("scenarios", i, "expect")
        if expect.band is not None and pb.band(expect.band) is None:
            yield ctx.problem("DC202", (*where, "band"), f"unknown band '{expect.band}'")
        if expect.next_step is not None and pb.next_step(expect.next_step) is None:
            yield ctx.problem(
                "DC202", (*where, "next_step"), f"unknown next step '{expect.next_step}'"
            )
        for k, gate_id in enumerate(expect.gates or []):
            if gate_id not in known_gates:
                yield ctx.problem("DC202", (*where, "gates", k), f"unknown gate '{gate_id}'")


def _condition_references(
    ctx: Context, leaf: Any, at: Loc, *, bands_allowed: bool
) -> Iterator[Problem]:
    pb = ctx.playbook
    if isinstance(leaf, DimensionIs) and pb.dimension(leaf.dimension) is None:
        yield ctx.problem(
            "DC202",
            (*at, "dimension"),
            f"unknown dimension '{leaf.dimension}'; "
            f"known: {', '.join(d.id for d in pb.dimensions)}",
        )
    elif isinstance(leaf, AnswerIs):
        question = pb.question(leaf.answer)
        if question is None:
            yield ctx.problem("DC202", (*at, "answer"), f"unknown question '{leaf.answer}'")
            return
        allowed = {o.id for o in question.options} | {UNKNOWN}
        key = "is" if leaf.is_ is not None else "in"
        for k, option in enumerate(leaf.options):
            if option not in allowed:
                yield ctx.problem(
                    "DC202",
                    (*at, key) if key == "is" else (*at, key, k),
                    f"question '{question.id}' has no option '{option}'; "
                    f"allowed: {', '.join(sorted(allowed))}",
                )
    elif isinstance(leaf, AssumedIs) and pb.question(leaf.assumed) is None:
        yield ctx.problem("DC202", (*at, "assumed"), f"unknown question '{leaf.assumed}'")
    elif isinstance(leaf, KnownIs | VerifiedIs):
        figure = "known" if isinstance(leaf, KnownIs) else "verified"
        bound = leaf.known if isinstance(leaf, KnownIs) else leaf.verified
        if bound.dimension is not None and pb.dimension(bound.dimension) is None:
            yield ctx.problem(
                "DC202",
                (*at, figure, "dimension"),
                f"unknown dimension '{bound.dimension}'; "
                f"known: {', '.join(d.id for d in pb.dimensions)}",
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
            yield ctx.problem("DC202", (*at, "band"), f"unknown band '{leaf.band}'")


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
        for match in PLACEHOLDER.finditer(step.say):
            question = pb.question(match.group(1))
            if question is not None and question.kind != "text":
                yield ctx.problem(
                    "DC203",
                    ("next_steps", i, "say"),
                    f"placeholder {match.group(0)} names a '{question.kind}' question; "
                    "only text questions can be quoted",
                )
