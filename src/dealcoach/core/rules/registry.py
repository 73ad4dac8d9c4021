"""The rule type, and the one place every problem is made (with its level from the rule).

Rules register themselves when their module is imported; :func:`all_rules` imports
every rule module first, so a lookup never depends on what happened to be imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from textwrap import dedent
from typing import TYPE_CHECKING, Literal

from dealcoach.core.diagnostics import Level, Pos, Problem

if TYPE_CHECKING:
    from dealcoach.core.rules.context import Context

Check = Callable[["Context"], Iterator[Problem]]
# When a check runs: on every load of a playbook (its errors make it unusable), or
# only in `dealcoach lint` (warnings, and the scenario runs).
Stage = Literal["load", "lint"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One problem code: what it means, an example and its fix, and its check if any.

    A rule without a check is reported by the part of the loader that finds it
    (the YAML reader, the schema, the answers parser, the run across files).
    """

    code: str
    name: str
    level: Level
    summary: str
    description: str
    bad: str
    good: str
    check: Check | None = None
    stage: Stage = "load"

    @property
    def anchor(self) -> str:
        """The fragment of this rule's section in docs/rules.md."""
        return self.code.lower()


_RULES: dict[str, Rule] = {}


def _text(value: str) -> str:
    return dedent(value).strip("\n")


def declare(
    code: str,
    name: str,
    level: Level,
    summary: str,
    *,
    description: str,
    bad: str,
    good: str,
    check: Check | None = None,
    stage: Stage = "load",
) -> Rule:
    """Register a rule; its code must be new."""
    if code in _RULES:
        raise ValueError(f"rule {code} is declared twice")
    rule = Rule(
        code,
        name,
        level,
        summary,
        " ".join(description.split()),
        _text(bad),
        _text(good),
        check,
        stage,
    )
    _RULES[code] = rule
    return rule


def rule(
    code: str,
    name: str,
    level: Level,
    summary: str,
    *,
    description: str,
    bad: str,
    good: str,
    stage: Stage = "load",
) -> Callable[[Check], Check]:
    """A decorator: register the function as the check of a new rule."""

    def register(check: Check) -> Check:
        declare(
            code,
            name,
            level,
            summary,
            description=description,
            bad=bad,
            good=good,
            check=check,
            stage=stage,
        )
        return check

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, by code, in code order."""
    from dealcoach.core.rules import (  # noqa: F401  (importing them registers their rules)
        answers,
        ids,
        patterns,
        references,
        scenarios,
        schema,
        source,
        structure,
        style,
    )

    return dict(sorted(_RULES.items()))


def problem(code: str, file: str, pos: Pos | None, message: str) -> Problem:
    """A problem with code ``code``, at ``pos`` of ``file`` (None: the whole file), with
    the level of its rule."""
    found = _RULES.get(code) or all_rules()[code]
    if pos is None:
        return Problem(file, 1, 1, found.level, code, message, positioned=False)
    return Problem(file, pos.line, pos.column, found.level, code, message)


def checks(stage: Stage) -> list[Rule]:
    """The rules with a check to run at ``stage``, in code order."""
    return [r for r in all_rules().values() if r.check is not None and r.stage == stage]
