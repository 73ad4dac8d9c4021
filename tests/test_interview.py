"""The interview, driven through the prompter interface with scripted answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from dealcoach.adapters.interview import (
    BACK,
    Back,
    Choice,
    Unfinished,
    ask_question,
    interview,
    make_asker,
    review_objective,
)
from dealcoach.adapters.sqlite_store import SqliteStore
from dealcoach.core.answer import UNKNOWN_ANSWER, Answer
from dealcoach.core.loading import load_playbook
from dealcoach.core.models import Playbook
from dealcoach.core.scoring import score

PLAYBOOK = """\
dealcoach: 1
id: tiny
name: Tiny
version: "1"
dimensions:
  - id: pain
    name: Pain
    weight: 3
    questions:
      - id: words
        kind: text
        ask: How do they put it?
        learn: I need to hear it in their words.
      - id: confirmed
        ask: Did they describe it?
        learn: I need to understand the problem.
        options:
          - {id: "yes", label: "Yes", score: 2}
          - {id: "no", label: "No", score: 0}
  - id: need
    name: Need
    questions:
      - id: teams
        kind: many
        ask: Which teams feel it?
        learn: I need to find out who feels it.
        options:
          - {id: ops, label: Ops, score: 1}
          - {id: finance, label: Finance, score: 1}
      - id: quiet
        ask: Plain question
        evidence: false
        learn: I need to know.
        options:
          - {id: a, label: A, score: 1}
          - {id: b, label: B, score: 0}
