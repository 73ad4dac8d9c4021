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
from dealcoach.core.answer import UNKNOWN, UNKNOWN_ANSWER, Answer, Answers
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


BACK = "__back__"  # the value of "Back to the previous question"
BACK_CHOICE = Choice("Back to the previous question", BACK)
CHANGE_ANSWER = Choice("Back: change the answer", BACK)  # at "How do you know?"
TEXT_BACK = "<"  # typed as a text answer: back to the previous question


class Back(Exception):
    """The rep asked to return to the previous question."""


def evidence_choices(question: Question | None = None) -> list[Choice]:
    """The two answers to "How do you know?", worded for the question where it says how.
    "Assumed" comes first: making no assumptions means an answer is only verified when
    the rep says so."""
    labels = question.evidence_labels if question is not None else None
    if labels is None:
        return [Choice(ASSUMED, "assumed"), Choice(VERIFIED, "verified")]
    return [
        Choice(f"Assumed: {labels.assumed}", "assumed"),
        Choice(f"Verified: {labels.verified}", "verified"),
    ]


def _ask_value(
    prompter: Prompter, question: Question, previous: Answer, *, can_go_back: bool
) -> str | tuple[str, ...] | None:
    """The answer itself (None: don't know yet); raises Back when the rep goes back."""
    back = [BACK_CHOICE] if can_go_back else []
    if question.kind == "text":
        hint = ("" if question.evidence else "their words; ") + "leave empty if you don't know yet"
        if can_go_back:
            hint += f"; {TEXT_BACK} to go back"
        words = prompter.text(
            f"{question.ask} ({hint})",
            previous.value if isinstance(previous.value, str) else "",
        ).strip()
        if can_go_back and words == TEXT_BACK:
            raise Back
        return words if words and words != UNKNOWN else None
    choices = [Choice(o.label, o.id) for o in question.options]
    choices.append(Choice(DONT_KNOW, UNKNOWN))
    if question.kind == "one":
        default = previous.value if isinstance(previous.value, str) else UNKNOWN
        picked = prompter.select(question.ask, [*choices, *back], default)
        if picked == BACK:
            raise Back
        return None if picked == UNKNOWN else picked
    checked = list(previous.value) if isinstance(previous.value, tuple) else []
    picked_many = prompter.checkbox(question.ask, [*choices, *back], checked)
    if BACK in picked_many:
        raise Back
    # Nothing ticked reads as "don't know yet", like ticking it.
    return None if UNKNOWN in picked_many or not picked_many else tuple(picked_many)


def _ask_evidence(prompter: Prompter, question: Question, value: object, previous: Answer) -> str:
    """How the rep knows the answer just given: no default for a new answer (the cursor
    starts on "Assumed"); for an answer kept from last time, what it was then."""
    message = "How do you know?"
    default = None
    if previous.known and previous.value == value:
        default = previous.evidence
        message += f" (last time: {previous.evidence})"
    return prompter.select(message, [*evidence_choices(question), CHANGE_ANSWER], default)


def ask_question(
    prompter: Prompter, question: Question, previous: Answer, *, can_go_back: bool = False
) -> Answer:
    """Ask one question (and how the rep knows, when it asks for evidence). "Back" at
    "How do you know?" asks the question again, starting from the answer just picked;
    before it, it raises :class:`Back`. ``previous`` is the answer recorded so far."""
    shown = previous  # what the question starts from
    while True:
        value = _ask_value(prompter, question, shown, can_go_back=can_go_back)
        if value is None:
            return UNKNOWN_ANSWER
        if not question.evidence:
            return Answer(value, "verified")
        try:
            picked = _ask_evidence(prompter, question, value, previous)
        except KeyboardInterrupt:
            # Keep what was chosen: with its evidence when unchanged, else only assumed
            # until the rep says how they know.
            kept = previous.evidence if previous.known and previous.value == value else "assumed"
            raise Unfinished(Answer(value, kept)) from None
        if picked != BACK:
            return Answer(value, "assumed" if picked == "assumed" else "verified")
        shown = Answer(value, previous.evidence)


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

    def run(batch: list[Question], before: int) -> None:
        """Ask ``batch``, numbered after the ``before`` questions already answered."""
        total = before + len(batch)
        shown_dimension = None
        at = 0
        while at < len(batch):
            question = batch[at]
            dimension = dimension_of[question.id]
            if dimension.id != shown_dimension:
                prompter.say(f"\n{dimension.name}", "bold cyan")
                if dimension.why:
                    prompter.say(dimension.why, "dim")
                shown_dimension = dimension.id
            prompter.say(f"Question {before + at + 1} of {total}", "dim")
            if question.help:
                prompter.say(f"Tip: {question.help}", "dim italic")
            try:
                answers[question.id] = ask_question(
                    prompter,
                    question,
                    answers.get(question.id, UNKNOWN_ANSWER),
                    can_go_back=at > 0,
                )
            except Back:
                at -= 1
                continue
            except Unfinished as stop:
                # The draft keeps the answer; the question is asked again on resume.
                answers[question.id] = stop.answer
                if question.id in done:  # answered before, then gone back to
                    done.remove(question.id)
                if save is not None:
                    save(answers, done)
                raise KeyboardInterrupt from None
            if question.id not in done:
                done.append(question.id)
            if save is not None:
                save(answers, done)
            at += 1

    if command == "next-step" and first:
        prompter.say("First, what the last call was meant to learn:", "bold")
    run(first, len(done))
    rest = [q for q in questions if q.id not in done]
    if (
        command == "next-step"
        and rest
        and prompter.confirm(f"Review the other {len(rest)} answers too?", default=False)
    ):
        run(rest, 0)
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
