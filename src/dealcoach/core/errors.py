"""Errors a user can cause. Each carries its exit code; the CLI maps them in one place."""

from __future__ import annotations

from collections.abc import Sequence

from dealcoach.core.diagnostics import Problem
from dealcoach.core.textsafe import one_line
from dealcoach.core.words import plural

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class DealcoachError(Exception):
    """A user-facing error: one or two lines, and an exit code."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidFile(DealcoachError):
    """A playbook or answers file with problems; the message shows the first ones."""

    def __init__(self, problems: Sequence[Problem], hint: str = "") -> None:
        self.problems = list(problems)
        first = one_line(self.problems[0])
        more = len(self.problems) - 1
        lines = [first]
        if more:
            lines.append(f"... and {plural(more, 'more problem')}{hint}")
        super().__init__("\n".join(lines))
