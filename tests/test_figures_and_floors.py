"""The format's additions: the `known` and `verified` figures, their conditions, floor
gates (floors first, then caps; a cap always wins) and a next step's `learn`.

Hand-checked cases, then random playbooks and deals scored by the engine and by the
reference scorer written from the format alone (tests/reference.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealcoach.adapters.json_views import scorecard_json
from dealcoach.core.scoring import score
from dealcoach.core.validation import validate_playbook
from tests.reference import reference
from tests.scoring_helpers import (
    answers,
    dimension,
    dimension_lists,
    make_playbook,
    options,
    question,
)

# Dimension "a" (weight 1): qa1 w1, qa2 w3, and a text question (not counted).
# Dimension "b" (weight 3): qb1 w2 (no evidence asked), qb2 w2.
DIMS = (
    dimension(
        "a",
        question("qa1", options=options(y=1, n=0)),
        question("qa2", weight=3, options=options(y=1, n=0)),
        question("ta", "text"),
        weight=1,
    ),
    dimension(
        "b",
        question("qb1", weight=2, evidence=False, options=options(y=1, n=0)),
        question("qb2", weight=2, options=options(y=1, n=0)),
        weight=3,
    ),
)
BANDS = [
    {"id": "top", "min": 60, "label": "Top"},
    {"id": "mid", "min": 30, "label": "Middle"},
    {"id": "low", "min": 0, "label": "Low"},
]


def card_of(raw: dict[str, Any], **extra: Any) -> Any:
    pb = make_playbook(*DIMS, **extra)
    return score(pb, answers(pb, raw))


@pytest.mark.parametrize(
    ("raw", "known", "verified", "dims"),
    [
        ({}, 0.0, 0.0, {"a": (0.0, 0.0), "b": (0.0, 0.0)}),
        # "no" is known: known is about what the rep knows, not how good it looks.
        ({"qa2": "n"}, 18.75, 18.75, {"a": (75.0, 75.0), "b": (0.0, 0.0)}),
        ({"qa1": {"answer": "y", "evidence": "assumed"}}, 6.25, 0.0, {"a": (25.0, 0.0)}),
        # qb1 asks no evidence: an answer marked assumed still counts as verified.
        ({"qb1": {"answer": "n", "evidence": "assumed"}}, 37.5, 37.5, {"b": (50.0, 50.0)}),
        ({"ta": "Their words."}, 0.0, 0.0, {"a": (0.0, 0.0)}),  # text is never counted
        (
            {"qa1": "y", "qa2": "y", "qb1": "y", "qb2": {"answer": "y", "evidence": "assumed"}},
            100.0,
            62.5,
            {"a": (100.0, 100.0), "b": (100.0, 50.0)},
        ),
    ],
)
def test_known_and_verified_per_dimension_and_deal(
    raw: dict[str, Any], known: float, verified: float, dims: dict[str, tuple[float, float]]
) -> None:
    card = card_of(raw)
    assert (card.known, card.verified) == (known, verified)
    by_id = {d.id: (d.known, d.verified) for d in card.dimensions}
    for dim_id, figures in dims.items():
        assert by_id[dim_id] == figures


def test_a_dimension_without_scored_questions_knows_nothing() -> None:
    pb = make_playbook(
        dimension("words", question("t", "text")),
        dimension("d", question("q", options=options(y=1, n=0))),
    )
    card = score(pb, answers(pb, {"t": "Plenty.", "q": "y"}))
    assert [(d.known, d.verified) for d in card.dimensions] == [(0.0, 0.0), (100.0, 100.0)]
    assert (card.known, card.verified) == (50.0, 50.0)


def test_the_json_rounds_the_figures_to_one_decimal() -> None:
    card = card_of({"qa1": "y"})  # a: 1/4 known -> 25; deal: 25 / 4 = 6.25
    data = scorecard_json(card, "k", "K", None)
    assert (data["known"], data["verified"]) == (6.2, 6.2)  # round half to even
    assert [(d["known"], d["verified"]) for d in data["dimensions"]] == [(25.0, 25.0), (0.0, 0.0)]


GATES = [
    {"id": "thin", "when": {"known": {"below": 40}}, "floor": "mid"},
    {"id": "b-unverified", "when": {"verified": {"dimension": "b", "below": 50}}, "cap": "low"},
    {"id": "a-known", "when": {"known": {"dimension": "a", "at_least": 100}}, "floor": "top"},
]


@pytest.mark.parametrize(
    ("raw", "band", "held", "moved"),
    [
        pytest.param({}, "low", ["thin", "b-unverified"], ["b-unverified"], id="a-cap-always-wins"),
        pytest.param({"qb1": "n"}, "mid", ["thin"], ["thin"], id="floor-raises"),
        pytest.param(
            {"qa1": "y", "qa2": "y", "qb1": "n", "qb2": "n"},
            "top",
            ["a-known"],
            ["a-known"],
            id="highest-floor",
        ),
        pytest.param(
            {"qa1": "y", "qa2": "y", "qb1": "y", "qb2": "y"},
            "top",
            ["a-known"],
            [],
            id="floor-at-its-own-band-moves-nothing",
        ),
    ],
)
def test_floors_first_then_caps(
    raw: dict[str, Any], band: str, held: list[str], moved: list[str]
) -> None:
    card = card_of(raw, gates=GATES, bands=BANDS)
    assert card.band.id == band
    assert [g.id for g in card.gates] == held
    assert [g.id for g in card.moved_by] == moved


def test_a_next_step_carries_its_learn_texts() -> None:
    steps = [
        {
            "id": "thin",
            "when": {"known": {"below": 50}},
            "title": "Learn",
            "say": "Let's talk.",
            "learn": ["I need to understand their priorities."],
        },
        {"id": "last", "title": "Last", "say": "Last."},
    ]
    card = card_of({}, next_steps=steps)
    assert card.next_step.learn == ("I need to understand their priorities.",)
    assert scorecard_json(card, "k", "K", None)["next_step"]["learn"] == [
        "I need to understand their priorities."
    ]
    done = card_of({"qa1": "y", "qa2": "y", "qb1": "y", "qb2": "y"}, next_steps=steps)
    assert done.next_step.id == "last"
    assert scorecard_json(done, "k", "K", None)["next_step"]["learn"] == []
    # The step's learn texts are not learning objectives (those are the questions').
    assert "I need to understand their priorities." not in card.learning_objectives


# --- Random playbooks, the engine against the reference -------------------------------

THRESHOLDS = st.sampled_from([0, 10, 25, 100 / 3, 40, 50, 62.5, 75, 100])


@st.composite
def figure_conditions(draw: st.DrawFn, dims: list[str], questions: list[str]) -> Any:
    kind = draw(st.sampled_from(["known", "verified", "score", "dimension", "answer", "not"]))
    bound = {draw(st.sampled_from(["below", "at_least"])): draw(THRESHOLDS)}
    if kind in ("known", "verified"):
        if draw(st.booleans()):
            bound["dimension"] = draw(st.sampled_from(dims))
        return {kind: bound}
    if kind == "score":
        return {"score": bound}
    if kind == "dimension":
        return {"dimension": draw(st.sampled_from(dims)), **bound}
    if kind == "answer":
        return {"answer": draw(st.sampled_from(questions)), "in": ["o0", "unknown"]}
    return {"not": {"known": bound}}


@st.composite
def gated_deals(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    dims = draw(dimension_lists(most=3, most_questions=3, top_score=4))
    dim_ids = [d["id"] for d in dims]
    scored = [q["id"] for d in dims for q in d["questions"] if q["kind"] != "text"] or ["none"]
    bands = [
        {"id": f"b{k}", "min": low, "label": f"B{k}"}
        for k, low in ((3, 70), (2, 45), (1, 20), (0, 0))
    ]
    condition = figure_conditions(dim_ids, scored) if scored != ["none"] else st.just("always")
    gates = [
        {
            "id": f"g{k}",
            "when": draw(condition),
            draw(st.sampled_from(["cap", "floor"])): draw(
                st.sampled_from(["b0", "b1", "b2", "b3"])
            ),
        }
        for k in range(draw(st.integers(0, 4)))
    ]
    steps = [
        {
            "id": f"s{k}",
            "when": draw(
                st.one_of(condition, st.just({"band": draw(st.sampled_from(["b1", "b2"]))}))
            ),
            "title": f"S{k}",
            "say": "Say.",
            "learn": draw(st.lists(st.sampled_from(["I need to a.", "I need to b."]), max_size=2)),
        }
        for k in range(draw(st.integers(0, 3)))
    ]
    steps.append({"id": "last", "title": "Last", "say": "Last."})
    pb = {
        "dealcoach": 1,
        "id": "random",
        "name": "Random",
        "version": "1",
        "scoring": {"assumed_factor": draw(st.sampled_from([0, 0.25, 0.5, 1]))},
        "dimensions": dims,
        "bands": bands,
        "gates": gates,
        "next_steps": steps,
    }
    raw: dict[str, Any] = {}
    for d in dims:
        for q in d["questions"]:
            if draw(st.booleans()):
                continue
            if q["kind"] == "text":
                value: Any = draw(st.sampled_from(["", "Their words."]))
            elif q["kind"] == "one":
                value = draw(st.sampled_from([o["id"] for o in q["options"]] + ["unknown"]))
            else:
                ids = [o["id"] for o in q["options"]]
                value = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
            evidence = draw(st.sampled_from([None, "verified", "assumed"]))
            raw[q["id"]] = value if evidence is None else {"answer": value, "evidence": evidence}
    return pb, raw


@settings(max_examples=300, deadline=None)
@given(gated_deals())
def test_the_engine_agrees_with_the_reference(deal: tuple[dict[str, Any], dict[str, Any]]) -> None:
    data, raw = deal
    pb = validate_playbook(data)
    card = score(pb, answers(pb, raw))
    got = scorecard_json(card, "k", "K", None)
    expected = reference(data, raw)
    for key in ("score", "known", "verified", "band", "gates", "dimensions"):
        assert got[key] == expected[key], key
    assert got["next_step"]["id"] == expected["next_step"]["id"]
    assert got["next_step"]["learn"] == expected["next_step"]["learn"]