bands: [{id: go, min: 50, label: Go}, {id: low, min: 0, label: Low}]
next_steps: [{id: learn, title: Learn, say: Let's learn.}]
language:
  - {id: tell, match: ['\\bconvince\\b'], advice: Ask what you need to learn.}
"""


class Scripted:
    """A prompter that answers from a script and records what it was asked."""

    def __init__(self, replies: Sequence[object]) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []
        self.said: list[str] = []
        self.defaults: list[str] = []  # what each text prompt started with
        self.choices: list[tuple[str | None, list[str]]] = []  # each select: default, values

    def _next(self, message: str) -> object:
        self.asked.append(message)
        if not self.replies:
            raise AssertionError(f"no scripted reply for {message!r}")
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def say(self, text: str, style: str = "") -> None:
        self.said.append(text)

    def select(self, message: str, choices: Sequence[Choice], default: str | None) -> str:
        reply = self._next(message)
        self.choices.append((default, [c.value for c in choices]))
        assert reply in [c.value for c in choices], (reply, choices)
        return str(reply)

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[str]
    ) -> list[str]:
        reply = self._next(message)
        assert isinstance(reply, list)
        assert set(reply) <= {c.value for c in choices}, (reply, choices)
        return [str(r) for r in reply]

    def text(self, message: str, default: str = "") -> str:
        self.defaults.append(default)
        reply = self._next(message)
        return default if reply is None else str(reply)

    def confirm(self, message: str, default: bool = True) -> bool:
        return bool(self._next(message))


@pytest.fixture
def playbook(tmp_path: Path) -> Playbook:
    path = tmp_path / "tiny.yaml"
    path.write_text(PLAYBOOK)
    pb = load_playbook(str(path)).playbook
    assert pb is not None
    return pb


def test_qualify_asks_every_question_with_evidence(playbook: Playbook) -> None:
    prompter = Scripted(["It hurts", "verified", "yes", "assumed", ["ops"], "verified", "a"])
    answers = interview(prompter, playbook, {}, command="qualify")
    assert answers == {
        "words": Answer("It hurts", "verified"),
        "confirmed": Answer("yes", "assumed"),
        "teams": Answer(("ops",), "verified"),
        "quiet": Answer("a", "verified"),  # evidence: false asks no evidence
    }
    assert "Pain" in "\n".join(prompter.said)
    assert "Question 1 of 4" in prompter.said


def test_unknown_asks_no_evidence(playbook: Playbook) -> None:
    prompter = Scripted(["", "unknown", ["unknown"], "unknown"])
    answers = interview(prompter, playbook, {}, command="qualify")
    assert all(not a.known for a in answers.values())
    assert prompter.replies == []


def test_next_step_asks_gaps_first_then_offers_the_rest(playbook: Playbook) -> None:
    start = {
        "words": Answer("It hurts"),
        "confirmed": Answer("yes", "assumed"),
        "teams": Answer(("ops", "finance")),
        "quiet": Answer("a"),
    }
    # Only `confirmed` is a gap (assumed); then decline the review.
    prompter = Scripted(["yes", "verified", False])
    answers = interview(prompter, playbook, start, command="next-step")
    assert answers["confirmed"] == Answer("yes", "verified")
    assert prompter.asked[0] == "Did they describe it?"
    assert prompter.asked[-1].startswith("Review the other 3 answers")


def test_gaps_come_highest_share_first(playbook: Playbook) -> None:
    prompter = Scripted(["no", "verified", ["unknown"], "b", False])
    interview(prompter, playbook, {"words": Answer("x")}, command="next-step")
    # confirmed's share (3/4 x 1) beats teams' and quiet's (1/4 x 1/2).
    assert prompter.asked[:2] == ["Did they describe it?", "How do you know?"]
    assert prompter.asked[2:4] == ["Which teams feel it?", "Plain question"]


def test_objective_with_tell_language_is_coached(playbook: Playbook) -> None:
    card = score(playbook, {})
    prompter = Scripted([True, "I need to understand their problem"])
    objective = review_objective(prompter, card, "Convince them")
    assert objective == "I need to understand their problem"
    said = "\n".join(prompter.said)
    assert "Ask what you need to learn." in said
    assert "I need to understand the problem." in said


def test_rephrasing_starts_empty_with_the_old_objective_shown(playbook: Playbook) -> None:
    card = score(playbook, {})
    prompter = Scripted([True, None])  # rephrase, then press Enter on the empty prompt
    assert review_objective(prompter, card, "Convince them to sign") is None
    assert prompter.defaults == [""]
    assert "Your objective was: Convince them to sign" in prompter.said


def test_objective_can_be_kept(playbook: Playbook) -> None:
    card = score(playbook, {})
    prompter = Scripted([False])
    assert review_objective(prompter, card, "convince them") == "convince them"


def test_interrupt_keeps_a_draft_and_resume_finishes_it(playbook: Playbook, tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "deals.sqlite3", user="sam")
    ask = make_asker(
        Scripted(["It hurts", "verified", "no", "verified", KeyboardInterrupt()]),
        store,
        "acme",
        "qualify",
    )
    with pytest.raises(KeyboardInterrupt):
        ask(playbook, {}, None)
    draft = store.draft("acme")
    assert draft is not None
    kept, asked = draft.answers, draft.asked
    assert asked == ["words", "confirmed"]
    assert kept["confirmed"] == Answer("no", "verified")

    # Resume: the two answered questions are not asked again.
    resume = Scripted([True, ["finance"], "assumed", "b"])
    answers = make_asker(resume, store, "acme", "qualify")(playbook, {}, None)
    assert resume.asked[1] == "Which teams feel it?"
    assert "Question 3 of 4" in resume.said  # counted on from the draft
    assert answers["words"] == Answer("It hurts")
    assert answers["confirmed"] == Answer("no")
    assert answers["teams"] == Answer(("finance",), "assumed")
    assert answers["quiet"] == Answer("b")
    store.close()


def test_declining_to_resume_discards_the_draft(playbook: Playbook, tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "deals.sqlite3", user="sam")
    first = make_asker(
        Scripted(["It hurts", "verified", KeyboardInterrupt()]), store, "acme", "qualify"
    )
    with pytest.raises(KeyboardInterrupt):
        first(playbook, {}, None)
    assert store.draft("acme") is not None
    fresh = Scripted([False, "", "unknown", ["unknown"], "unknown"])
    answers = make_asker(fresh, store, "acme", "qualify")(playbook, {}, None)
    assert fresh.asked[1] == "How do they put it? (leave empty if you don't know yet)"
    assert not answers["words"].known
    store.close()


def test_a_new_answer_has_no_evidence_default_and_assumed_comes_first(
    playbook: Playbook,
) -> None:
    prompter = Scripted(["yes", "assumed"])
    ask_question(prompter, playbook.question("confirmed"), UNKNOWN_ANSWER)  # type: ignore[arg-type]
    default, values = prompter.choices[-1]
    assert default is None
    assert values[:2] == ["assumed", "verified"]


def test_a_kept_answer_shows_and_defaults_to_its_evidence_of_last_time(
    playbook: Playbook,
) -> None:
    question = playbook.question("confirmed")
    assert question is not None
    prompter = Scripted(["yes", "verified"])
    assert ask_question(prompter, question, Answer("yes", "assumed")) == Answer("yes")
    assert prompter.asked[-1] == "How do you know? (last time: assumed)"
    assert prompter.choices[-1][0] == "assumed"
    changed = Scripted(["no", "assumed"])  # a new answer: no default again
    ask_question(changed, question, Answer("yes", "assumed"))
    assert changed.asked[-1] == "How do you know?"
    assert changed.choices[-1][0] is None


def test_back_returns_to_the_previous_question_and_its_evidence(playbook: Playbook) -> None:
    replies = [
        "It hurts", "verified",  # words
        "yes", "verified",  # confirmed: verified by mistake
        [BACK],  # at teams: back to confirmed
        "yes", "assumed",  # the same answer, its evidence fixed
        ["ops"], BACK,  # teams, then back from "How do you know?" to the answer
        ["finance"], "verified",
        "a",
    ]  # fmt: skip
    prompter = Scripted(replies)
    answers = interview(prompter, playbook, {}, command="qualify")
    assert answers["confirmed"] == Answer("yes", "assumed")
    assert answers["teams"] == Answer(("finance",))
    assert prompter.replies == []
    assert [line for line in prompter.said if line.startswith("Question")] == [
        "Question 1 of 4", "Question 2 of 4", "Question 3 of 4", "Question 2 of 4",
        "Question 3 of 4", "Question 4 of 4",
    ]  # fmt: skip


def test_the_first_question_offers_no_back_and_text_takes_a_back_sign(
    playbook: Playbook,
) -> None:
    prompter = Scripted(["unknown", ["unknown"], "unknown"])
    start = {"words": Answer("It hurts", "verified")}
    interview(prompter, playbook, start, command="qualify", asked=["words"])
    assert BACK not in prompter.choices[0][1]  # the first question asked here
    words = playbook.question("words")
    assert words is not None
    with pytest.raises(Back):
        ask_question(Scripted(["<"]), words, UNKNOWN_ANSWER, can_go_back=True)
    first = Scripted(["<", "verified"])  # where there is nothing to go back to, it is text
    assert ask_question(first, words, UNKNOWN_ANSWER) == Answer("<")
    assert "to go back" not in first.asked[0]


def test_back_at_how_do_you_know_keeps_a_new_answer_without_a_default(
    playbook: Playbook,
) -> None:
    question = playbook.question("confirmed")
    assert question is not None
    prompter = Scripted(["yes", BACK, "yes", "assumed"])
    assert ask_question(prompter, question, UNKNOWN_ANSWER) == Answer("yes", "assumed")
    assert prompter.asked[-1] == "How do you know?"  # still a new answer: no "last time"
    assert prompter.choices[-1][0] is None
    assert prompter.choices[2][0] == "yes"  # the answer again, from the one just picked


def test_ctrl_c_at_how_do_you_know_keeps_the_evidence_of_an_unchanged_answer(
    playbook: Playbook,
) -> None:
    question = playbook.question("confirmed")
    assert question is not None
    with pytest.raises(Unfinished) as stop:
        ask_question(Scripted(["yes", KeyboardInterrupt()]), question, Answer("yes"))
    assert stop.value.answer == Answer("yes", "verified")
    with pytest.raises(Unfinished) as changed:
        ask_question(Scripted(["no", KeyboardInterrupt()]), question, Answer("yes"))
    assert changed.value.answer == Answer("no", "assumed")


def test_back_then_ctrl_c_asks_that_question_again_on_resume(
    playbook: Playbook, tmp_path: Path
) -> None:
    store = SqliteStore(tmp_path / "deals.sqlite3", user="sam")
    replies = ["It hurts", "verified", "yes", "verified", [BACK], "no", KeyboardInterrupt()]
    with pytest.raises(KeyboardInterrupt):
        make_asker(Scripted(replies), store, "acme", "qualify")(playbook, {}, None)
    draft = store.draft("acme")
    assert draft is not None
    assert draft.asked == ["words"]  # `confirmed` was being changed: asked again
    assert draft.answers["confirmed"] == Answer("no", "assumed")
    resume = Scripted([True, "no", "verified", ["ops"], "verified", "a"])
    answers = make_asker(resume, store, "acme", "qualify")(playbook, {}, None)
    assert resume.asked[1] == "Did they describe it?"
    assert answers["confirmed"] == Answer("no")
    store.close()
