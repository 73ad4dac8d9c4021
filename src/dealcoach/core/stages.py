"""A deal's stage and its exit criteria (PLAYBOOK-FORMAT.md, "Stages and their exit
criteria"): which of them hold, and what still blocks the move to the next stage."""

from __future__ import annotations

from dataclasses import dataclass

from dealcoach.core.conditions import holds
from dealcoach.core.models import Stage
from dealcoach.core.scoring import Scorecard


@dataclass(frozen=True, slots=True)
class StageStatus:
    stage: Stage
    met: tuple[tuple[str, bool], ...]  # each exit criterion's label, and whether it holds

    @property
    def exit_met(self) -> bool:
        return all(held for _, held in self.met)

    @property
    def missing(self) -> list[str]:
        return [label for label, held in self.met if not held]


def stage_status(card: Scorecard, stage: str | None) -> StageStatus | None:
    """The deal's stage in the card's playbook and its exit criteria, or None when the
    deal has no stage the playbook knows."""
    found = card.playbook.stage(stage)
    if found is None:
        return None
    return StageStatus(found, tuple((c.label, holds(c.when, card.facts)) for c in found.exit))
