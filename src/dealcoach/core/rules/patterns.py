"""Language patterns: valid, and quick on any text a rep may type (DC208, DC309, DC310)."""

from __future__ import annotations

from collections.abc import Iterator

from dealcoach.core.diagnostics import Problem
from dealcoach.core.language import nested_quantifier, pattern_error, slow_on
from dealcoach.core.rules.context import Context
from dealcoach.core.rules.registry import rule
from dealcoach.core.textsafe import quoted


def _patterns(ctx: Context) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every pattern of the language rules, with where it is written."""
    for i, language_rule in enumerate(ctx.playbook.language):
        for k, pattern in enumerate(language_rule.match):
            yield ("language", i, "match", k), pattern


@rule(
    "DC208",
    "invalid-regex",
    "error",
    "A language pattern is not a valid regular expression.",
    description="""
        `language` patterns are Python regular expressions, matched case-insensitively. Fix
        the pattern; the message quotes the regular expression error. In YAML, write
        patterns in single quotes so that backslashes stay as they are.
    """,
    bad="""
        language:
          - id: convince
            match: ['\\bconvinc(e|ed\\b']
            advice: That's a tell objective. What do you need to learn instead?
    """,
    good="""
        language:
          - id: convince
            match: ['\\bconvinc(e|ed)\\b']
            advice: That's a tell objective. What do you need to learn instead?
    """,
)
def invalid_regex(ctx: Context) -> Iterator[Problem]:
    for at, pattern in _patterns(ctx):
        error = pattern_error(pattern)
        if error is not None:
            yield ctx.problem(
                "DC208",
                at,
                f"pattern '{quoted(pattern, 80)}' is not a valid regular expression: {error}",
            )


@rule(
    "DC309",
    "nested-quantifier",
    "warning",
    "A language pattern repeats a group that itself repeats, which can backtrack for long.",
    description="""
        A quantifier on a group that holds another quantifier, such as `(a+)+` or
        `(\\w+\\s)*`, can make the matcher try an exponential number of ways to split a text
        before it gives up. dealcoach stops any match after a fraction of a second, so a
        rep's session never hangs, but such a pattern may then miss a match. Repeat the
        characters once, or make the inner part match one thing only.
    """,
    bad="""
        language:
          - id: pitch
            match: ['^(\\w+\\s?)+pitch']
            advice: Plan the call around what you need to learn.
    """,
    good="""
        language:
          - id: pitch
            match: ['\\bpitch(es|ed|ing)?\\b']
            advice: Plan the call around what you need to learn.
    """,
    stage="lint",
)
def nested_quantifiers(ctx: Context) -> Iterator[Problem]:
    for at, pattern in _patterns(ctx):
        if pattern_error(pattern) is None and nested_quantifier(pattern):
            yield ctx.problem(
                "DC309",
                at,
                f"pattern '{quoted(pattern, 80)}' repeats a group that itself repeats, "
                "which can take very long on some texts; repeat the characters once instead",
            )


@rule(
    "DC310",
    "slow-pattern",
    "error",
    "A language pattern takes too long on a short text.",
    description="""
        Lint tries every language pattern on a few short texts made of its own letters
        (40 characters and one that does not fit). A pattern that has not finished in a
        fraction of a second on one of them would stall a rep's session; in a session it
        is given up on, so it never flags anything. Simplify it: avoid alternatives that
        match the same text (`(a|aa)+`) and repeated groups of repeats.
    """,
    bad="""
        language:
          - id: ask
            match: ['^(a|aa)+$']
            advice: Plan the call around what you need to learn.
    """,
    good="""
        language:
          - id: ask
            match: ['^a+$']
            advice: Plan the call around what you need to learn.
    """,
    stage="lint",
)
def slow_patterns(ctx: Context) -> Iterator[Problem]:
    for at, pattern in _patterns(ctx):
        probe = slow_on(pattern)
        if probe is not None:
            yield ctx.problem(
                "DC310",
                at,
                f"pattern '{quoted(pattern, 80)}' takes too long on a "
                f"{len(probe)}-character text ('{quoted(probe)}'); simplify it",
            )
