"""The interview: ask a playbook's questions through a :class:`Prompter`.

The logic here never touches a terminal: it talks to a small prompter
interface, which questionary implements for real use (``prompter.py``) and
tests implement with scripted answers. Every answer is saved as a draft the
moment it is given, so Ctrl-C (or a crash) loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from dealcoach.adapters import moments
from dealcoach.core.answer import UNKNOWN, UNKNOWN_ANSWER, Answer, Answers, Evidence
from dealcoach.core.language import learning_suggestions, tell_matches
from dealcoach.core.models import Playbook, Question
from dealcoach.core.records import Draft, Session, now
from dealcoach.core.scoring import Scorecard, score
from dealcoach.core.store import DealStore
from dealcoach.core.words import plural

DONT_KNOW = "Don't know yet (not discussed)"
VERIFIED = "Verified: the customer said or showed it"
ASSUMED = "Assumed: I believe it, but the customer hasn't confirmed it"


@dataclass(frozen=True, slots=True)
class Choice:
    title: str
    value: str


class Prompter(Protocol):
    """What the interview needs from a terminal. Ctrl-C raises KeyboardInterrupt."""

    def say(self, text: str, style: str = "") -> None: ...

    def select(self, message: str, choices: Sequence[Choice], default: str | None) -> str: ...

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[str]
    ) -> list[str]: ...

    def text(self, message: str, default: str = "") -> str: ...

    def confirm(self, message: str, default: bool = True) -> bool: ...


def evidence_choices(question: Question | None = None) -> list[Choice]:
    """The two answers to "How do you know?", worded for the question where it says how."""
    labels = question.evidence_labels if question is not None else None
    if labels is None:
        return [Choice(VERIFIED, "verified"), Choice(ASSUMED, "assumed")]
    return [
        Choice(f"Verified: {labels.verified}", "verified"),
        Choice(f"Assumed: {labels.assumed}", "assumed"),
    ]


def ask_question(prompter: Prompter, question: Question, previous: Answer) -> Answer:
    """Ask one question (and how the rep knows, when it asks for evidence)."""
    message = question.ask
    if question.kind == "text":
        words = prompter.text(
            f"{message} (their words; leave empty if you don't know yet)",
            previous.value if isinstance(previous.value, str) else "",
        ).strip()
        value: str | tuple[str, ...] | None = words if words and words != UNKNOWN else None
    elif question.kind == "one":
        choices = [Choice(o.label, o.id) for o in question.options]
        choices.append(Choice(DONT_KNOW, UNKNOWN))
        default = previous.value if isinstance(previous.value, str) else UNKNOWN
        picked = prompter.select(message, choices, default)
        value = None if picked == UNKNOWN else picked
    else:
        choices = [Choice(o.label, o.id) for o in question.options]
        choices.append(Choice(DONT_KNOW, UNKNOWN))
        checked = list(previous.value) if isinstance(previous.value, tuple) else []
        picked_many = prompter.checkbox(message, choices, checked)
        # Nothing ticked reads as "don't know yet", like ticking it.
        value = None if UNKNOWN in picked_many or not picked_many else tuple(picked_many)
    if value is None:
        return UNKNOWN_ANSWER
    evidence: Evidence = "verified"
    if question.evidence:
        default = previous.evidence if previous.known else "verified"
        try:
            picked_evidence = prompter.select(
                "How do you know?", evidence_choices(question), default
            )
        except KeyboardInterrupt:
            # Keep what was chosen, as only assumed until the rep says how they know.
            raise Unfinished(Answer(value, "assumed")) from None
        evidence = "assumed" if picked_evidence == "assumed" else "verified"
    return Answer(value, evidence)


class Unfinished(KeyboardInterrupt):
    """Interrupted at "How do you know?": the answer chosen, kept as only assumed."""

    def __init__(self, answer: Answer) -> None:
        super().__init__()
        self.answer = answer


def gap_order(playbook: Playbook, answers: Answers) -> list[Question]:
    """Unknown and assumed questions, highest share of the deal score first."""
    return list(score(playbook, answers).gaps)


SaveDraft = Callable[[Answers, list[str]], None]


def interview(
    prompter: Prompter,
    playbook: Playbook,
    start: Answers,
    *,
    command: str,
    asked: Sequence[str] = (),
    save: SaveDraft | None = None,
) -> Answers:
    """Ask the questions and return the answers.

    ``qualify`` asks every question, dimension by dimension, defaulting to the
    last answers. ``next-step`` asks first about what the last call was meant
    to learn (gaps, highest share first), then offers to review the rest.
    ``asked`` are questions already answered in a resumed draft.
    """
    answers: Answers = dict(start)
    done = list(asked)
    questions = playbook.questions
    if command == "next-step":
        first = [q for q in gap_order(playbook, start) if q.id not in done]
    else:
        first = [q for q in questions if q.id not in done]
    dimension_of = {q.id: d for d in playbook.dimensions for q in d.questions}

    def run(batch: list[Question]) -> None:
        total = len(batch)
        shown_dimension = None
        for number, question in enumerate(batch, start=1):
            dimension = dimension_of[question.id]
            if dimension.id != shown_dimension:
                prompter.say(f"\n{dimension.name}", "bold cyan")
                if dimension.why:
                    prompter.say(dimension.why, "dim")
                shown_dimension = dimension.id
            prompter.say(f"Question {number} of {total}", "dim")
            if question.help:
                prompter.say(f"Tip: {question.help}", "dim italic")
            try:
                answers[question.id] = ask_question(
                    prompter, question, answers.get(question.id, UNKNOWN_ANSWER)
                )
            except Unfinished as stop:
                # The draft keeps the answer; the question is asked again on resume.
                answers[question.id] = stop.answer
                if save is not None:
                    save(answers, done)
                raise KeyboardInterrupt from None
            done.append(question.id)
            if save is not None:
                save(answers, done)

    if command == "next-step" and first:
        prompter.say("First, what the last call was meant to learn:", "bold")
    run(first)
    rest = [q for q in questions if q.id not in done]
    if (
        command == "next-step"
        and rest
        and prompter.confirm(f"Review the other {len(rest)} answers too?", default=False)
    ):
        run(rest)
    return answers


def review_objective(prompter: Prompter, card: Scorecard, objective: str | None) -> str | None:
    """Ask for the call's objective; coach "tell" phrasing towards a learning objective."""
    if objective is None:
        objective = (
            prompter.text(
                "What do you need to learn on this call? (your objective; optional)"
            ).strip()
            or None
        )
    while objective:
        tells = tell_matches(card.playbook, objective)
        if not tells:
            break
        for tell in tells:
            prompter.say(f'"{tell.phrase}": {tell.rule.advice}', "yellow")
        suggestions = learning_suggestions(card)
        if suggestions:
            prompter.say("From this deal, you could aim to learn:", "cyan")
            for line in suggestions:
                prompter.say(f"  - {line}")
        if not prompter.confirm("Rephrase your objective?", default=True):
            break
        prompter.say(f"Your objective was: {objective}", "dim")
        objective = prompter.text("Your objective:").strip() or None
    return objective


