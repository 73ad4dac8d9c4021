"""The language coach: flag "tell" phrasing in a rep's objective for a call."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dealcoach.core.models import LanguageRule, Playbook
    from dealcoach.core.scoring import Scorecard


@dataclass(frozen=True, slots=True)
class TellMatch:
    rule: LanguageRule
    phrase: str  # the words of the objective that matched


MATCH_TIMEOUT = 0.2  # seconds one pattern may take on one text before it is given up on


@cache
def _compiled(pattern: str) -> Any:
    """The compiled pattern (the ``regex`` package, for its time limit), or None when it
    is not valid: lint reports that; a rep's session is never stopped by it."""
    import regex  # here: only what matches language pays for it

    try:
        return regex.compile(pattern, regex.IGNORECASE | regex.V0)
    except (regex.error, ValueError, OverflowError, RecursionError):
        return None


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a valid regular expression, or None."""
    import regex

    try:
        regex.compile(pattern, regex.IGNORECASE | regex.V0)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        return str(exc) or type(exc).__name__
    return None


def search(pattern: str, text: str) -> Any:
    """The first match of ``pattern`` in ``text``; None when there is none, when the
    pattern is not valid, or when it takes longer than MATCH_TIMEOUT."""
    compiled = _compiled(pattern)
    if compiled is None:
        return None
    try:
        return compiled.search(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        return None


def tell_matches(playbook: Playbook, text: str) -> list[TellMatch]:
    """The playbook's language rules that the text matches, one entry per rule."""
    found: list[TellMatch] = []
    for rule in playbook.language:
        for pattern in rule.match:
            match = search(pattern, text)
            if match:
                found.append(TellMatch(rule, match.group(0)))
                break
    return found


def slow_on(pattern: str, timeout: float = 0.05) -> str | None:
    """A short text that ``pattern`` takes longer than ``timeout`` on, or None: texts of
    40 of one of its letters, then a character that ends no match."""
    compiled = _compiled(pattern)
    if compiled is None:
        return None
    letters = dict.fromkeys(c for c in pattern.lower() if c.isalnum() or c in " -_.")
    for letter in [*list(letters)[:6], "a", " "]:
        probe = letter * 40 + "!"
        try:
            compiled.search(probe, timeout=timeout)
        except TimeoutError:
            return probe
    return None


def nested_quantifier(pattern: str) -> bool:
    """Whether ``pattern`` repeats a group that holds a repeat (``(a+)+``, ``(\\w+ )*``),
    the shape that backtracks exponentially in most matchers."""
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    try:
        tree = _parser.parse(pattern)
    except Exception:  # not valid for re: DC208 says so where it matters
        return False

    def many(high: int) -> bool:
        return bool(high == sre.MAXREPEAT or high > 1)

    def walk(items: Any, inside: bool) -> bool:
        for op, av in items:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                _, high, sub = av
                if many(high) and inside:
                    return True
                if walk(sub, inside or many(high)):
                    return True
            elif (
                (op is sre.SUBPATTERN and walk(av[-1], inside))
                or (op is sre.BRANCH and any(walk(alt, inside) for alt in av[1]))
                or (op in (sre.ASSERT, sre.ASSERT_NOT) and walk(av[1], inside))
            ):
                return True
        return False

    return walk(tree, inside=False)


def learning_suggestions(card: Scorecard, limit: int = 3) -> list[str]:
    """Learning objectives to offer instead of a tell objective, from this deal: the next
    step's focus first, then the gaps that weigh most."""
    found = list(dict.fromkeys([*card.next_step.learn, *card.learning_objectives]))
    return found[:limit]
