"""The real terminal prompter: questionary for questions, rich for the words around them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import questionary
from rich.console import Console
from rich.text import Text

from dealcoach.adapters.interview import Choice
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

    @staticmethod
    def _choices(choices: Sequence[Choice]) -> list[Any]:
        return [questionary.Choice(safe(c.title), value=c.value) for c in choices]

    def select(self, message: str, choices: Sequence[Choice], default: str | None) -> str:
        values = [c.value for c in choices]
        answer = questionary.select(
            safe(message),
            choices=self._choices(choices),
            default=default if default in values else None,
            instruction="(arrow keys, Enter)",
            **self.extra,
        ).unsafe_ask()
        return str(answer)

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[str]
    ) -> list[str]:
        items = [
            questionary.Choice(safe(c.title), value=c.value, checked=c.value in checked)
            for c in choices
        ]

        def valid(picked: list[str]) -> bool | str:
            if "unknown" in picked and len(picked) > 1:
                return 'Pick options, or "Don\'t know yet" alone'
            return True

        answer = questionary.checkbox(
            safe(message),
            choices=items,
            validate=valid,
            instruction="(Space to tick, Enter when done; nothing ticked: don't know yet)",
            **self.extra,
        ).unsafe_ask()
        return [str(a) for a in answer]

    def text(self, message: str, default: str = "") -> str:
        return str(questionary.text(safe(message), default=default, **self.extra).unsafe_ask())

    def confirm(self, message: str, default: bool = True) -> bool:
        return bool(questionary.confirm(safe(message), default=default, **self.extra).unsafe_ask())
