"""The pre-commit hook this repository provides."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import REPO as ROOT


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "dealcoach-lint"]
    return dict(hook)


def test_hook_runs_dealcoach_lint() -> None:
    hook = _hook()
    assert hook["entry"] == "dealcoach lint"
    assert hook["language"] == "python"
    assert hook["name"]


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("playbooks/x.yaml", True),
        ("playbooks/x.yml", True),
        ("playbooks/team/x.yaml", True),
        ("sales/playbooks/x.yaml", True),
        ("src/x.py", False),
        ("playbooks/x.py", False),
        ("playbooks/x.yaml.bak", False),
        ("not-playbooks/x.yaml", False),
        (".pre-commit-config.yaml", False),
    ],
)
def test_hook_files_pattern(path: str, matches: bool) -> None:
    # pre-commit matches `files` with re.search against the path from the repository root.
    assert bool(re.search(str(_hook()["files"]), path)) is matches
