"""Structure: bands, next steps, options and patterns that a playbook needs to work."""

from __future__ import annotations

from collections.abc import Iterator

from dealcoach.core.diagnostics import Problem
from dealcoach.core.rules.context import Context
from dealcoach.core.rules.registry import rule
from dealcoach.core.words import plural


@rule(
    "DC205",
    "no-zero-band",
    "error",
    "Bands need exactly one band with min 0.",
    description="""
        A deal's band is the band with the highest `min` at or below its score, so one band
        must start at 0 for every score to have a band.
    """,
    bad="""
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 25, label: Keep discovering}
    """,
    good="""
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 0, label: Keep discovering}
    """,
)
def no_zero_band(ctx: Context) -> Iterator[Problem]:
    if not any(b.min == 0 for b in ctx.playbook.bands):
        yield ctx.problem(
            "DC205", ("bands",), "no band has min 0; add one so every score has a band"
        )


@rule(
    "DC206",
    "duplicate-band-min",
    "error",
    "Two bands share the same min.",
    description="""
        Two bands with the same `min` make the band of a score ambiguous. Give each band its
        own min.
    """,
    bad="""
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: develop, min: 75, label: Developing}
          - {id: discover, min: 0, label: Keep discovering}
    """,
    good="""
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: develop, min: 50, label: Developing}
          - {id: discover, min: 0, label: Keep discovering}
    """,
)
def duplicate_band_min(ctx: Context) -> Iterator[Problem]:
    seen: dict[float, str] = {}
    for i, band in enumerate(ctx.playbook.bands):
        if band.min in seen:
            yield ctx.problem(
                "DC206",
                ("bands", i, "min"),
                f"band '{band.id}' has the same min ({band.min:g}) as band '{seen[band.min]}'; "
                "mins must be unique",
            )
        else:
            seen[band.min] = band.id


@rule(
    "DC207",
    "no-default-next-step",
    "error",
    "The last next step must always hold.",
    description="""
        The first next step whose `when` holds is suggested, so the last one must always
        hold (no `when`, or `when: always`): a rep always leaves with a next step.
    """,
    bad="""
        next_steps:
          - id: advance
            when: {band: advance}
            title: Propose the evaluation plan
            say: "Here's what I'd like to suggest as a next step: ..."
    """,
    good="""
        next_steps:
          - id: advance
            when: {band: advance}
            title: Propose the evaluation plan
            say: "Here's what I'd like to suggest as a next step: ..."
          - id: keep-learning
            title: Keep learning
            say: "Could we set up a call to understand how you work today?"
    """,
)
def no_default_next_step(ctx: Context) -> Iterator[Problem]:
    steps = ctx.playbook.next_steps
    last = len(steps) - 1
    if not steps[last].always:
        yield ctx.problem(
            "DC207",
            ("next_steps", last, "when"),
            f"the last next step '{steps[last].id}' must always hold: "
            "remove its 'when' (or add a final step without one)",
            at_key=True,
        )


@rule(
    "DC209",
    "too-few-options",
    "error",
    "A choice question needs at least two options.",
    description="""
        A `one` or `many` question offers its options plus "don't know yet"; with fewer than
        two options there is nothing to choose. Add options, or make it a `text` question.
    """,
    bad="""
        - id: budget
          ask: Is there a budget?
          options:
            - {id: approved, label: Approved, score: 3}
    """,
    good="""
        - id: budget
          ask: Is there a budget?
          options:
            - {id: approved, label: Approved, score: 3}
            - {id: none, label: No budget yet, score: 0}
    """,
)
def too_few_options(ctx: Context) -> Iterator[Problem]:
    for loc, q in ctx.questions():
        if q.kind != "text" and len(q.options) < 2:
            yield ctx.problem(
                "DC209",
                (*loc, "options") if q.options else (*loc, "id"),
                f"question '{q.id}' has {plural(len(q.options), 'option')}; "
                "a choice question needs at least two",
            )


@rule(
    "DC210",
    "text-with-options",
    "error",
    "A text question cannot have options.",
    description="""
        A `text` question records the customer's own words, so it has no options. Remove
        them, or change the question's kind to `one` or `many`.
    """,
    bad="""
        - id: problem_words
          kind: text
          ask: How does the customer describe the problem?
          options:
            - {id: clear, label: Clearly, score: 1}
    """,
    good="""
        - id: problem_words
          kind: text
          ask: How does the customer describe the problem?
    """,
)
def text_with_options(ctx: Context) -> Iterator[Problem]:
    for loc, q in ctx.questions():
        if q.kind == "text" and q.options:
            yield ctx.problem(
                "DC210",
                (*loc, "options"),
                f"question '{q.id}' is kind text and cannot have options; "
                "remove them or change its kind",
                at_key=True,
            )