def make_asker(
    prompter: Prompter, store: DealStore, key: str, command: str
) -> Callable[[Playbook, Answers, Session | None], Answers]:
    """An asker for the workflow: offers a saved draft, then interviews, saving as it goes."""

    def ask(playbook: Playbook, start: Answers, last: Session | None) -> Answers:
        asked: list[str] = []
        draft = store.draft(key)
        if draft is not None and draft.playbook_id != playbook.id:
            prompter.say(
                f"An unfinished {draft.command} of this deal used playbook "
                f"'{draft.playbook_id}'; it cannot resume with '{playbook.id}' and is replaced.",
                "yellow",
            )
        elif draft is not None:
            answers, was_asked = draft.answers, draft.asked
            resume = prompter.confirm(
                f"Resume your unfinished {draft.command} from {moments.spoken(draft.updated_at)} "
                f"({plural(len(was_asked), 'question')} answered)?",
                default=True,
            )
            if resume:
                start = {**start, **{q: a for q, a in answers.items() if playbook.question(q)}}
                asked = [q for q in was_asked if playbook.question(q)]
            else:
                store.discard_draft(key)

        def save(answers: Answers, done: list[str]) -> None:
            store.save_draft(Draft(key, command, playbook.id, dict(answers), list(done), now()))

        return interview(prompter, playbook, start, command=command, asked=asked, save=save)

    return ask
