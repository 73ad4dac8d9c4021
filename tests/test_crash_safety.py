"""Kill `qualify` processes at random moments: the store stays whole and loses nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

RUNS = 24


@pytest.mark.heavy
def test_sigkill_at_random_moments_never_tears_the_store(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("pain_confirmed: own_words\nicp_fit: {answer: strong, evidence: assumed}\n")
    home = tmp_path / "home"
    env = {**os.environ, "DEALCOACH_HOME": str(home)}
    rng = random.Random(20261122)
    finished: list[str] = []
    killed = 0
    for batch in range(RUNS // 4):
        procs = []
        for n in range(4):
            tag = f"run-{batch}-{n}"
            cmd = [sys.executable, "-m", "dealcoach", "qualify", f"Deal {n % 2}"]
            cmd += ["--answers", str(answers), "--objective", tag, "--json"]
            procs.append(
                (
                    tag,
                    subprocess.Popen(
                        cmd,
                        env=env,
                        cwd=tmp_path,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                    ),
                )
            )
        for tag, proc in procs:
            if rng.random() < 0.5:
                time.sleep(rng.uniform(0.0, 0.8))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    killed += 1
            _, err = proc.communicate(timeout=60)
            if proc.returncode == 0:
                finished.append(tag)
            else:
                assert proc.returncode == -signal.SIGKILL, err.decode()
    assert finished, "no process finished"
    assert killed, "no process was killed"

    db = sqlite3.connect(home / "deals.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT objective, answers, result, score FROM sessions").fetchall()
    finally:
        db.close()
    stored = {row[0] for row in rows}
    assert set(finished) <= stored  # every session whose command exited 0 is there
    for _, answers_json, result_json, score in rows:  # and none is half-written
        result = json.loads(result_json)
        assert json.loads(answers_json)
        assert result["score"] == round(score, 1)
        assert result["deal"]["key"] in {"deal-0", "deal-1"}
