"""The real terminal prompter: questionary for questions, rich for the words around them."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from typing import Any

import questionary
from rich.console import Console
from rich.text import Text

from dealcoach.adapters.interview import BACK, Choice
from dealcoach.core.textsafe import safe


class TerminalPrompter:
    """A :class:`dealcoach.interview.Prompter` for a real terminal.

    ``unsafe_ask`` lets Ctrl-C raise KeyboardInterrupt, which is what keeps a draft.
    """

    def __init__(self, console: Console, *, to_stderr: bool = False) -> None:
        self.console = console
        # With --json (or stdout redirected), stdout holds the result alone: ask on stderr.
        self.extra: dict[str, Any] = {}
        if to_stderr:
            from prompt_toolkit.output import create_output

            self.extra["output"] = create_output(stdout=sys.stderr)

    def say(self, text: str, style: str = "") -> None:
        self.console.print(Text(safe(text), style=style))

    # What questionary draws before a message and before a choice's title.
    _QMARK = 2  # "? "
    _SELECT_INDENT = 6  # " » " and the shortcut "1) "
    _CHECKBOX_INDENT = 5  # " » " and the box "○ "

    def _wrap(self, text: str, indent: int, room: int = 0) -> str:
        """``text`` wrapped at words to the terminal, its lines after the first indented
        by ``indent``; the last line leaves ``room`` for what follows it (the hint)."""
        width = max(self.console.width - 1, 20)
        lines = textwrap.wrap(safe(text), width - indent, break_on_hyphens=False) or [""]
        if room and len(lines[-1]) + indent + room > width:
            lines.append("")
        return ("\n" + " " * indent).join(lines)

    def _message(self, message: str, hint: str = "") -> str:
        return self._wrap(message, self._QMARK, room=len(hint) + 2)

    def select(self, message: str, choices: Sequence[Choice], default: str | None) -> str:
        values = [c.value for c in choices]
        shortcuts = len(choices) <= 9
        hint = (
            f"(arrow keys or 1-{len(choices)}, then Enter)" if shortcuts else "(arrow keys, Enter)"
        )
        items = [
            questionary.Choice(self._wrap(c.title, self._SELECT_INDENT), value=c.value)
            for c in choices
        ]
        answer = questionary.select(
            self._message(message, hint),
            choices=items,
            default=default if default in values else None,
            instruction=hint,
            use_shortcuts=shortcuts,
            use_jk_keys=not shortcuts,
            **self.extra,
        ).unsafe_ask()
        return str(answer)

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[str]
    ) -> list[str]:
        items = [
            questionary.Choice(
                self._wrap(c.title, self._CHECKBOX_INDENT),
                value=c.value,
                checked=c.value in checked,
            )
            for c in choices
        ]
        alone = {"unknown": 'Pick options, or "Don\'t know yet" alone', BACK: '"Back" goes alone'}

        def valid(picked: list[str]) -> bool | str:
            for value, why in alone.items():
                if value in picked and len(picked) > 1:
                    return why
            return True

        hint = "(Space to tick, Enter when done; nothing ticked: don't know yet)"
        answer = questionary.checkbox(
            self._message(message, hint),
            choices=items,
            validate=valid,
            instruction=hint,
            **self.extra,
        ).unsafe_ask()
        return [str(a) for a in answer]

    def text(self, message: str, default: str = "") -> str:
        # The answer goes on a line of its own, so that it wraps with the terminal alone.
        prompt = self._message(message) + "\n "
        return str(questionary.text(prompt, default=default, **self.extra).unsafe_ask())

    def confirm(self, message: str, default: bool = True) -> bool:
        # Only Enter answers: a "y" typed and then Enter must not answer the next prompt.
        answer = questionary.confirm(
            self._message(message, "(Y/n)"), default=default, auto_enter=False, **self.extra
        ).unsafe_ask()
        return bool(answer)
