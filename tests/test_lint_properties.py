"""`dealcoach lint` on random YAML documents and random bytes: a report, never a crash."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealcoach.cli.environment import Environment
from dealcoach.cli.lint import run_lint
from tests.conftest import MINIMAL_PLAYBOOK

KEYS = [
    "dealcoach",
    "id",
    "name",
    "version",
    "dimensions",
    "questions",
    "options",
    "bands",
    "next_steps",
    "gates",
    "when",
    "score",
    "weight",
    "kind",
    "min",
    "label",
    "say",
    "title",
    "ask",
    "answers",
    "expect",
    "scenarios",
    "language",
    "match",
    "all",
    "not",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["no", "unknown", "always", "1", "0x_", "~"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=25,
)


def lint_file(content: bytes) -> tuple[int, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        code = run_lint([str(path)], "json", False, out, err, Environment.read({}))
    return code, json.loads(out.getvalue())


def check(code: int, report: dict[str, Any]) -> None:
    assert code in (0, 1)
    assert report["files"] == 1
    for problem in report["problems"]:
        assert problem["line"] >= 1 and problem["column"] >= 1
        assert problem["code"].startswith("DC")
    if code == 1:
        assert report["problems"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents(document: Any) -> None:
    check(*lint_file(yaml.safe_dump(document, allow_unicode=True).encode()))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(content: bytes) -> None:
    check(*lint_file(content))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_playbooks(data: st.DataObject) -> None:
    text = MINIMAL_PLAYBOOK
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 20)))
    noise = data.draw(st.text(max_size=10))
    check(*lint_file((text[:start] + noise + text[end:]).encode()))
