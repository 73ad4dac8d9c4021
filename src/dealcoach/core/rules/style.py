"""Style warnings (DC3xx): the playbook works, but part of it cannot do what it says."""

from __future__ import annotations

from collections.abc import Iterator

from dealcoach.core.diagnostics import Problem
from dealcoach.core.language import tell_matches
from dealcoach.core.rules.context import Context
from dealcoach.core.rules.registry import rule

LEARN_PREFIX = "I need to"


@rule(
    "DC301",
    "gate-cap-top-band",
    "warning",
    "A gate caps at the top band, so it can never change anything.",
    description="""
        A gate lowers a deal's band to its `cap` when its `when` holds. Capping at the band
        with the highest `min` never lowers anything. Cap at a lower band, or remove the
        gate.
    """,
    bad="""
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 0, label: Keep discovering}
        gates:
          - id: no-compelling-need
            when: {dimension: compelling_need, below: 40}
            cap: advance
    """,
    good="""
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 0, label: Keep discovering}
        gates:
          - id: no-compelling-need
            when: {dimension: compelling_need, below: 40}
            cap: discover
    """,
    stage="lint",
)
def gate_cap_top_band(ctx: Context) -> Iterator[Problem]:
    top = ctx.playbook.top_band
    for i, gate in enumerate(ctx.playbook.gates):
        if gate.cap == top.id:
            yield ctx.problem(
                "DC301",
                ("gates", i, "cap"),
                f"gate '{gate.id}' caps at '{top.id}', the top band, so it never lowers a "
                "deal's band; cap at a lower band or remove the gate",
            )


