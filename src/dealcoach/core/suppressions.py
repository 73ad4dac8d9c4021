"""Inline suppressions: `# dealcoach: disable=DC305,DC306` silences warnings on its line."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from dealcoach.core.diagnostics import Pos, Problem
from dealcoach.core.rules.registry import all_rules, problem
from dealcoach.core.textsafe import quoted

# `# dealcoach: disable=DC305,DC306` in a comment on the offending line.
_SUPPRESS = re.compile(r"(?:^|\s)#\s*dealcoach:\s*disable=([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)")
_CODE = re.compile(r"[A-Za-z0-9_]+")


def _comments(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    if "disable=" not in text:  # no suppression at all: skip the scan of every line
        return
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SUPPRESS.search(line)
        if match:
            yield number, match


def suppressions(text: str) -> dict[int, set[str]]:
    """The codes disabled on each (1-based) line by a `# dealcoach: disable=...` comment."""
    return {
        number: {code.strip().upper() for code in match.group(1).split(",")}
        for number, match in _comments(text)
    }


def unsuppressed(problems: Sequence[Problem], text: str) -> list[Problem]:
    """``problems`` less the warnings disabled on their line; errors are always kept."""
    if not any(p.level == "warning" for p in problems):
        return list(problems)
    disabled = suppressions(text)
    if not disabled:
        return list(problems)
    return [p for p in problems if p.level == "error" or p.code not in disabled.get(p.line, set())]


def unknown_codes(path: str, text: str) -> Iterator[Problem]:
    """A DC007 warning at each code a disable comment names that no rule has."""
    for number, match in _comments(text):
        rules = all_rules()  # here: a file without such comments needs no rule loaded
        for code in _CODE.finditer(match.group(1)):
            if code.group(0).upper() in rules:
                continue
            warnings = ", ".join(c for c, r in rules.items() if r.level == "warning")
            yield problem(
                "DC007",
                path,
                Pos(number, match.start(1) + code.start() + 1),
                f"`disable={quoted(code.group(0))}` names no dealcoach code, so it disables "
                f"nothing; the warnings that can be disabled are {warnings} (docs/rules.md)",
            )
