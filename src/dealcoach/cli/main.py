"""The console script. ``--version`` is answered before anything heavy is imported.

``lint`` in its plain forms (paths, ``--format X``, ``--strict``) skips the typer app,
whose import and set-up cost a CI job a fifth of a small lint run. They are parsed
with argparse; anything it does not take as plain (help, completion, an unknown or
abbreviated option, a missing value) goes to the typer app, which reports it as
documented. Both paths end in the same error handler.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from dataclasses import dataclass


def main() -> None:
    # A closed pipe (`dealcoach lint | head -1`) ends the process quietly, as it does for
    # the other commands of a pipeline, instead of a BrokenPipeError at the next write.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    code = dispatch(sys.argv[1:])
    # The process ends here: spare it the collector's last walk over every object that
    # the imports made (pydantic's and typer's included), a tenth of a small lint run.
    gc.freeze()
    sys.exit(code)


def dispatch(args: list[str]) -> int:
    """Run the command line ``args`` and return its exit code."""
    if not args or args == ["db"]:
        args = [*args, "--help"]  # bare `dealcoach` (or `dealcoach db`): its help, plainly
    if args in (["--version"], ["-V"]):
        from dealcoach import __version__

        sys.stdout.write(f"dealcoach {__version__}\n")
        return 0
    from dealcoach.cli.errors import handled

    plain = None
    if args[:1] == ["lint"] and "_DEALCOACH_COMPLETE" not in os.environ:
        plain = plain_lint(args[1:])
    if plain is not None:
        return handled(plain.run)
    from dealcoach.cli.app import run

    return run(args)


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


class _NotPlain(Exception):
    """The arguments are not a plain form: the typer app takes them."""


def plain_lint(args: list[str]) -> PlainLint | None:
    """The ``lint`` arguments in their plain forms, or None for anything else."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            raise _NotPlain(message)

    parser = Parser(prog="dealcoach lint", add_help=False, allow_abbrev=False)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--format", dest="fmt")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--json", dest="as_json", action="store_true")
    try:
        parsed, rest = parser.parse_known_intermixed_args(args)
    except _NotPlain:
        return None
    repeated = any(args.count(flag) > 1 for flag in ("--strict", "--json"))
    if rest or repeated or sum(a.startswith("--format") for a in args) > 1:
        return None  # something unusual (an unknown or repeated option)
    return PlainLint(list(parsed.paths), parsed.fmt, bool(parsed.strict), bool(parsed.as_json))
