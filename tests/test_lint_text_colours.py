"""The text format: plain when it goes to a file or pipe, coloured by rich in a terminal,
and the same words either way."""

from __future__ import annotations

import io
import re

import pytest

from dealcoach.adapters.lint_formatters import FORMATTERS
from dealcoach.cli.environment import Environment
from tests.test_lint_formatters import RESULT

_STYLE = re.compile(r"\x1b\[[0-9;]*m")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _render(
    out: io.StringIO, err: io.StringIO, environ: dict[str, str] | None = None
) -> tuple[str, str]:
    env = Environment.read(environ or {})
    FORMATTERS["text"](colour=env.colour(out) or env.colour(err)).write(RESULT, out, err)
    return out.getvalue(), err.getvalue()


def test_text_in_a_terminal_has_colours_and_the_same_words() -> None:
    plain = _render(io.StringIO(), io.StringIO())
    coloured = _render(_Terminal(), _Terminal())
    assert "\x1b[" not in plain[0] + plain[1]
    assert "\x1b[" in coloured[0]
    assert tuple(_STYLE.sub("", text) for text in coloured) == plain


def test_no_color_keeps_a_terminal_plain() -> None:
    no_color = {"NO_COLOR": "1"}
    assert _render(_Terminal(), _Terminal(), no_color) == _render(io.StringIO(), io.StringIO())


@pytest.mark.parametrize("setting", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}])
def test_force_color_colours_a_pipe(setting: dict[str, str]) -> None:
    out, _ = _render(io.StringIO(), io.StringIO(), setting)
    assert "\x1b[" in out
