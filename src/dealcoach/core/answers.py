"""Answers: the answers-file format, and checking answers against a playbook."""

from __future__ import annotations

from typing import Any

from dealcoach.core.answer import (
    UNKNOWN,
    UNKNOWN_ANSWER,
    Answer,
    AnswerDetail,
    Answers,
    Evidence,
)
from dealcoach.core.diagnostics import Problem
from dealcoach.core.document import Document
from dealcoach.core.models import Playbook, Question
from dealcoach.core.rules.registry import problem
from dealcoach.core.schema_errors import schema_problems
from dealcoach.core.suggestions import did_you_mean
from dealcoach.core.textsafe import quoted

_VOCABULARY = {"answer", "evidence"}


def parse_answers(
    raw: Any, playbook: Playbook, doc: Document, prefix: tuple[str | int, ...] = ()
) -> tuple[Answers, list[Problem]]:
    """Check raw answers-file data against a playbook.

    ``prefix`` is where the answers mapping stands in ``doc`` (for scenarios).
    Returns the answers it understood and a problem for each one it did not.
    """
    if raw is None:
        raw = {}
    if isinstance(raw, dict):  # keys are question ids: text, never null or a number
        bad = [key for key in raw if not isinstance(key, str)]
        if bad:
            return {}, [
                problem(
                    "DC501",
                    doc.path,
                    doc.locate((*prefix, key), at_key=True),
                    f"`{quoted(doc.raw_text(doc.locate((*prefix, key), at_key=True)) or key)}` "
                    "is not a question id: keys are question ids, such as pain_confirmed",
                )
                for key in bad
            ]
    from dealcoach.core.validation import validate_answers_file, validation_error

    try:
        entries = validate_answers_file(raw)
    except validation_error() as exc:
        return {}, schema_problems(doc, exc, _VOCABULARY, prefix)
    answers: Answers = {}
    problems: list[Problem] = []
    for qid, entry in entries.items():
        question = playbook.question(qid)
        if question is None:
            hint = (
                did_you_mean(qid, (q.id for q in playbook.questions))
                or f"`dealcoach template {playbook.id}` lists its questions"
            )
            problems.append(
                problem(
                    "DC501",
                    doc.path,
                    doc.locate((*prefix, qid), at_key=True),
                    f"unknown question '{quoted(qid)}' for playbook '{playbook.id}'; {hint}",
                )
            )
            continue
        loc = (*prefix, qid)
        if isinstance(entry, AnswerDetail):
            value, evidence, loc = entry.answer, entry.evidence, (*loc, "answer")
        else:
            value, evidence = entry, "verified"
        answer, message, code = _answer_for(question, value, evidence)
        if message:
            problems.append(problem(code, doc.path, doc.locate(loc), message))
        else:
            answers[qid] = answer
    return answers, problems


def _allowed(question: Question) -> str:
    return ", ".join([*(o.id for o in question.options), UNKNOWN])


def _answer_for(
    question: Question, value: str | list[str], evidence: Evidence
) -> tuple[Answer, str, str]:
    if not question.evidence:
        evidence = "verified"
    qid = question.id
    if question.kind == "text":
        if isinstance(value, list):
            return UNKNOWN_ANSWER, f"question '{qid}' takes text, not a list", "DC503"
        text = value.strip()
        return (Answer(text, evidence) if text and text != UNKNOWN else UNKNOWN_ANSWER), "", ""
    if question.kind == "one":
        if isinstance(value, list):
            return (
                UNKNOWN_ANSWER,
                f"question '{qid}' takes one option, not a list; allowed: {_allowed(question)}",
                "DC503",
            )
        if value == UNKNOWN:
            return UNKNOWN_ANSWER, "", ""
        if question.option(value) is None:
            return (
                UNKNOWN_ANSWER,
                f"question '{qid}': unknown option '{value}'; allowed: {_allowed(question)}",
                "DC502",
            )
        return Answer(value, evidence), "", ""
    chosen = [value] if isinstance(value, str) else value
    if chosen in ([UNKNOWN], []):  # nothing chosen reads as "don't know yet", as when asked
        return UNKNOWN_ANSWER, "", ""
    if UNKNOWN in chosen:
        return (
            UNKNOWN_ANSWER,
            f"question '{qid}': '{UNKNOWN}' cannot be chosen with other options",
            "DC503",
        )
    for option_id in chosen:
        if question.option(option_id) is None:
            return (
                UNKNOWN_ANSWER,
                f"question '{qid}': unknown option '{option_id}'; allowed: {_allowed(question)}",
                "DC502",
            )
    return Answer(tuple(dict.fromkeys(chosen)), evidence), "", ""
