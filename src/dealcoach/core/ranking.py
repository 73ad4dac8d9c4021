"""Which problem to show first, where only the first is shown (``qualify``, ``show``...).

`dealcoach lint` lists every problem in file order. A command that cannot go on shows
one problem and counts the rest, so that one must be the most useful: the one that
names its fix ("did you mean 'questions'?") before a missing key that is often only
the echo of another mistake.
"""

from __future__ import annotations

from dealcoach.core.diagnostics import Problem, sort_key
from dealcoach.core.suggestions import DID_YOU_MEAN

# Codes that are more often the consequence of another mistake than a mistake of their own.
_ECHOES = frozenset({"DC102"})


def usefulness(problem: Problem) -> tuple[bool, bool, bool, bool, tuple[str, int, int, str]]:
    """A sort key: the most useful problem first, then file order."""
    return (
        problem.level != "error",
        not problem.code.startswith("DC0"),  # the file cannot be read: nothing else counts
        DID_YOU_MEAN not in problem.message,
        problem.code in _ECHOES,
        sort_key(problem),
    )


def most_useful_first(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=usefulness)
