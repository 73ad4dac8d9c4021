"""Build playbooks and answers from plain data, for the scoring and property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from dealcoach.core.answers import Answers, parse_answers
from dealcoach.core.document import Document
from dealcoach.core.models import Playbook
from dealcoach.core.validation import validate_playbook


def options(**scores: float) -> list[dict[str, Any]]:
    """``options(a=3, b=0)`` -> a list of option mappings, in the given order."""
    return [{"id": oid, "label": oid.upper(), "score": s} for oid, s in scores.items()]


def question(qid: str, kind: str = "one", **fields: Any) -> dict[str, Any]:
    return {"id": qid, "ask": f"{qid}?", "kind": kind, **fields}


def dimension(did: str, *questions: dict[str, Any], weight: float = 1) -> dict[str, Any]:
    return {"id": did, "name": did.title(), "weight": weight, "questions": list(questions)}


DEFAULT_BANDS = [
    {"id": "top", "min": 60, "label": "Top"},
    {"id": "mid", "min": 30, "label": "Middle"},
    {"id": "low", "min": 0, "label": "Low"},
]
DEFAULT_STEPS = [{"id": "last", "title": "Last", "say": "Last step."}]


def make_playbook(
    *dimensions: dict[str, Any],
    bands: list[dict[str, Any]] | None = None,
    gates: list[dict[str, Any]] | None = None,
    next_steps: list[dict[str, Any]] | None = None,
    assumed_factor: float | None = None,
) -> Playbook:
    data: dict[str, Any] = {
        "dealcoach": 1,
        "id": "test",
        "name": "Test",
        "version": "1",
        "dimensions": list(dimensions),
        "bands": bands or DEFAULT_BANDS,
        "gates": gates or [],
        "next_steps": next_steps or DEFAULT_STEPS,
    }
    if assumed_factor is not None:
        data["scoring"] = {"assumed_factor": assumed_factor}
    return validate_playbook(data)


def answers(playbook: Playbook, raw: dict[str, Any]) -> Answers:
    """Answers-file data checked against the playbook, exactly as ``--answers`` reads it."""
    doc = Document(path="<answers>", root=raw, text="")
    parsed, problems = parse_answers(raw, playbook, doc)
    assert problems == [], problems
    return parsed


# Weights whose multiples of 100 are exact (see test_scoring for fractional-weight bugs).
WEIGHTS = st.sampled_from([0.5, 1, 1.5, 2, 3, 4, 5])


@st.composite
def dimension_lists(
    draw: st.DrawFn, most: int = 4, most_questions: int = 4, top_score: int = 5
) -> list[dict[str, Any]]:
    """Dimensions ``d0``... with questions ``q0_0``... of every kind, weights and scores
    drawn: the raw material of a generated playbook."""
    dims: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, most))):
        questions = []
        for j in range(draw(st.integers(1, most_questions))):
            kind = draw(st.sampled_from(["one", "one", "many", "text"]))
            q: dict[str, Any] = {
                "id": f"q{i}_{j}",
                "ask": "?",
                "kind": kind,
                "weight": draw(WEIGHTS),
                "evidence": draw(st.booleans()),
            }
            if kind != "text":
                scores = draw(
                    st.lists(st.integers(0, top_score), min_size=2, max_size=top_score - 1)
                )
                q["options"] = [
                    {"id": f"o{k}", "label": f"O{k}", "score": s} for k, s in enumerate(scores)
                ]
            questions.append(q)
        dims.append(
            {"id": f"d{i}", "name": f"D{i}", "weight": draw(WEIGHTS), "questions": questions}
        )
    return dims
