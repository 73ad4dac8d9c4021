"""Deal records for the store tests, built from a few figures."""

from __future__ import annotations

from typing import Any

from dealcoach.core.answer import Answer, Answers
from dealcoach.core.records import Deal, NewSession


def deal(key: str = "acme-corp-renewal", name: str = "Acme Corp renewal") -> Deal:
    return Deal(key, name, "customer-first", None, "2026-01-01T00:00:00+00:00", "sam")


def new_session(
    score: float,
    *,
    band: str = "discover",
    label: str = "Keep discovering",
    step: str = "confirm-pain",
    note: str | None = None,
    answers: Answers | None = None,
    dimensions: list[dict[str, Any]] | None = None,
) -> NewSession:
    """A session as ``qualify`` would record it, with a result that holds its figures."""
    result: dict[str, Any] = {
        "score": round(score, 1),
        "band": {"id": band, "label": label},
        "dimensions": dimensions or [],
    }
    return NewSession(
        command="qualify",
        playbook_id="customer-first",
        playbook_version="1.0",
        playbook_hash="abc123",
        answers={"pain_confirmed": Answer("own_words")} if answers is None else answers,
        score=score,
        band=band,
        band_label=label,
        band_short=label,
        gates=["no-compelling-need"],
        next_step=step,
        next_step_title=step.replace("-", " ").capitalize(),
        note=note,
        objective="I need to understand their pain.",
        result=result,
    )
