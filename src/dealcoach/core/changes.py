"""What changed between two sessions of a deal: the figures each showed, compared."""

from __future__ import annotations

from dataclasses import dataclass

from dealcoach.core.figures import Figures, round1


@dataclass(frozen=True, slots=True)
class Change:
    """How one figure moved since the last session (``before`` None: it is new)."""

    id: str
    name: str
    before: float | None
    after: float

    @property
    def delta(self) -> float:
        return round1(self.after - (self.before or 0.0))


@dataclass(frozen=True, slots=True)
class Changes:
    score: Change
    band_before: tuple[str, str]  # (id, label)
    band_after: tuple[str, str]
    dimensions: list[Change]

    @property
    def band_moved(self) -> bool:
        return self.band_before[0] != self.band_after[0]


def changes(before: Figures, after: Figures) -> Changes:
    """Compare the figures of two sessions, dimension by dimension (by id)."""
    old = {d.id: d.score for d in before.dimensions}
    return Changes(
        score=Change("score", "Deal score", before.score, after.score),
        band_before=(before.band_id, before.band_label),
        band_after=(after.band_id, after.band_label),
        dimensions=[Change(d.id, d.name, old.get(d.id), d.score) for d in after.dimensions],
    )
