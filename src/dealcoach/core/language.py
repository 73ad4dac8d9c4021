"""The language coach: flag "tell" phrasing in a rep's objective for a call."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dealcoach.core.models import LanguageRule, Playbook
    from dealcoach.core.scoring import Scorecard


@dataclass(frozen=True, slots=True)
class TellMatch:
    rule: LanguageRule
    phrase: str  # the words of the objective that matched


def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:  # lint reports it; never crash a rep's session over it
        return None


def tell_matches(playbook: Playbook, text: str) -> list[TellMatch]:
    """The playbook's language rules that the text matches, one entry per rule."""
    found: list[TellMatch] = []
    for rule in playbook.language:
        for pattern in rule.match:
            compiled = _compiled(pattern)
            match = compiled.search(text) if compiled else None
            if match:
                found.append(TellMatch(rule, match.group(0)))
                break
    return found


def learning_suggestions(card: Scorecard, limit: int = 3) -> list[str]:
    """Learning objectives to offer instead of a tell objective, from this deal: the next
    step's focus first, then the gaps that weigh most."""
    found = list(dict.fromkeys([*card.next_step.learn, *card.learning_objectives]))
    return found[:limit]
