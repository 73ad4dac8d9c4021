"""Answers problems (DC5xx), reported by the answers parser (answers files, scenarios)."""

from __future__ import annotations

from dealcoach.core.rules.registry import declare

declare(
    "DC501",
    "unknown-question",
    "error",
    "An answer names a question the playbook does not have.",
    description="""
        Answers (in an answers file or a scenario) are keyed by question id. The message
        suggests the closest question id.
    """,
    bad="""
        answers: {pain_confirmd: own_words}
    """,
    good="""
        answers: {pain_confirmed: own_words}
    """,
)


declare(
    "DC502",
    "unknown-option",
    "error",
    "An answer names an option the question does not have.",
    description="""
        A choice answer is one of the question's option ids, or `unknown`. The message lists
        the allowed ids.
    """,
    bad="""
        answers: {pain_confirmed: yes}
    """,
    good="""
        answers: {pain_confirmed: own_words}
    """,
)


declare(
    "DC503",
    "answer-shape",
    "error",
    "An answer has the wrong shape for its question.",
    description="""
        A `one` question takes one option id, a `many` question one id or a list of ids (not
        `unknown` together with others), a `text` question the customer's words. Any of them
        can be written as {answer: ..., evidence: verified|assumed}.
    """,
    bad="""
        answers: {pain_confirmed: [own_words, agreed]}
    """,
    good="""
        answers: {pain_confirmed: {answer: own_words, evidence: assumed}}
    """,
)
