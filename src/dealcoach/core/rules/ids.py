"""Ids: unique where they must be, and the reserved option id (DC201, DC204, DC211)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dealcoach.core.answer import UNKNOWN
from dealcoach.core.diagnostics import Problem
from dealcoach.core.rules.context import Context, Loc
from dealcoach.core.rules.registry import declare, rule


@rule(
    "DC201",
    "duplicate-id",
    "error",
    "Two items that must have unique ids share one.",
    description="""
        Ids must be unique: dimensions, bands, gates, next steps, language rules, stages and
        scenario names within their list, options within their question, and questions
        across the whole playbook (answers name questions by id alone). The second
        occurrence is reported.
    """,
    bad="""
        dimensions:
          - id: pain
            questions:
              - id: owner
          - id: decision_context
            questions:
              - id: owner
    """,
    good="""
        dimensions:
          - id: pain
            questions:
              - id: pain_owner
          - id: decision_context
            questions:
              - id: decision_owner
    """,
)
def duplicate_ids(ctx: Context) -> Iterator[Problem]:
    pb = ctx.playbook
    yield from _duplicates(
        ctx, "dimension", ((("dimensions", i, "id"), d.id) for i, d in enumerate(pb.dimensions))
    )
    yield from _duplicates(
        ctx,
        "question",
        (
            (("dimensions", i, "questions", j, "id"), q.id)
            for i, d in enumerate(pb.dimensions)
            for j, q in enumerate(d.questions)
        ),
    )
    for i, d in enumerate(pb.dimensions):
        for j, q in enumerate(d.questions):
            if q.kind != "text":
                yield from _duplicates(
                    ctx,
                    f"option of question '{q.id}'",
                    (
                        (("dimensions", i, "questions", j, "options", k, "id"), o.id)
                        for k, o in enumerate(q.options)
                    ),
                )
    yield from _duplicates(
        ctx, "band", ((("bands", i, "id"), b.id) for i, b in enumerate(pb.bands))
    )
    yield from _duplicates(
        ctx, "gate", ((("gates", i, "id"), g.id) for i, g in enumerate(pb.gates))
    )
    yield from _duplicates(
        ctx, "next step", ((("next_steps", i, "id"), s.id) for i, s in enumerate(pb.next_steps))
    )
    yield from _duplicates(
        ctx, "language rule", ((("language", i, "id"), r.id) for i, r in enumerate(pb.language))
    )
    yield from _duplicates(
        ctx, "stage", ((("stages", i, "id"), s.id) for i, s in enumerate(pb.stages))
    )
    yield from _duplicates(
        ctx, "scenario", ((("scenarios", i, "name"), s.name) for i, s in enumerate(pb.scenarios))
    )


def _duplicates(ctx: Context, what: str, items: Iterable[tuple[Loc, str]]) -> Iterator[Problem]:
    """A problem at the second and later uses of each id among ``items``."""
    seen: dict[str, Loc] = {}
    for loc, item_id in items:
        if item_id in seen:
            yield ctx.problem(
                "DC201",
                loc,
                f"duplicate {what} '{item_id}' (first at line {ctx.line_of(seen[item_id])}); "
                "give each a unique id",
            )
        else:
            seen[item_id] = loc


@rule(
    "DC204",
    "reserved-option-id",
    "error",
    "An option uses the reserved id 'unknown'.",
    description="""
        Every choice question already offers "don't know yet", whose answer id is `unknown`.
        Remove the option (or give it another id if it means something else).
    """,
    bad="""
        options:
          - {id: met, label: We have met them, score: 2}
          - {id: unknown, label: Not sure, score: 0}
    """,
    good="""
        options:
          - {id: met, label: We have met them, score: 2}
          - {id: not_met, label: We have not met them, score: 0}
    """,
)
def reserved_option_id(ctx: Context) -> Iterator[Problem]:
    for i, dim in enumerate(ctx.playbook.dimensions):
        for j, q in enumerate(dim.questions):
            if q.kind == "text":
                continue
            for k, opt in enumerate(q.options):
                if opt.id == UNKNOWN:
                    yield ctx.problem(
                        "DC204",
                        ("dimensions", i, "questions", j, "options", k, "id"),
                        f"option id '{UNKNOWN}' is reserved for \"don't know yet\", "
                        "which every question offers; use another id",
                    )


declare(
    "DC211",
    "duplicate-playbook-id",
    "error",
    "Two playbook files use the same playbook id.",
    description="""
        Deals name their playbook by id, so ids must be unique among the playbooks linted
        together. The file that comes second is reported at its `id`.
    """,
    bad="""
        # playbooks/customer-first.yaml
        id: customer-first
        # playbooks/customer-first-2024.yaml
        id: customer-first
    """,
    good="""
        # playbooks/customer-first.yaml
        id: customer-first
        # playbooks/customer-first-2024.yaml
        id: customer-first-2024
    """,
)
