"""Shared fixtures: a minimal playbook, a file writer and the real CLI as a subprocess."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "playbooks"
# Bad and good playbooks for `dealcoach lint`, each declaring what it must produce.
LINT_CASES = REPO / "tests" / "lint_cases"

# A small, valid playbook: two dimensions, one/many/text questions, a gate, two next steps.
MINIMAL_PLAYBOOK = """\
dealcoach: 1
id: mini
name: Minimal playbook
version: "2.1"
dimensions:
  - id: pain
    name: Pain
    weight: 3
    questions:
      - id: words
        kind: text
        evidence: false
        ask: In their words?
        learn: I need to hear it in their words.
      - id: confirmed
        weight: 2
        ask: Confirmed?
        learn: I need to find out whether the pain is confirmed.
        options:
          - {id: own_words, label: Own words, score: 3}
          - {id: agreed, label: Agreed, score: 1}
          - {id: "no", label: "No", score: 0}
      - id: spread
        kind: many
        ask: Where?
        learn: I need to find out where it hurts.
        options:
          - {id: ops, label: Ops, score: 1}
          - {id: sales, label: Sales, score: 2}
  - id: fit
    name: Fit
    questions:
      - id: icp
        evidence: false
        ask: Fit?
        learn: I need to check the fit.
        options:
          - {id: strong, label: Strong, score: 2}
          - {id: poor, label: Poor, score: 0}
bands:
  - {id: top, min: 60, label: Top}
  - {id: mid, min: 30, label: Middle}
  - {id: low, min: 0, label: Low}
gates:
  - id: poor-fit
    when: {answer: icp, is: poor}
    cap: low
    reason: Poor fit.
next_steps:
  - id: confirm
    when: {answer: confirmed, in: ["no", unknown]}
    title: Confirm the pain
    say: "You said: {answers.words}"
  - id: keep-going
    title: Keep going
    say: Let's keep going.
"""


def pytest_configure(config: pytest.Config) -> None:
    # Times are shown in the local time zone: the tests' is UTC, wherever they run.
    os.environ["TZ"] = "UTC"
    time.tzset()
    config.addinivalue_line(
        "markers",
        "heavy: a test of several seconds (real processes, a terminal, a wheel build); "
        "it runs by default, `-m 'not heavy'` leaves it out",
    )


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def cli_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in _UNSET:
        env.pop(name, None)
    env.update(_settings(home))
    return env


# Settings a developer's shell may have that would change what the commands print.
_UNSET = (
    "GITHUB_ACTIONS", "DEALCOACH_MAX_FILE_MB", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE",
    "DEALCOACH_DATABASE_URL",
)  # fmt: skip


def _settings(home: Path) -> dict[str, str]:
    return {
        "DEALCOACH_HOME": str(home),
        "DEALCOACH_USER": "sam",
        "COLUMNS": "200",
        "PYTHONIOENCODING": "utf-8",
    }


@dataclass(frozen=True)
class Result:
    """What a command did: its exit code and what it wrote (as subprocess.run gives it)."""

    returncode: int
    stdout: str
    stderr: str


RunCli = Callable[..., Result]


def succeeds(run: RunCli, *args: str) -> str:
    """What ``run(*args)`` printed, having exited 0."""
    done = run(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def refused(run: RunCli, *args: str) -> str:
    """The error ``run(*args)`` gave: exit 2, one or two lines, no traceback."""
    done = run(*args)
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) <= 2
    return done.stderr


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run ``dealcoach ARGS`` in this process, as the console script does (fast paths
    included), in tmp_path with DEALCOACH_HOME=tmp_path/home and no terminal.

    The cwd has no ``playbooks/`` folder, so the shipped playbooks are used.
    """
    home = tmp_path / "home"

    def _run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        from dealcoach.cli.main import dispatch

        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            for name in _UNSET:
                patch.delenv(name, raising=False)
            for name, value in {**_settings(home), **(env or {})}.items():
                patch.setenv(name, value)
            patch.chdir(cwd or tmp_path)
            patch.setattr(sys, "stdin", io.StringIO(""))
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = dispatch(list(args))
        return Result(code, out.getvalue(), err.getvalue())

    return _run


RunProcess = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_process(tmp_path: Path) -> RunProcess:
    """Run ``python -m dealcoach ARGS`` as a subprocess, in tmp_path, with
    DEALCOACH_HOME=tmp_path/home: for what only a real process shows (the console
    script, stdin, signals, time limits)."""
    home = tmp_path / "home"

    def _run(
        *args: str,
        stdin: Any = subprocess.DEVNULL,
        input: str | None = None,
        timeout: float = 60,
        exe: list[str] | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        command = [*(exe or [sys.executable, "-m", "dealcoach"]), *args]
        return subprocess.run(
            command,
            cwd=cwd or tmp_path,
            env={**cli_env(home), **(env or {})},
            stdin=None if input is not None else stdin,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )

    return _run


class Clock:
    """The records' clock, set by a test: ``clock.at("2026-11-01")``, ``clock.advance(days=3)``."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def at(self, when: str) -> None:
        self.now = datetime.fromisoformat(when).replace(tzinfo=UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Time stands still at 2026-11-02 09:30 UTC until the test moves it."""
    from dealcoach.core import records

    fixed = Clock(datetime(2026, 11, 2, 9, 30, tzinfo=UTC))
    monkeypatch.setattr(records, "utcnow", lambda: fixed.now)
    return fixed


pytest_plugins = ["tests.pg"]  # PostgreSQL: a database of the run's own
