"""Lint rules: checks that go beyond a loadable playbook (codes DC3xx and DC401).

Each rule is a generator of problems over a schema-valid playbook and its
document; :func:`check` runs them all. Rules never print: they return values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from dealcoach.answers import parse_answers
from dealcoach.codes import CODES
from dealcoach.diagnostics import Problem
from dealcoach.language import tell_matches
from dealcoach.models import Expect, Playbook
from dealcoach.report import round1
from dealcoach.scoring import score
from dealcoach.yamlsource import Document

Loc = tuple[str | int, ...]
LEARN_PREFIX = "I need to"


class Context:
    """A playbook, its document, and a way to report a problem at a location."""

    def __init__(self, playbook: Playbook, doc: Document) -> None:
        self.playbook = playbook
        self.doc = doc

    def problem(self, code: str, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        pos = self.doc.locate(loc, at_key=at_key)
        return Problem.at(self.doc.path, pos, code, message, CODES[code].level)


Rule = Callable[[Context], Iterator[Problem]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def check(playbook: Playbook, doc: Document) -> list[Problem]:
    """Every lint problem of a schema-valid playbook."""
    ctx = Context(playbook, doc)
    return [problem for each in RULES for problem in each(ctx)]


@rule
def gate_cap_top_band(ctx: Context) -> Iterator[Problem]:
    """DC301: a gate that caps at the top band never lowers anything."""
    bands = ctx.playbook.bands
    top = max(bands, key=lambda b: b.min)
    for i, gate in enumerate(ctx.playbook.gates):
        if gate.cap == top.id:
            yield ctx.problem(
                "DC301",
                ("gates", i, "cap"),
                f"gate '{gate.id}' caps at '{top.id}', the top band, so it never lowers a "
                "deal's band; cap at a lower band or remove the gate",
            )


@rule
def unreachable_next_step(ctx: Context) -> Iterator[Problem]:
    """DC302: steps after a step that always holds are never chosen."""
    steps = ctx.playbook.next_steps
    first = next((i for i, step in enumerate(steps) if step.always), len(steps))
    line = ctx.doc.locate(("next_steps", first)).line if first < len(steps) else 0
    for i in range(first + 1, len(steps)):
        yield ctx.problem(
            "DC302",
            ("next_steps", i),
            f"next step '{steps[i].id}' is never chosen: step '{steps[first].id}' "
            f"(line {line}) always holds before it; move that step to the end or give it a 'when'",
        )


@rule
def questions(ctx: Context) -> Iterator[Problem]:
    """DC303 options all 0, DC304 dimension of text only, DC305/DC306 learn texts."""
    for i, dim in enumerate(ctx.playbook.dimensions):
        if not dim.scored_questions:
            yield ctx.problem(
                "DC304",
                ("dimensions", i),
                f"dimension '{dim.id}' has only text questions, so it always scores 0 and "
                "pulls every deal's score down; add a scored (one or many) question",
            )
        for j, q in enumerate(dim.questions):
            loc: Loc = ("dimensions", i, "questions", j)
            if q.scored and q.options and all(o.score == 0 for o in q.options):
                yield ctx.problem(
                    "DC303",
                    (*loc, "options"),
                    f"every option of question '{q.id}' scores 0, so it never adds to the "
                    "score; give the better answers a score above 0",
                    at_key=True,
                )
            if q.learn is None:
                yield ctx.problem(
                    "DC306",
                    loc,
                    f"question '{q.id}' has no 'learn' text; add the learning objective for "
                    f'the call plan, beginning with "{LEARN_PREFIX}"',
                )
            elif not q.learn.lstrip().startswith(LEARN_PREFIX):
                yield ctx.problem(
                    "DC305",
                    (*loc, "learn"),
                    f"the 'learn' text of question '{q.id}' is not a learning objective: "
                    f'begin it with "{LEARN_PREFIX}" (for example "{LEARN_PREFIX} understand ...")',
                )


@rule
def tell_language_in_say(ctx: Context) -> Iterator[Problem]:
    """DC307: a next step's `say` text matches the playbook's own tell-language."""
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


@rule
def scenarios(ctx: Context) -> Iterator[Problem]:
    """DC401: every scenario is scored, and the result must match its `expect`."""
    pb = ctx.playbook
    for i, scenario in enumerate(pb.scenarios):
        answers, problems = parse_answers(
            scenario.answers, pb, ctx.doc, ("scenarios", i, "answers")
        )
        expect = scenario.expect
        if problems or not _known(pb, expect):
            continue  # its answers or expectation are already reported (DC2xx, DC5xx)
        card = score(pb, answers)
        actual = {
            "band": card.band.id,
            "next step": card.next_step.id,
            "score": _one_decimal(card.score),
            "gates": _gate_list(g.id for g in card.gates),
        }
        wanted = {
            "band": expect.band,
            "next step": expect.next_step,
            "score": None if expect.score is None else _one_decimal(expect.score),
            "gates": None if expect.gates is None else _gate_list(expect.gates),
        }
        wrong = [
            what for what, value in wanted.items() if value is not None and value != actual[what]
        ]
        if wrong:
            differences = [f"{what} expected {wanted[what]}, got {actual[what]}" for what in wrong]
            also = [f"{what} {actual[what]}" for what in ("band", "next step") if what not in wrong]
            context = f" (the engine gives {' and '.join(also)})" if also else ""
            yield ctx.problem(
                "DC401",
                ("scenarios", i),
                f"scenario '{scenario.name}' fails: {'; '.join(differences)}{context}; "
                "fix the playbook, or this scenario's expect",
            )


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
