"""The text format: plain when it goes to a file or pipe, coloured by rich in a terminal,
and the same words either way."""

from __future__ import annotations

import io
import re

import pytest

from dealcoach.lint.formatters import FORMATTERS
from tests.test_lint_formatters import RESULT

_STYLE = re.compile(r"\x1b\[[0-9;]*m")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _render(out: io.StringIO, err: io.StringIO) -> tuple[str, str]:
    FORMATTERS["text"]().write(RESULT, out, err)
    return out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


def test_text_in_a_terminal_has_colours_and_the_same_words() -> None:
    plain = _render(io.StringIO(), io.StringIO())
    coloured = _render(_Terminal(), _Terminal())
    assert "\x1b[" not in plain[0] + plain[1]
    assert "\x1b[" in coloured[0]
    assert tuple(_STYLE.sub("", text) for text in coloured) == plain


def test_no_color_keeps_a_terminal_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert _render(_Terminal(), _Terminal()) == _render(io.StringIO(), io.StringIO())


def test_force_color_colours_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    out, _ = _render(io.StringIO(), io.StringIO())
    assert "\x1b[" in out
