"""The shape of the code: the rings of the import contract, and modules kept small."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400


def test_the_import_contract_is_kept() -> None:
    """The core imports no adapter, no cli, no sqlite3, rich, typer, click, questionary
    or prompt_toolkit; adapters import no cli (pyproject.toml, [tool.importlinter])."""
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for path in (REPO / "src" / "dealcoach").rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
