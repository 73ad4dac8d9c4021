"""Problems found in a file: one type, with a position, a level and a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int
    column: int


START = Pos(1, 1)
# The position of a problem of the file as a whole (it cannot be read, it is empty...):
# reported as ``FILE: message``, and at line 1, column 1 where a format needs a line.
WHOLE_FILE: Pos | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, at a position, with a stable code."""

    file: str
    line: int
    column: int
    level: Level
    code: str
    message: str
    positioned: bool = True  # False for a problem of the whole file

    def __str__(self) -> str:
        if not self.positioned:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.code)
