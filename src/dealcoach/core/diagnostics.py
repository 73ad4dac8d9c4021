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


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, at a position, with a stable code."""

    file: str
    line: int
    column: int
    level: Level
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.code)