@rule(
    "DC302",
    "unreachable-next-step",
    "warning",
    "A next step comes after a step that always holds, so it is never chosen.",
    description="""
        The first next step whose `when` holds is suggested. A step without `when` (or with
        `when: always`) always holds, so every step after it is never reached. Move the
        always-holding step to the end, or give it a `when`.
    """,
    bad="""
        next_steps:
          - id: keep-learning
            title: Keep learning
            say: "Could we set up a call to understand how you work today?"
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
    stage="lint",
)
def unreachable_next_step(ctx: Context) -> Iterator[Problem]:
    steps = ctx.playbook.next_steps
    first = next((i for i, step in enumerate(steps) if step.always), len(steps))
    for i in range(first + 1, len(steps)):
        yield ctx.problem(
            "DC302",
            ("next_steps", i),
            f"next step '{steps[i].id}' is never chosen: step '{steps[first].id}' "
            f"(line {ctx.line_of(('next_steps', first))}) always holds before it; "
            "move that step to the end or give it a 'when'",
        )


@rule(
    "DC303",
    "options-all-zero",
    "warning",
    "Every option of a choice question scores 0, so it never adds to the score.",
    description="""
        A question's value is its chosen option's score over its highest option score; when
        every option scores 0 the question always counts as 0, whatever the rep learns. Give
        the better answers a score above 0, or make it a `text` question.
    """,
    bad="""
        options:
          - {id: "yes", label: "Yes", score: 0}
          - {id: "no", label: "No", score: 0}
    """,
    good="""
        options:
          - {id: "yes", label: "Yes", score: 1}
          - {id: "no", label: "No", score: 0}
    """,
    stage="lint",
)
def options_all_zero(ctx: Context) -> Iterator[Problem]:
    for loc, q in ctx.questions():
        if q.scored and q.options and all(o.score == 0 for o in q.options):
            yield ctx.problem(
                "DC303",
                (*loc, "options"),
                f"every option of question '{q.id}' scores 0, so it never adds to the "
                "score; give the better answers a score above 0",
                at_key=True,
            )


@rule(
    "DC304",
    "dimension-all-text",
    "warning",
    "A dimension has only text questions, so it always scores 0.",
    description="""
        `text` questions are not scored. A dimension whose questions are all `text` always
        scores 0, and its weight pulls every deal's score down. Add a scored (`one` or
        `many`) question to it, or move its questions to another dimension.
    """,
    bad="""
        - id: context
          name: Decision context
          questions:
            - id: how_they_decide
              kind: text
              ask: How do they make decisions like this?
    """,
    good="""
        - id: context
          name: Decision context
          questions:
            - id: how_they_decide
              kind: text
              ask: How do they make decisions like this?
            - id: process_known
              ask: Do we know the steps of their decision process?
              options:
                - {id: mapped, label: Mapped with the customer, score: 2}
                - {id: guessed, label: We have a guess, score: 0}
    """,
    stage="lint",
)
def dimension_all_text(ctx: Context) -> Iterator[Problem]:
    for i, dim in enumerate(ctx.playbook.dimensions):
        if not dim.scored_questions:
            yield ctx.problem(
                "DC304",
                ("dimensions", i),
                f"dimension '{dim.id}' has only text questions, so it always scores 0 and "
                "pulls every deal's score down; add a scored (one or many) question",
            )


@rule(
    "DC305",
    "learn-not-objective",
    "warning",
    'A `learn` text is not a learning objective: it does not begin with "I need to".',
    description="""
        A question's `learn` text goes into the rep's call plan when the answer is unknown
        or assumed, and a next step's `learn` texts head the plan when the step is chosen.
        It is a learning objective, written from the rep's side: "I need to
        understand ...", "I need to find out ...". A "tell" objective (present, convince,
        pitch) puts the customer on the defensive.
    """,
    bad="""
        learn: Present our ROI calculator.
    """,
    good="""
        learn: I need to understand what the problem costs them today.
    """,
    stage="lint",
)
def learn_not_objective(ctx: Context) -> Iterator[Problem]:
    hint = f'begin it with "{LEARN_PREFIX}" (for example "{LEARN_PREFIX} understand ...")'
    for loc, q in ctx.questions():
        if q.learn is not None and not q.learn.lstrip().startswith(LEARN_PREFIX):
            yield ctx.problem(
                "DC305",
                (*loc, "learn"),
                f"the 'learn' text of question '{q.id}' is not a learning objective: {hint}",
            )
    for i, step in enumerate(ctx.playbook.next_steps):
        for k, text in enumerate(step.learn):
            if not text.lstrip().startswith(LEARN_PREFIX):
                yield ctx.problem(
                    "DC305",
                    ("next_steps", i, "learn", k),
                    f"learn text {k + 1} of next step '{step.id}' is not a learning "
                    f"objective: {hint}",
                )


@rule(
    "DC306",
    "missing-learn",
    "warning",
    "A question has no `learn` text.",
    description="""
        Without a `learn` text the call plan falls back to the question itself. Write the
        learning objective the rep should take into the next call, beginning with "I need
        to".
    """,
    bad="""
        - id: pain_owner
          ask: Is there a named person who owns the problem?
    """,
    good="""
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          learn: I need to find out who owns this problem and feels it most.
    """,
    stage="lint",
)
def missing_learn(ctx: Context) -> Iterator[Problem]:
    for loc, q in ctx.questions():
        if q.learn is None:
            yield ctx.problem(
                "DC306",
                loc,
                f"question '{q.id}' has no 'learn' text; add the learning objective for "
                f'the call plan, beginning with "{LEARN_PREFIX}"',
            )


@rule(
    "DC307",
    "tell-language-in-say",
    "warning",
    "A next step's `say` text uses the playbook's own tell-language.",
    description="""
        The `language` patterns flag "tell" phrases in a rep's call objective; the
        playbook's own suggestions must not use them either. Rephrase the `say` text around
        what the customer gets out of the step.
    """,
    bad="""
        language:
          - id: convince
            match: ['\\bconvinc(e|ed|ing)\\b']
            advice: That's a tell objective. What do you need to learn instead?
        next_steps:
          - id: demo
            title: Demo
            say: "Let me convince your team in a one-hour demo."
    """,
    good="""
        language:
          - id: convince
            match: ['\\bconvinc(e|ed|ing)\\b']
            advice: That's a tell objective. What do you need to learn instead?
        next_steps:
          - id: demo
            title: Demo
            say: "Could your team walk us through the process, so we see where it hurts?"
    """,
    stage="lint",
)
def tell_language_in_say(ctx: Context) -> Iterator[Problem]:
    for i, step in enumerate(ctx.playbook.next_steps):
        found = tell_matches(ctx.playbook, step.say)
        if found:
            yield ctx.problem(
                "DC307",
                ("next_steps", i, "say"),
                f"the 'say' text of next step '{step.id}' uses tell language "
                f"('{found[0].phrase}', language rule '{found[0].rule.id}'); rephrase it around "
                "what the customer gets out of the step",
            )


@rule(
    "DC308",
    "floor-at-lowest-band",
    "warning",
    "A gate keeps a floor at the lowest band, so it can never change anything.",
    description="""
        A floor gate raises a deal's band to its `floor` when its `when` holds. A floor at
        the band with the lowest `min` never raises anything. Set the floor at a higher
        band, or remove the gate.
    """,
    bad="""
        bands:
          - {id: discover, min: 25, label: Keep discovering}
          - {id: qualify-out, min: 0, label: Consider qualifying out}
        gates:
          - id: too-early-to-judge
            when: {known: {below: 40}}
            floor: qualify-out
    """,
    good="""
        bands:
          - {id: discover, min: 25, label: Keep discovering}
          - {id: qualify-out, min: 0, label: Consider qualifying out}
        gates:
          - id: too-early-to-judge
            when: {known: {below: 40}}
            floor: discover
    """,
    stage="lint",
)
def floor_at_lowest_band(ctx: Context) -> Iterator[Problem]:
    bottom = ctx.playbook.bottom_band
    for i, gate in enumerate(ctx.playbook.gates):
        if gate.floor == bottom.id:
            yield ctx.problem(
                "DC308",
                ("gates", i, "floor"),
                f"gate '{gate.id}' keeps a floor at '{bottom.id}', the lowest band, so it "
                "never raises a deal's band; set the floor at a higher band or remove the gate",
            )


@rule(
    "DC311",
    "stale-after-one-session",
    "warning",
    "`warnings.stale_sessions` is 1, so every assumption is stale at once.",
    description="""
        The `stale-assumption` warning holds when an answer has been assumed in each of a
        deal's last `stale_sessions` sessions. With 1, every deal with a single assumed
        answer is flagged from its first session, which drowns the deals where an
        assumption has truly gone unchecked. Use 2 or more (3 is the default).
    """,
    bad="""
        warnings:
          stale_sessions: 1
    """,
    good="""
        warnings:
          stale_sessions: 3
    """,
    stage="lint",
)
def stale_after_one_session(ctx: Context) -> Iterator[Problem]:
    if ctx.playbook.warnings.stale_sessions == 1:
        yield ctx.problem(
            "DC311",
            ("warnings", "stale_sessions"),
            "stale_sessions: 1 flags every assumed answer as stale from a deal's first "
            "session; use 2 or more (the default is 3)",
        )
