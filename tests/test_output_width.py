"""Human output fits narrow terminals; shell completion offers deal names."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealcoach.cli.app import _complete_deal
from tests.conftest import REPO, RunCli

EXAMPLES = REPO / "examples"


@pytest.mark.parametrize("columns", [50, 80, 120])
def test_every_line_fits_the_terminal(columns: int, run_cli: RunCli) -> None:
    env = {"COLUMNS": str(columns)}
    first = run_cli(
        "qualify", "Acme Corp", "--answers", str(EXAMPLES / "acme-first-call.yaml"), env=env
    )
    later = run_cli(
        "next-step", "Acme Corp", "--answers", str(EXAMPLES / "acme-after-call.yaml"), env=env
    )
    pipeline = run_cli("deals", env=env)
    for out in (first, later, pipeline):
        assert out.returncode == 0, out.stderr
        assert "\x1b" not in out.stdout
        widest = max(len(line) for line in out.stdout.splitlines())
        assert widest <= columns


def test_completion_offers_deal_names(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Acme Corp", "Acme Renewal", "Globex"):
        out = run_cli("qualify", name, "--answers", str(EXAMPLES / "acme-first-call.yaml"))
        assert out.returncode == 0, out.stderr
    monkeypatch.setenv("DEALCOACH_HOME", str(tmp_path / "home"))
    assert sorted(_complete_deal("acme")) == ["Acme Corp", "Acme Renewal"]
    assert _complete_deal("G") == ["Globex"]
    assert len(_complete_deal("")) == 3
