"""The plain forms of the commands run many times a day, parsed without the typer app.

Importing and setting up typer costs more than a small ``lint`` or a ``show`` does its
job, so ``lint`` (paths, ``--format X``, ``--strict``, ``--json``) and ``qualify``,
``next-step`` and ``show`` (one deal and their documented options) are parsed here.
Anything else (help, completion, an unknown, abbreviated or repeated option, a missing
value, a value or a deal that starts with ``-``, ``--``, no deal or two) goes to the
typer app, which reports it as documented. Both paths run the same command functions
and end in the same error handler.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PlainLint:
    """``dealcoach lint`` with plain arguments."""

    paths: list[str]
    fmt: str | None
    strict: bool
    as_json: bool = False

    def run(self) -> int:
        from dealcoach.cli.environment import Environment
        from dealcoach.cli.lint import run_lint

        return run_lint(
            self.paths,
            self.fmt,
            self.strict,
            sys.stdout,
            sys.stderr,
            Environment.read(),
            as_json=self.as_json,
        )


LINT_OPTIONS = {
    "--format": ("fmt", True),
    "--strict": ("strict", False),
    "--json": ("as_json", False),
}


def plain_lint(args: list[str]) -> PlainLint | None:
    """The ``lint`` arguments in their plain forms, or None for anything else."""
    parsed = _parsed(args, LINT_OPTIONS, paths=True)
    if parsed is None:
        return None
    paths, options = parsed
    fmt = options.get("fmt")
    return PlainLint(
        paths,
        fmt if isinstance(fmt, str) else None,
        bool(options.get("strict")),
        bool(options.get("as_json")),
    )


# The options of each deal command: option -> (keyword, takes a value).
DEAL_OPTIONS: dict[str, dict[str, tuple[str, bool]]] = {
    "qualify": {
        "--playbook": ("playbook", True),
        "--answers": ("answers", True),
        "--objective": ("objective", True),
        "--json": ("as_json", False),
        "--say": ("say", False),
        "--owner": ("owner", True),
        "--stage": ("stage", True),
    },
    "next-step": {
        "--answers": ("answers", True),
        "--note": ("note", True),
        "--json": ("as_json", False),
        "--say": ("say", False),
    },
    "show": {
        "--json": ("as_json", False),
        "--say": ("say", False),
        "--as": ("framework", True),
    },
}


@dataclass(frozen=True, slots=True)
class PlainDeal:
    """``qualify``, ``next-step`` or ``show`` on one deal, with plain options."""

    command: str
    deal: str
    options: dict[str, str | bool] = field(default_factory=dict)

    def run(self) -> int:
        from dealcoach.cli import deal_commands

        action = getattr(deal_commands, self.command.replace("-", "_"))
        action(self.deal, **self.options)
        return 0


def plain_deal(command: str, args: list[str]) -> PlainDeal | None:
    """``command``'s arguments in their plain forms, or None for anything else."""
    parsed = _parsed(args, DEAL_OPTIONS[command], paths=False)
    if parsed is None or len(parsed[0]) != 1:
        return None  # no deal, or a name in two words without quotes
    return PlainDeal(command, parsed[0][0], parsed[1])


def _parsed(
    args: list[str], known: dict[str, tuple[str, bool]], *, paths: bool
) -> tuple[list[str], dict[str, str | bool]] | None:
    """The positional arguments and the options of ``args``; None for anything that is
    not plain. Where the positionals are ``paths``, ``-`` is one and ``--`` ends the
    options."""
    positional: list[str] = []
    options: dict[str, str | bool] = {}
    rest = iter(args)
    for arg in rest:
        if paths and arg == "--":
            positional.extend(rest)
            break
        if not arg.startswith("-") or (paths and arg == "-"):
            positional.append(arg)
            continue
        name, equals, value = arg.partition("=")
        keyword, takes_value = known.get(name, ("", False))
        if not keyword or keyword in options or (equals and not takes_value):
            return None  # unknown, repeated, or a value given to a flag
        if takes_value and not equals:
            value = next(rest, "-")
            if value.startswith("-"):
                return None  # missing, or one the typer app may read differently
        options[keyword] = value if takes_value else True
    return positional, options


def plain(args: list[str]) -> PlainLint | PlainDeal | None:
    """The command line ``args`` as a plain form, or None when the typer app takes it."""
    command, rest = (args[0], args[1:]) if args else ("", [])
    if command == "lint":
        return plain_lint(rest)
    if command in DEAL_OPTIONS:
        return plain_deal(command, rest)
    return None
