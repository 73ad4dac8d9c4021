"""The installed `dealcoach` in a real pseudo-terminal: arrow keys, Ctrl-C, resume."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_interview import PLAYBOOK

pexpect = pytest.importorskip("pexpect")

DEALCOACH = Path(sys.executable).parent / "dealcoach"
UP, DOWN, ENTER, SPACE = "\x1b[A", "\x1b[B", "\r", " "


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DEALCOACH_HOME": str(tmp_path / "home"),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
    }


class Terminal:
    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.child = pexpect.spawn(
            str(DEALCOACH),
            args,
            env=env,
            cwd=str(cwd),
            encoding="utf-8",
            timeout=20,
            dimensions=(50, 120),
        )

    def expect(self, pattern: str) -> None:
        self.child.expect(pattern)

    def keys(self, *keys: str) -> None:
        # prompt_toolkit drops keys typed before a prompt is drawn: pace them.
        for key in keys:
            time.sleep(0.25)
            self.child.send(key)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def show(env: dict[str, str], deal: str) -> dict[str, object]:
    out = subprocess.run(
        [str(DEALCOACH), "show", deal, "--json"], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout))


@pytest.mark.skipif(not DEALCOACH.exists(), reason="dealcoach is not installed in this venv")
@pytest.mark.heavy
def test_qualify_interrupt_resume_and_next_step(env: dict[str, str], tmp_path: Path) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)

    # First attempt: two questions, then Ctrl-C.
    term = Terminal(["qualify", "Acme Corp", "--playbook", str(playbook)], env, tmp_path)
    term.expect("Question 1 of 4")
    term.expect("How do they put it")
    term.keys("Closing the books takes days", ENTER)
    term.expect("How do you know")
    term.keys(ENTER)  # verified
    term.expect("Question 2 of 4")
    term.expect("Don't know yet")
    term.keys(UP, UP, ENTER)  # from "Don't know yet" up to "Yes"
    term.expect("How do you know")
    term.keys(DOWN, ENTER)  # assumed
    term.expect("Question 3 of 4")
    term.keys("\x03")
    term.expect("kept as a draft")
    assert term.finish() == 130

    # Second attempt: resume the draft and finish.
    term = Terminal(["qualify", "Acme Corp", "--playbook", str(playbook)], env, tmp_path)
    term.expect("Resume your unfinished qualify")
    term.keys("y")
    term.expect("Which teams feel it")
    term.keys(DOWN, SPACE, ENTER)  # tick Finance, untick nothing else
    term.expect("Finance")
    term.expect("How do you know")
    term.keys(ENTER)
    term.expect("Plain question")
    term.keys(UP, UP, ENTER)  # A
    term.expect("objective")
    term.keys("Convince them to buy", ENTER)
    term.expect("Ask what you need to learn")
    term.expect("Rephrase")
    term.keys("y")
    term.expect("Your objective")
    term.keys("\x15I need to understand their close process", ENTER)  # Ctrl-U clears
    term.expect("Next step")
    assert term.finish() == 0

    deal = show(env, "Acme Corp")
    sessions = deal["sessions"]
    assert isinstance(sessions, list) and len(sessions) == 1
    assert sessions[0]["objective"] == "I need to understand their close process"
    answers = {a["question"]: a for a in deal["answers"]}  # type: ignore[union-attr]
    assert answers["words"]["answer"] == "Closing the books takes days"
    assert answers["confirmed"] == {**answers["confirmed"], "answer": "yes", "evidence": "assumed"}
    assert answers["teams"]["answer"] == ["finance"]
    assert answers["quiet"]["answer"] == "a"

    # After the call: the assumed answer is asked first; verify it.
    term = Terminal(["next-step", "Acme Corp"], env, tmp_path)
    term.expect("First, what the last call was meant to learn")
    term.expect("Did they describe it")
    term.keys(ENTER)  # keeps "Yes", the last answer
    term.expect("How do you know")
    term.expect("Assumed")
    term.keys(UP, ENTER)  # now verified
    term.expect("Review the other")
    term.keys("n")
    term.expect("note")
    term.keys("CFO joined the call", ENTER)
    term.expect("What changed since the last session")
    assert term.finish() == 0

    deal = show(env, "Acme Corp")
    sessions = deal["sessions"]
    assert isinstance(sessions, list) and len(sessions) == 2
    assert sessions[1]["command"] == "next-step"
    assert sessions[1]["note"] == "CFO joined the call"
    answers = {a["question"]: a for a in deal["answers"]}  # type: ignore[union-attr]
    assert answers["confirmed"]["evidence"] == "verified"
    assert answers["teams"]["answer"] == ["finance"]  # kept from the last session


@pytest.mark.skipif(not DEALCOACH.exists(), reason="dealcoach is not installed in this venv")
@pytest.mark.heavy
def test_interactive_json_keeps_stdout_for_the_json(env: dict[str, str], tmp_path: Path) -> None:
    playbook = tmp_path / "tiny.yaml"
    playbook.write_text(PLAYBOOK)
    out = tmp_path / "out.json"
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f'"{DEALCOACH}" qualify J --playbook "{playbook}" --json > "{out}"'],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=20,
    )
    term = Terminal.__new__(Terminal)
    term.child = child
    for _ in range(4):  # every question: don't know yet
        term.expect(r"Question \d of 4")
        term.keys(ENTER)
    term.expect("objective")
    term.keys(ENTER)
    assert term.finish() == 0
    result = json.loads(out.read_text())
    assert result["deal"]["name"] == "J" and result["score"] == 0.0


@pytest.mark.skipif(not DEALCOACH.exists(), reason="dealcoach is not installed in this venv")
@pytest.mark.heavy
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_the_interview_restores_the_terminal_and_keeps_the_draft(
    env: dict[str, str], tmp_path: Path, signal_name: str
) -> None:
    import signal

    (tmp_path / "tiny.yaml").write_text(PLAYBOOK)
    script = f"{DEALCOACH} qualify Acme --playbook tiny.yaml; echo RC=$?; stty -a"
    shell = pexpect.spawn(
        "bash", ["--norc", "-c", script], env=env, cwd=str(tmp_path), encoding="utf-8",
        timeout=20, dimensions=(50, 120),
    )  # fmt: skip
    shell.expect("How do they put it")
    time.sleep(0.3)
    shell.send("It hurts\r")
    shell.expect("How do you know")
    time.sleep(0.3)
    pid = subprocess.run(  # the shell's child: dealcoach
        ["pgrep", "-P", str(shell.pid)], capture_output=True, text=True
    ).stdout.split()
    assert pid, "the dealcoach process"
    os.kill(int(pid[0]), getattr(signal, signal_name))
    shell.expect(r"RC=(\d+)")
    assert shell.match.group(1) == "130"
    shell.expect(pexpect.EOF)
    modes = shell.before
    assert " icanon" in modes and " echo" in modes, modes  # the terminal is cooked again
    assert "-icanon" not in modes
    store = subprocess.run(
        [sys.executable, "-c", "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]);"
         "print(db.execute('select count(*) from drafts').fetchone()[0])",
         str(tmp_path / "home" / "deals.sqlite3")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert store.stdout.strip() == "1", store.stderr  # the answer given is kept in a draft
