"""The playbooks shipped in playbooks/ lint clean, even with --strict."""

from __future__ import annotations

import io

import pytest

from dealcoach.lint import run
from tests.conftest import SHIPPED

PLAYBOOKS = SHIPPED


def test_shipped_playbooks_lint_clean_with_strict() -> None:
    if not PLAYBOOKS.is_dir() or not any(PLAYBOOKS.glob("*.y*ml")):
        pytest.skip("no shipped playbooks yet")
    out, err = io.StringIO(), io.StringIO()
    code = run([str(PLAYBOOKS)], "text", True, out, err)
    assert (code, out.getvalue()) == (0, ""), out.getvalue()
