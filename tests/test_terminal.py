"""The installed `dealcoach` in a real pseudo-terminal: arrow keys, Ctrl-C, resume."""

from __future__ import annotations

import contextlib
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
    term.expect(r"arrow keys or 1-3, then Enter")  # Assumed, Verified, Back
    term.keys("2", ENTER)  # a number key: verified
    term.expect("Question 2 of 4")
    term.expect("Don't know yet")
    term.keys("1", ENTER)  # Yes
    term.expect("How do you know")
    term.keys(ENTER)  # no default: the cursor starts on "Assumed"
    term.expect("Question 3 of 4")
    term.keys("\x03")
    term.expect("kept as a draft")
    assert term.finish() == 130

    # Second attempt: resume the draft, go back once, and finish.
    term = Terminal(["qualify", "Acme Corp", "--playbook", str(playbook)], env, tmp_path)
    term.expect("Resume your unfinished qualify")
    term.keys("y", ENTER)  # y answers only once Enter is pressed, and the Enter stays here
    term.expect("Question 3 of 4")  # counted on from the draft
    term.expect("Which teams feel it")
    term.keys(DOWN, SPACE, ENTER)  # tick Finance
    term.expect("How do you know")
    term.keys(ENTER)  # assumed
    term.expect("Plain question")
    term.expect("Back to the previous question")
    term.keys("4", ENTER)  # back
    term.expect("Question 3 of 4")
    term.expect("Which teams feel it")
    term.keys(ENTER)  # Finance is still ticked
    term.expect(r"How do you know\? \(last time: assumed\)")
    term.keys("2", ENTER)  # fix the evidence: verified
    term.expect("Plain question")
    term.keys("1", ENTER)  # A
    term.expect("objective")
    term.keys("Convince them to buy", ENTER)
    term.expect("Ask what you need to learn")
    term.expect("Rephrase")
    term.keys("y", ENTER)
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
    assert answers["teams"] == {**answers["teams"], "answer": ["finance"], "evidence": "verified"}
    assert answers["quiet"]["answer"] == "a"

    # After the call: the assumed answer is asked first; verify it.
    term = Terminal(["next-step", "Acme Corp"], env, tmp_path)
    term.expect("First, what the last call was meant to learn")
    term.expect("Did they describe it")
    term.keys(ENTER)  # keeps "Yes", the last answer
    term.expect(r"How do you know\? \(last time: assumed\)")
    term.keys("2", ENTER)  # now verified
    term.expect("Review the other")
    term.keys("n", ENTER)
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


def screen_after(keys: list[str], columns: int, env: dict[str, str], cwd: Path) -> str:
    """What a terminal ``columns`` wide shows after ``keys``, as pyte renders it."""
    pyte = pytest.importorskip("pyte")
    screen = pyte.Screen(columns, 60)
    stream = pyte.Stream(screen)
    child = pexpect.spawn(
        str(DEALCOACH), ["qualify", "Wide"], env={k: v for k, v in env.items() if k != "COLUMNS"},
        cwd=str(cwd), encoding="utf-8", dimensions=(60, columns), timeout=20,
    )  # fmt: skip

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            with contextlib.suppress(pexpect.TIMEOUT):
                stream.feed(child.read_nonblocking(100_000, timeout=0.2))

    for key in keys:
        pump(0.8)
        child.send(key)
    pump(1.5)
    child.terminate(force=True)
    return "\n".join(line.rstrip() for line in screen.display)


@pytest.mark.skipif(not DEALCOACH.exists(), reason="dealcoach is not installed in this venv")
@pytest.mark.heavy
@pytest.mark.parametrize("columns", [60, 80])
def test_prompts_wrap_at_words_and_lose_nothing(
    env: dict[str, str], tmp_path: Path, columns: int
) -> None:
    from dealcoach.core.catalog import shipped_dir
    from dealcoach.core.loading import load_playbook

    playbook = load_playbook(str(shipped_dir() / "customer-first.yaml")).playbook
    assert playbook is not None
    question = playbook.questions[2]  # the first one with options
    shown = screen_after(["words", ENTER, ENTER], columns, env, tmp_path)
    assert max(len(line) for line in shown.splitlines()) <= columns
    flat = " ".join(shown.split())
    assert question.ask in flat  # whole, broken only between words
    for number, option in enumerate(question.options, start=1):
        assert f"{number}) {option.label}" in flat
    assert "arrow keys or 1-" in flat  # number keys pick options, and the hint says so
