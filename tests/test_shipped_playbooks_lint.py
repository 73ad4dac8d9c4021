"""The playbooks shipped in playbooks/ lint clean, even with --strict."""

from __future__ import annotations

import io

import pytest

from dealcoach.cli.environment import Environment
from dealcoach.cli.lint import run_lint
from tests.conftest import SHIPPED

PLAYBOOKS = SHIPPED


def test_shipped_playbooks_lint_clean_with_strict() -> None:
    if not PLAYBOOKS.is_dir() or not any(PLAYBOOKS.glob("*.y*ml")):
        pytest.skip("no shipped playbooks yet")
    out, err = io.StringIO(), io.StringIO()
    code = run_lint([str(PLAYBOOKS)], "text", True, out, err, Environment.read({}))
    assert (code, out.getvalue()) == (0, ""), out.getvalue()
