"""Scenarios (DC401): each scenario's answers are scored and compared with its `expect`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dealcoach.core.diagnostics import Problem
from dealcoach.core.figures import round1
from dealcoach.core.models import Expect, Playbook
from dealcoach.core.rules.context import Context
from dealcoach.core.rules.references import expect_references
from dealcoach.core.rules.registry import rule
from dealcoach.core.scoring import score


@rule(
    "DC401",
    "scenario-failed",
    "error",
    "A scenario's expected band, next step, figures or gates differ from the engine's.",
    description="""
        `dealcoach lint` scores every scenario's answers with the playbook and compares the
        result with its `expect`: the band (after gates), the next step, the score and the
        `known` and `verified` figures (each rounded to one decimal) and the gates that held
        (in any order). The problem is reported at the expected key that differs (at
        `expect` when several do), and the message shows what was expected and what the
        engine computed. Fix the playbook, or the expectation when the playbook is right.
        Scenarios run only once the rest of the playbook has no errors: a broken reference
        is reported where it is written, not again as failing scenarios.
    """,
    bad="""
        scenarios:
          - name: verified pain, nothing else
            answers: {pain_confirmed: own_words}
            expect: {band: advance, next_step: advance}
    """,
    good="""
        scenarios:
          - name: verified pain, nothing else
            answers: {pain_confirmed: own_words}
            expect: {band: discover, next_step: confirm-pain}
    """,
    stage="lint",
)
def scenario_failed(ctx: Context) -> Iterator[Problem]:
    pb = ctx.playbook
    if _broken(ctx):
        return  # its errors are reported; scenario runs would only repeat them
    for i, (scenario, parsed) in enumerate(zip(pb.scenarios, ctx.scenario_answers, strict=True)):
        expect = scenario.expect
        if parsed.problems or not _known(pb, expect):
            continue  # its answers or expectation are already reported (DC2xx, DC5xx)
        card = score(pb, parsed.answers)
        actual = {
            "band": card.band.id,
            "next step": card.next_step.id,
            "score": _one_decimal(card.score),
            "known": _one_decimal(card.known),
            "verified": _one_decimal(card.verified),
            "gates": _gate_list(g.id for g in card.gates),
        }
        wanted: dict[str, str | None] = {
            "band": expect.band,
            "next step": expect.next_step,
            "score": None if expect.score is None else _one_decimal(expect.score),
            "known": None if expect.known is None else _one_decimal(expect.known),
            "verified": None if expect.verified is None else _one_decimal(expect.verified),
            "gates": None if expect.gates is None else _gate_list(expect.gates),
        }
        wrong = [
            what for what, value in wanted.items() if value is not None and value != actual[what]
        ]
        if wrong:
            differences = [f"{what} expected {wanted[what]}, got {actual[what]}" for what in wrong]
            also = [f"{what} {actual[what]}" for what in ("band", "next step") if what not in wrong]
            context = f" (the engine gives {' and '.join(also)})" if also else ""
            where = ("scenarios", i, "expect")
            yield ctx.problem(
                "DC401",
                (*where, wrong[0].replace(" ", "_")) if len(wrong) == 1 else where,
                f"scenario '{scenario.name}' fails: {'; '.join(differences)}{context}; "
                "fix the playbook, or this scenario's expect",
                at_key=True,
            )


def _broken(ctx: Context) -> bool:
    """Whether the playbook has errors apart from its scenarios' own (answers, expect)."""
    own = set(expect_references(ctx))
    return any(p.level == "error" and p not in own for p in ctx.load_problems)


def _known(pb: Playbook, expect: Expect) -> bool:
    return (
        (expect.band is None or pb.band(expect.band) is not None)
        and (expect.next_step is None or pb.next_step(expect.next_step) is not None)
        and (not expect.gates or set(expect.gates) <= {g.id for g in pb.gates})
    )


def _gate_list(ids: Iterable[str]) -> str:
    return "[" + ", ".join(sorted(set(ids))) + "]"


def _one_decimal(value: float) -> str:
    """As the CLI shows scores: rounded to one decimal."""
    return f"{round1(value):.1f}"
