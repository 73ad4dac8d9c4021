"""A scorecard's figures as output shows them: rounded to one decimal, here and only here.

Conditions compare the unrounded figures; everything a user reads (the JSON, the
views, a scenario's expected score) goes through :func:`round1`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dealcoach.core.scoring import Scorecard


def round1(value: float) -> float:
    """A figure as output shows it: rounded to one decimal (Python's round, ties to even)."""
    return round(value, 1)


@dataclass(frozen=True, slots=True)
class DimensionFigure:
    id: str
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Figures:
    """What a session showed: the deal's score, its band, and each dimension's score."""

    score: float
    band_id: str
    band_label: str
    dimensions: tuple[DimensionFigure, ...]

    @classmethod
    def of(cls, card: Scorecard) -> Figures:
        return cls(
            round1(card.score),
            card.band.id,
            card.band.label,
            tuple(DimensionFigure(d.id, d.name, round1(d.score)) for d in card.dimensions),
        )
