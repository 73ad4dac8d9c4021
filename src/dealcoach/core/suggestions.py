"""Suggestions for a misspelt name: the closest of the names that would have been right.

Every "did you mean" of the project (unknown keys, references, answers) comes from here,
so they all find the same matches and read the same way.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# How every suggestion reads; problems that carry one are shown first (see ranking).
DID_YOU_MEAN = "did you mean"
_PARTS = re.compile(r"[_-]")


def closest(word: object, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like ``word``, if one is close enough to be a likely typo.

    Failing that, the one choice that ``word`` is a whole part of, or that is a whole
    part of ``word`` (parts are separated by '_' or '-'): an id renamed from ``pain``
    to ``pain_level`` is still found.
    """
    text = str(word)
    names = sorted(set(choices))
    found = difflib.get_close_matches(text, names, n=1, cutoff=cutoff)
    if found:
        return found[0]
    mine = set(_PARTS.split(text))
    parts = [name for name in names if text in _PARTS.split(name) or name in mine]
    return parts[0] if len(parts) == 1 and text else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """``"did you mean 'X'?"`` for the closest choice, or ``""`` when none is close."""
    near = closest(word, choices)
    return f"{DID_YOU_MEAN} '{near}'?" if near is not None else ""
