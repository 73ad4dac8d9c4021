"""The scoring formula of PLAYBOOK-FORMAT.md, one hand-computed example per clause."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from dealcoach.adapters.json_views import scorecard_json
from dealcoach.core.answer import Answer
from dealcoach.core.scoring import normalised, render_say, score
from tests.scoring_helpers import answers, dimension, make_playbook, options, question

# pain (weight 3): q1 one (w2, max 3), q2 many (w1, max 5), words text.
# fit (weight 1): f1 one (w1, max 4, evidence false), zero one (w1, max 0).
CORE_DIMS = (
    dimension(
        "pain",
        question("q1", weight=2, options=options(a=3, b=1, c=0)),
        question("q2", "many", options=options(x=1, y=2, z=2)),
        question("words", "text"),
        weight=3,
    ),
    dimension(
        "fit",
        question("f1", evidence=False, options=options(good=4, bad=0)),
        question("zero", options=options(p=0, q=0)),
        weight=1,
    ),
)
CORE = make_playbook(*CORE_DIMS)


def approx(value: float) -> Any:
    return pytest.approx(value, rel=1e-12, abs=1e-12)


def dims(card: Any) -> dict[str, float]:
    return {d.id: d.score for d in card.dimensions}


@pytest.mark.parametrize(
    ("raw", "pain", "fit", "deal"),
    [
        pytest.param({}, 0, 0, 0, id="nothing-known"),
        # one: the chosen option's score over the highest option score: 3/3.
        # pain = 100 * (2*1 + 1*0) / 3; deal = (3*pain + 1*0) / 4.
        pytest.param({"q1": "a"}, 200 / 3, 0, 50, id="one-top-option"),
        # 1/3 -> pain = 100 * (2/3) / 3
        pytest.param({"q1": "b"}, 200 / 9, 0, 50 / 3, id="one-middle-option"),
        # many: (2+2)/5 -> pain = 100 * 0.8 / 3
        pytest.param({"q2": ["y", "z"]}, 80 / 3, 0, 20, id="many-sum"),
        pytest.param({"q2": ["x", "y", "z"]}, 100 / 3, 0, 25, id="many-all"),
        pytest.param({"q1": "unknown", "q2": "unknown"}, 0, 0, 0, id="unknown-is-zero"),
        # assumed: 1 * 0.5 -> pain = 100 * (2*0.5) / 3
        pytest.param({"q1": {"answer": "a", "evidence": "assumed"}}, 100 / 3, 0, 25, id="assumed"),
        # f1 4/4, zero unanswered: fit = 100 * 1 / 2; deal = 50 / 4
        pytest.param({"f1": "good"}, 0, 50, 12.5, id="fit"),
        # evidence: false -> an assumed answer counts as verified.
        pytest.param(
            {"f1": {"answer": "good", "evidence": "assumed"}}, 0, 50, 12.5, id="evidence-false"
        ),
        # A question whose maximum is 0 normalises to 0 but keeps its weight.
        pytest.param({"zero": "p", "f1": "good"}, 0, 50, 12.5, id="maximum-zero"),
        # deal = (3 * 200/3 + 1 * 50) / 4
        pytest.param({"q1": "a", "f1": "good"}, 200 / 3, 50, 62.5, id="deal-weighting"),
        # The text answer does not count.
        pytest.param({"words": "It hurts."}, 0, 0, 0, id="text-not-scored"),
    ],
)
def test_dimension_and_deal_scores(
    raw: dict[str, Any], pain: float, fit: float, deal: float
) -> None:
    card = score(CORE, answers(CORE, raw))
    assert dims(card) == {"pain": approx(pain), "fit": approx(fit)}
    assert card.score == approx(deal)


@pytest.mark.parametrize(
    ("factor", "pain"),
    [
        (0.2, 100 * 2 * 0.2 / 3),
        (0.0, 0.0),
        (1.0, 200 / 3),
    ],
)
def test_custom_assumed_factor(factor: float, pain: float) -> None:
    pb = make_playbook(*CORE_DIMS, assumed_factor=factor)
    card = score(pb, answers(pb, {"q1": {"answer": "a", "evidence": "assumed"}}))
    assert dims(card)["pain"] == approx(pain)


def test_default_assumed_factor_is_one_half() -> None:
    assert CORE.scoring.assumed_factor == 0.5


def test_many_sum_is_capped_at_its_maximum() -> None:
    q2 = CORE.question("q2")
    assert q2 is not None
    assert q2.maximum == 5
    # Repeated ids add up to 2+2+2+1 = 7, capped at the maximum 5.
    assert normalised(q2, Answer(("y", "y", "z", "x")), 0.5) == 1.0
    assert normalised(q2, Answer(("y", "z")), 0.5) == approx(0.8)
    assert normalised(q2, Answer(("y", "z"), "assumed"), 0.5) == approx(0.4)


def test_repeated_options_in_an_answers_file_count_once() -> None:
    card = score(CORE, answers(CORE, {"q2": ["y", "y"]}))
    assert dims(card)["pain"] == approx(100 * (2 / 5) / 3)


def test_maximum_zero_normalises_to_zero() -> None:
    zero = CORE.question("zero")
    assert zero is not None
    assert zero.maximum == 0
    assert normalised(zero, Answer("p"), 0.5) == 0.0


# --- Bands and gates -----------------------------------------------------------

# One question, scores 0..4 of 4: the deal score is 0, 25, 50, 75 or 100 exactly.
BANDS = [
    {"id": "c", "min": 25, "label": "C"},
    {"id": "a", "min": 75, "label": "A"},
    {"id": "d", "min": 0, "label": "D"},
    {"id": "b", "min": 50, "label": "B"},
]


def band_playbook(gates: list[dict[str, Any]] | None = None) -> Any:
    return make_playbook(
        dimension("only", question("s", options=options(s0=0, s1=1, s2=2, s3=3, s4=4))),
        bands=BANDS,
        gates=gates,
    )


@pytest.mark.parametrize(
    ("option", "band"),
    [("s0", "d"), ("s1", "c"), ("s2", "b"), ("s3", "a"), ("s4", "a")],
)
def test_band_is_the_highest_min_at_or_below_the_score(option: str, band: str) -> None:
    pb = band_playbook()
    card = score(pb, answers(pb, {"s": option}))
    assert card.score == option_score(option)
    assert card.band.id == band
    assert card.gates == ()


def option_score(option: str) -> float:
    return int(option[1]) * 25.0


ALWAYS = {"score": {"at_least": 0}}
NEVER = {"score": {"below": 0}}


@pytest.mark.parametrize(
    ("gates", "option", "band", "held"),
    [
        pytest.param([("g1", ALWAYS, "b")], "s4", "b", ["g1"], id="caps-a-to-b"),
        pytest.param([("g1", NEVER, "d")], "s4", "a", [], id="gate-not-holding"),
        # A cap above the band changes nothing (but the gate still held).
        pytest.param([("g1", ALWAYS, "b")], "s1", "c", ["g1"], id="cap-above-band"),
        # Several gates: the lowest cap wins, whatever their order.
        pytest.param(
            [("g1", ALWAYS, "c"), ("g2", ALWAYS, "b")], "s4", "c", ["g1", "g2"], id="lowest-cap"
        ),
        pytest.param(
            [("g1", ALWAYS, "b"), ("g2", NEVER, "d"), ("g3", ALWAYS, "c")],
            "s3",
            "c",
            ["g1", "g3"],
            id="held-in-order",
        ),
        # Gates test unrounded scores: 75 is not below 75.
        pytest.param(
            [("g1", {"score": {"below": 75}}, "d")], "s3", "a", [], id="score-at-boundary"
        ),
    ],
)
def test_gates_cap_the_band(
    gates: list[tuple[str, Any, str]], option: str, band: str, held: list[str]
) -> None:
    pb = band_playbook([{"id": g, "when": when, "cap": cap} for g, when, cap in gates])
    card = score(pb, answers(pb, {"s": option}))
    assert card.band.id == band
    assert [g.id for g in card.gates] == held
    assert card.score == option_score(option)  # gates never change the score


# --- Next steps ----------------------------------------------------------------


def step(sid: str, when: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": sid, "title": sid.title(), "say": f"Say {sid}."}
    if when is not None:
        data["when"] = when
    return data


@pytest.mark.parametrize(
    ("steps", "chosen"),
    [
        ([step("no", NEVER), step("first", ALWAYS), step("second", ALWAYS), step("last")], "first"),
        ([step("no", NEVER), step("always", "always"), step("last")], "always"),
        ([step("no", NEVER), step("no2", NEVER), step("last")], "last"),
        ([step("last")], "last"),
    ],
)
def test_first_matching_next_step(steps: list[dict[str, Any]], chosen: str) -> None:
    pb = make_playbook(
        dimension("only", question("s", options=options(s0=0, s1=1))), next_steps=steps
    )
    card = score(pb, {})
    assert card.next_step.id == chosen
    assert card.next_step.say == f"Say {chosen}."


# --- Conditions ----------------------------------------------------------------

# a (weight 3): qa one (x=4 of 4), qm many (max 4).  b (weight 1): qb one (max 3), fe one
# (evidence false).  With only qa=x: a = 100 * 1/2 = 50, deal = 3*50/4 = 37.5.
COND_DIMS = (
    dimension(
        "a",
        question("qa", options=options(x=4, y=2, z=0)),
        question("qm", "many", options=options(m1=1, m2=1, m3=2)),
        weight=3,
    ),
    dimension(
        "b",
        question("qb", options=options(p=3, g=2, h=1, n=0)),
        question("fe", evidence=False, options=options(e1=1, e2=0)),
        weight=1,
    ),
)
COND_GATES = [{"id": "qb-none", "when": {"answer": "qb", "is": "n"}, "cap": "mid"}]
FULL_A = {"qa": "x", "qm": ["m1", "m2", "m3"]}  # a = 100, deal = 75 -> top


def holds(condition: Any, raw: dict[str, Any]) -> bool:
    pb = make_playbook(
        *COND_DIMS,
        gates=COND_GATES,
        next_steps=[step("hit", condition), step("miss")],
    )
    return score(pb, answers(pb, raw)).next_step.id == "hit"


ASSUMED_QA = {"qa": {"answer": "x", "evidence": "assumed"}}


@pytest.mark.parametrize(
    ("condition", "raw", "expected"),
    [
        ("always", {}, True),
        # score (deal = 37.5)
        ({"score": {"below": 37.5}}, {"qa": "x"}, False),
        ({"score": {"at_least": 37.5}}, {"qa": "x"}, True),
        ({"score": {"below": 37.6}}, {"qa": "x"}, True),
        ({"score": {"at_least": 37.6}}, {"qa": "x"}, False),
        # dimension (a = 50)
        ({"dimension": "a", "below": 50}, {"qa": "x"}, False),
        ({"dimension": "a", "at_least": 50}, {"qa": "x"}, True),
        ({"dimension": "b", "below": 0.1}, {"qa": "x"}, True),
        # unrounded: b = 100 * (2/3) / 2 = 33.33..., shown as 33.3
        ({"dimension": "b", "at_least": 33.33}, {"qb": "g"}, True),
        ({"dimension": "b", "at_least": 33.34}, {"qb": "g"}, False),
        # unrounded: b = 100 * (1/3 + 1) / 2 = 66.66..., shown as 66.7
        ({"dimension": "b", "below": 66.7}, {"qb": "h", "fe": "e1"}, True),
        ({"dimension": "b", "at_least": 66.7}, {"qb": "h", "fe": "e1"}, False),
        # answer is / in, one
        ({"answer": "qa", "is": "x"}, {"qa": "x"}, True),
        ({"answer": "qa", "is": "y"}, {"qa": "x"}, False),
        ({"answer": "qa", "is": "unknown"}, {}, True),
        ({"answer": "qa", "is": "unknown"}, {"qa": "unknown"}, True),
        ({"answer": "qa", "is": "unknown"}, {"qa": "x"}, False),
        ({"answer": "qa", "in": ["y", "unknown"]}, {}, True),
        ({"answer": "qa", "in": ["y", "z"]}, {"qa": "x"}, False),
        ({"answer": "qa", "in": ["y", "x"]}, {"qa": "x"}, True),
        ({"answer": "qa", "is": "x"}, ASSUMED_QA, True),
        # answer is / in, many: one of the chosen
        ({"answer": "qm", "is": "m2"}, {"qm": ["m1", "m2"]}, True),
        ({"answer": "qm", "is": "m3"}, {"qm": ["m1", "m2"]}, False),
        ({"answer": "qm", "in": ["m3", "m1"]}, {"qm": ["m1", "m2"]}, True),
        ({"answer": "qm", "is": "unknown"}, {}, True),
        ({"answer": "qm", "is": "unknown"}, {"qm": ["m1"]}, False),
        # assumed
        ({"assumed": "qa"}, ASSUMED_QA, True),
        ({"assumed": "qa"}, {"qa": "x"}, False),
        ({"assumed": "qa"}, {}, False),
        ({"assumed": "fe"}, {"fe": {"answer": "e1", "evidence": "assumed"}}, False),
        # all / any / not
        (
            {"all": [{"answer": "qa", "is": "x"}, {"answer": "qb", "is": "unknown"}]},
            {"qa": "x"},
            True,
        ),
        (
            {"all": [{"answer": "qa", "is": "x"}, {"answer": "qb", "is": "unknown"}]},
            {"qa": "x", "qb": "p"},
            False,
        ),
        ({"any": [{"answer": "qa", "is": "y"}, {"answer": "qb", "is": "p"}]}, {"qb": "p"}, True),
        ({"any": [{"answer": "qa", "is": "y"}, {"answer": "qb", "is": "p"}]}, {}, False),
        ({"not": {"answer": "qa", "is": "x"}}, {"qa": "x"}, False),
        ({"not": {"answer": "qa", "is": "x"}}, {}, True),
        ({"not": {"any": [{"assumed": "qa"}, {"score": {"below": 10}}]}}, {"qa": "x"}, True),
        ({"not": "always"}, {}, False),
        # band: after gates (deal 75 -> top, capped to mid when qb is n)
        ({"band": "top"}, FULL_A, True),
        ({"band": "top"}, {**FULL_A, "qb": "n"}, False),
        ({"band": "mid"}, {**FULL_A, "qb": "n"}, True),
        ({"band": "low"}, {}, True),
    ],
)
def test_conditions(condition: Any, raw: dict[str, Any], expected: bool) -> None:
    assert holds(condition, raw) is expected


def test_condition_numbers_hand_checked() -> None:
    pb = make_playbook(*COND_DIMS, gates=COND_GATES)
    assert score(pb, answers(pb, {"qa": "x"})).score == 37.5
    assert dims(score(pb, answers(pb, {"qb": "g"})))["b"] == approx(100 / 3)
    assert dims(score(pb, answers(pb, {"qb": "h", "fe": "e1"})))["b"] == approx(200 / 3)
    capped = score(pb, answers(pb, {**FULL_A, "qb": "n"}))
    assert (capped.score, capped.score_band.id, capped.band.id) == (75.0, "top", "mid")


# --- Rounding --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "deal", "b"),
    [
        ({"qb": "g"}, 8.3, 33.3),  # 25/3 = 8.333..., 100/3
        ({"qb": "h", "fe": "e1"}, 16.7, 66.7),  # 50/3 = 16.666..., 200/3
    ],
)
def test_json_rounds_to_one_decimal(raw: dict[str, Any], deal: float, b: float) -> None:
    pb = make_playbook(*COND_DIMS)
    card = score(pb, answers(pb, raw))
    assert card.score != deal  # the scorecard keeps the unrounded value
    data = scorecard_json(card, "k", "K", None)
    assert data["score"] == deal
    assert {d["id"]: d["score"] for d in data["dimensions"]} == {"a": 0.0, "b": b}


# --- {answers.ID} ----------------------------------------------------------------

SAY_PB = make_playbook(
    dimension(
        "d", question("t", "text"), question("u", "text"), question("s", options=options(a=1, b=0))
    ),
    next_steps=[
        {
            "id": "only",
            "title": "T",
            "say": "A[{answers.t}] B[{answers.u}] C[{0} {deal} {answers}]",
        },
    ],
)


@pytest.mark.parametrize(
    ("raw", "say"),
    [
        pytest.param(
            {"t": "{answers.u} and {0.__class__} and {answers.t}", "u": "SECRET"},
            "A[{answers.u} and {0.__class__} and {answers.t}] B[SECRET] C[{0} {deal} {answers}]",
            id="one-pass",
        ),
        pytest.param({}, "A[] B[] C[{0} {deal} {answers}]", id="unanswered-is-empty"),
        pytest.param({"t": "unknown", "u": "  "}, "A[] B[] C[{0} {deal} {answers}]", id="unknown"),
        pytest.param(
            {"t": "We lose $1M."}, "A[We lose $1M.] B[] C[{0} {deal} {answers}]", id="text"
        ),
    ],
)
def test_placeholders(raw: dict[str, Any], say: str) -> None:
    parsed = answers(SAY_PB, raw)
    assert score(SAY_PB, parsed).next_step.say == say
    assert render_say(SAY_PB.next_steps[0].say, SAY_PB, parsed) == say


# --- Learning objectives -----------------------------------------------------------

# Dimension weights 1 and 3 (sum 4).
#   d1: t1 text; a1 w1, a2 w3 (scored sum 4) -> shares 1/16, 3/16
#   d2: t2 text; b1 w2, b2 w2 (scored sum 4) -> shares 3/8, 3/8 (a tie)
LEARN_PB = make_playbook(
    dimension(
        "d1",
        question("t1", "text", learn="T1"),
        question("a1", learn="A1", options=options(y=1, n=0)),
        question("a2", weight=3, learn="A2", options=options(y=1, n=0)),
        weight=1,
    ),
    dimension(
        "d2",
        question("t2", "text", learn="T2"),
        question("b1", weight=2, learn="B1", options=options(y=1, n=0)),
        question("b2", weight=2, learn="B2", options=options(y=1, n=0)),
        weight=3,
    ),
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, ["B1", "B2", "A2", "A1", "T1", "T2"]),
        # Verified answers drop out; assumed ones stay, in the same order.
        (
            {"a2": "y", "b1": {"answer": "n", "evidence": "assumed"}, "t1": "words"},
            ["B1", "B2", "A1", "T2"],
        ),
        ({"a1": "y", "a2": "n", "b1": "y", "b2": "y", "t1": "x", "t2": "y"}, []),
    ],
)
def test_learning_objectives_by_share(raw: dict[str, Any], expected: list[str]) -> None:
    card = score(LEARN_PB, answers(LEARN_PB, raw))
    assert card.learning_objectives == expected
    data = scorecard_json(card, "k", "K", None)
    assert data["learning_objectives"] == expected


def test_shares_match_the_formula() -> None:
    expected = {
        "t1": Fraction(0),
        "a1": Fraction(1, 16),
        "a2": Fraction(3, 16),
        "t2": Fraction(0),
        "b1": Fraction(3, 8),
        "b2": Fraction(3, 8),
    }
    assert LEARN_PB.shares == {k: approx(float(v)) for k, v in expected.items()}


# Mathematically equal shares that floating point computes differently:
# p = (1/4) * (3/5) = 0.15 and r = (3/4) * (1/5) = 0.15, but the float products differ.
TIE_PB = make_playbook(
    dimension(
        "d1",
        question("p", weight=3, learn="P", options=options(y=1, n=0)),
        question("p2", weight=2, learn="P2", options=options(y=1, n=0)),
        weight=1,
    ),
    dimension(
        "d2",
        question("r", weight=1, learn="R", options=options(y=1, n=0)),
        question("r2", weight=4, learn="R2", options=options(y=1, n=0)),
        weight=3,
    ),
)


def test_equal_shares_keep_playbook_order_exactly() -> None:
    card = score(TIE_PB, {})
    # shares: r2 = 12/20, p = 3/20, r = 3/20, p2 = 2/20
    assert card.learning_objectives == ["R2", "P", "R", "P2"]


# --- Floating point at the edges ----------------------------------------------------


def half_dimension(did: str, weight: float) -> dict[str, Any]:
    return dimension(
        did, question(f"{did}_q", options=options(half=1, full=2, none=0)), weight=weight
    )


def test_every_dimension_at_50_reaches_the_band_at_50() -> None:
    pb = make_playbook(
        half_dimension("d1", 1),
        half_dimension("d2", 1),
        half_dimension("d3", 0.2),
        bands=[
            {"id": "fifty", "min": 50, "label": "Fifty"},
            {"id": "zero", "min": 0, "label": "Z"},
        ],
    )
    card = score(pb, answers(pb, {"d1_q": "half", "d2_q": "half", "d3_q": "half"}))
    assert [d.score for d in card.dimensions] == [50.0, 50.0, 50.0]
    assert scorecard_json(card, "k", "K", None)["score"] == 50.0
    assert card.band.id == "fifty"


def test_deal_score_never_exceeds_100_with_fractional_weights() -> None:
    pb = make_playbook(half_dimension("d1", 0.3), half_dimension("d2", 2))
    card = score(pb, answers(pb, {"d1_q": "full", "d2_q": "full"}))
    assert [d.score for d in card.dimensions] == [100.0, 100.0]
    assert card.score <= 100.0


# --- Found by mutation testing (mutmut) ------------------------------------------------


def test_an_option_id_inside_another_is_not_chosen_with_it() -> None:
    pb = make_playbook(dimension("d", question("q", options=options(a=2, ab=1))))
    card = score(pb, answers(pb, {"q": "ab"}))
    assert card.score == 50.0  # "ab" scores 1 of 2; "a" is not chosen because "a" is in "ab"


def test_a_dimension_of_text_questions_only_scores_zero() -> None:
    pb = make_playbook(
        dimension("words", question("t", "text")),
        dimension("d", question("q", options=options(y=1, n=0))),
    )
    card = score(pb, answers(pb, {"t": "They said a lot.", "q": "y"}))
    assert [d.score for d in card.dimensions] == [0.0, 100.0]
    assert card.score == 50.0


def test_a_placeholder_that_names_no_text_question_stays_as_written() -> None:
    pb = make_playbook(
        dimension("d", question("t", "text"), question("q", options=options(y=1, n=0)))
    )
    given = answers(pb, {"t": "hello", "q": "y"})
    assert render_say("{answers.q} {answers.nope} {answers.t}", pb, given) == (
        "{answers.q} {answers.nope} hello"
    )
