"""The README's terminal examples, run for real: each ``$ dealcoach ...`` line of a
``console`` block is run, in order, in one fresh folder and deal store, at 80 columns
and a fixed time, and what it prints is the block's text.

``python -m tests.readme_examples`` rewrites README.md with what the commands print
now; the test (tests/test_readme.py) fails when the two differ.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
_BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


@dataclass
class Example:
    command: str
    output: str  # as the README shows it


def examples(text: str) -> Iterator[tuple[int, int, list[Example]]]:
    """Each console block: its span in ``text`` and its commands with their output."""
    for match in _BLOCK.finditer(text):
        found: list[Example] = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                found.append(Example(line[2:], ""))
            elif found:
                found[-1].output += line + "\n"
        yield match.start(1), match.end(1), found


def run(command: str, cwd: Path) -> str:
    """What ``command`` prints in a terminal (stdout and stderr as they interleave)."""
    from dealcoach.cli.main import dispatch
    from dealcoach.core import records

    words = shlex.split(command)
    assert words[0] == "dealcoach", f"the README may only run dealcoach: {command}"
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    buffer = io.StringIO()
    env = {
        "DEALCOACH_HOME": str(cwd / ".home"), "DEALCOACH_USER": "sam", "COLUMNS": "80", "TZ": "UTC",
    }  # fmt: skip
    with (
        mock.patch.dict(os.environ, env),
        mock.patch.object(records, "utcnow", lambda: NOW),
        contextlib.redirect_stdout(buffer),
        contextlib.redirect_stderr(buffer),
    ):
        for name in (
            "GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "DEALCOACH_MAX_FILE_MB",
            "DEALCOACH_DATABASE_URL",
        ):  # fmt: skip
            os.environ.pop(name, None)
        time.tzset()
        old = Path.cwd()
        os.chdir(cwd)
        try:
            dispatch(words[1:])
        finally:
            os.chdir(old)
    printed = buffer.getvalue()
    if target is not None:
        (cwd / target).write_text(printed, encoding="utf-8")
        return ""
    return "".join(line.rstrip() + "\n" for line in printed.splitlines())


def rendered(text: str) -> str:
    """``text`` with every console block's output replaced by what its commands print."""
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        shutil.copytree(REPO / "examples", cwd / "examples")
        parts: list[str] = []
        last = 0
        for start, end, found in examples(text):
            block = "".join(f"$ {ex.command}\n{run(ex.command, cwd)}" for ex in found)
            parts += [text[last:start], block]
            last = end
        parts.append(text[last:])
    return "".join(parts)


def main() -> None:
    README.write_text(rendered(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write("README.md: the examples now show what the commands print\n")


if __name__ == "__main__":
    main()
