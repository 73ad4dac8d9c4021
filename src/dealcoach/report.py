"""The scorecard as data: the JSON of CLI.md, and what changed between sessions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dealcoach.language import TellMatch
from dealcoach.scoring import Scorecard


def round1(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True, slots=True)
class DealRef:
    key: str
    name: str


def scorecard_json(
    card: Scorecard,
    deal: DealRef,
    previous: dict[str, Any] | None,
    *,
    objective: str | None = None,
    tells: list[TellMatch] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """The ``--json`` object of ``qualify`` and ``next-step`` (CLI.md), with extras."""
    pb = card.playbook
    step = card.next_step
    data: dict[str, Any] = {
        "deal": {"key": deal.key, "name": deal.name},
        "playbook": {"id": pb.id, "version": pb.version},
        "score": round1(card.score),
        "band": {"id": card.band.id, "label": card.band.label},
        "gates": [g.id for g in card.gates],
        "dimensions": [
            {
                "id": d.id,
                "name": d.name,
                "score": round1(d.score),
                "unknown": list(d.unknown),
                "assumed": list(d.assumed),
            }
            for d in card.dimensions
        ],
        "next_step": {"id": step.id, "title": step.title, "say": step.say, "why": step.why},
        "learning_objectives": card.learning_objectives,
        "previous": previous,
        # Extensions beyond the contract.
        "gate_reasons": {g.id: g.reason for g in card.gates},
        "assumptions_to_verify": [
            {"question": q.id, "ask": q.ask, "learn": q.objective} for q in card.assumptions
        ],
        "objective": objective,
        "tell_language": [
            {"rule": t.rule.id, "phrase": t.phrase, "advice": t.rule.advice} for t in tells or []
        ],
        "note": note,
    }
    return data


def previous_of(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """The ``previous`` entry for a session, from the stored result of the one before."""
    if result is None:
        return None
    return {"score": result["score"], "band": result["band"]["id"]}


@dataclass(frozen=True, slots=True)
class Change:
    """How one figure moved since the last session."""

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
    band_before: dict[str, str] | None  # {"id", "label"}
    band_after: dict[str, str]
    dimensions: list[Change]

    @property
    def band_moved(self) -> bool:
        return self.band_before is not None and self.band_before["id"] != self.band_after["id"]

    def to_json(self) -> dict[str, Any]:
        return {
            "score": {"from": self.score.before, "to": self.score.after},
            "band": {"from": self.band_before, "to": self.band_after},
            "dimensions": [{"id": d.id, "from": d.before, "to": d.after} for d in self.dimensions],
        }


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> Changes:
    """Compare two stored results (the JSON above), dimension by dimension."""
    old_dims = {d["id"]: d["score"] for d in (before or {}).get("dimensions", [])}
    return Changes(
        score=Change("score", "Deal score", before["score"] if before else None, after["score"]),
        band_before=dict(before["band"]) if before else None,
        band_after=dict(after["band"]),
        dimensions=[
            Change(d["id"], d["name"], old_dims.get(d["id"]), d["score"])
            for d in after["dimensions"]
        ],
    )
