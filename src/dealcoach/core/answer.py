"""An answer: what the rep knows of one question, and how they know it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dealcoach.core._base import Record

UNKNOWN = "unknown"  # the answer id of "don't know yet", which every choice question offers

Evidence = Literal["verified", "assumed"]
Value = str | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Answer:
    """What the rep knows of one question, and how.

    ``value`` is an option id (``one``), a tuple of option ids (``many``), the
    customer's words (``text``), or None when it is not known yet.
    """

    value: Value = None
    evidence: Evidence = "verified"

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def assumed(self) -> bool:
        return self.known and self.evidence == "assumed"


UNKNOWN_ANSWER = Answer()
Answers = dict[str, Answer]


class AnswerDetail(Record):
    """An answers file's long form of an answer: ``{answer: ..., evidence: ...}``."""

    answer: str | list[str]
    evidence: Evidence = "verified"


AnswerEntry = str | list[str] | AnswerDetail


def entry_kind(value: object) -> str | None:
    """Which form an answers file's answer is written in (validation's discriminator: it
    reads loaded YAML, never records)."""
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, list):
        return "<list>"
    if isinstance(value, dict):
        return "<detail>"
    return None
