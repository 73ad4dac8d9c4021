"""Properties of the scorer and the loader, on generated playbooks, answers and files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealcoach.core.document import Document
from dealcoach.core.loading import PlaybookFile, check_playbook_file
from dealcoach.core.models import Playbook
from dealcoach.core.reading import LoadError
from dealcoach.core.scoring import Scorecard, score
from dealcoach.core.yamlsource import load_text
from tests.conftest import MINIMAL_PLAYBOOK
from tests.scoring_helpers import answers, dimension_lists, make_playbook

EVIDENCE = st.sampled_from([None, "verified", "assumed"])


@st.composite
def playbooks(draw: st.DrawFn) -> Playbook:
    dims = draw(dimension_lists(most=4, most_questions=4, top_score=5))
    return make_playbook(*dims, assumed_factor=draw(st.floats(0, 1)))


def answer_values(q: Any) -> st.SearchStrategy[Any]:
    ids = [o.id for o in q.options]
    if q.kind == "text":
        return st.sampled_from(["", "unknown", "Their words.", "{answers.x}"])
    if q.kind == "one":
        return st.sampled_from([*ids, "unknown"])
    return st.one_of(st.just("unknown"), st.lists(st.sampled_from(ids), min_size=1, unique=True))


@st.composite
def raw_answers(draw: st.DrawFn, pb: Playbook) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for q in pb.questions:
        if draw(st.booleans()):
            continue  # not in the file: unknown
        value = draw(answer_values(q))
        evidence = draw(EVIDENCE)
        raw[q.id] = value if evidence is None else {"answer": value, "evidence": evidence}
    return raw


@st.composite
def deals(draw: st.DrawFn) -> tuple[Playbook, dict[str, Any]]:
    pb = draw(playbooks())
    return pb, draw(raw_answers(pb))


def all_scores(card: Scorecard) -> dict[str, float]:
    return {"deal": card.score, **{d.id: d.score for d in card.dimensions}}


PROPERTY = settings(max_examples=250, deadline=None)


@PROPERTY
@given(deals())
def test_scores_stay_within_0_and_100(deal: tuple[Playbook, dict[str, Any]]) -> None:
    pb, raw = deal
    card = score(pb, answers(pb, raw))
    for name, value in all_scores(card).items():
        assert 0.0 <= value <= 100.0, name


@PROPERTY
@given(deals())
def test_assumed_to_verified_never_lowers_a_score(deal: tuple[Playbook, dict[str, Any]]) -> None:
    pb, raw = deal
    parsed = answers(pb, raw)
    before = all_scores(score(pb, parsed))
    for qid, answer in parsed.items():
        if not answer.assumed:
            continue
        entry = raw[qid]
        verified = {**raw, qid: {"answer": entry["answer"], "evidence": "verified"}}
        after = all_scores(score(pb, answers(pb, verified)))
        for name, value in before.items():
            assert after[name] >= value, (qid, name)


@PROPERTY
@given(st.data())
def test_a_known_positive_answer_never_lowers_its_dimension(data: st.DataObject) -> None:
    pb, raw = data.draw(deals())
    parsed = answers(pb, raw)
    before = {d.id: d.score for d in score(pb, parsed).dimensions}
    for dim in pb.dimensions:
        for q in dim.scored_questions:
            positive = [o.id for o in q.options if o.score > 0]
            if (q.id in parsed and parsed[q.id].known) or not positive:
                continue
            if q.kind == "one":
                value: Any = data.draw(st.sampled_from(positive))
            else:
                first = data.draw(st.sampled_from(positive))
                more = data.draw(st.lists(st.sampled_from([o.id for o in q.options])))
                value = list(dict.fromkeys([first, *more]))
            evidence = data.draw(st.sampled_from(["verified", "assumed"]))
            known = {**raw, q.id: {"answer": value, "evidence": evidence}}
            after = {d.id: d.score for d in score(pb, answers(pb, known)).dimensions}
            assert after[dim.id] >= before[dim.id], q.id


# --- The loader never crashes --------------------------------------------------------


def loads_or_refuses(text: str) -> None:
    try:
        doc = load_text(text, "f.yaml")
    except LoadError as exc:
        assert exc.problem.code.startswith("DC0")
        assert exc.problem.line >= 1 and exc.problem.column >= 1
    else:
        assert isinstance(doc, Document)


def checked(path: Path) -> PlaybookFile:
    result = check_playbook_file(str(path))
    assert result.playbook is not None or result.problems
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.code.startswith("DC")
    return result


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_load_text_on_any_text(text: str) -> None:
    loads_or_refuses(text)


@st.composite
def mutated_playbook(draw: st.DrawFn) -> str:
    at = draw(st.integers(0, len(MINIMAL_PLAYBOOK)))
    cut = draw(st.integers(0, 20))
    insert = draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
    return MINIMAL_PLAYBOOK[:at] + insert + MINIMAL_PLAYBOOK[at + cut :]


@settings(max_examples=200, deadline=None)
@given(mutated_playbook())
def test_load_text_on_a_mutated_playbook(text: str) -> None:
    loads_or_refuses(text)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(), st.text().map(str.encode)))
def test_check_playbook_file_on_any_bytes(fuzz_dir: Path, data: bytes) -> None:
    path = fuzz_dir / "any.yaml"
    path.write_bytes(data)
    checked(path)


@settings(max_examples=150, deadline=None)
@given(text=mutated_playbook())
def test_check_playbook_file_on_a_mutated_playbook(fuzz_dir: Path, text: str) -> None:
    path = fuzz_dir / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    checked(path)
