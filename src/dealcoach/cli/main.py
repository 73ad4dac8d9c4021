"""The console script. ``--version`` is answered before anything is imported.

The plain forms of ``lint``, ``qualify``, ``next-step`` and ``show`` skip the typer app
(:mod:`dealcoach.cli.plain`); everything else goes to it. Both paths end in the same
error handler.
"""

from __future__ import annotations

import gc
import os
import sys

VERSION = (["--version"], ["-V"])


def main() -> None:
    args = sys.argv[1:]
    if args not in VERSION:  # the version alone imports nothing, not even signal
        import signal

        # A closed pipe (`dealcoach lint | head -1`) ends the process quietly, as it does
        # for the other commands of a pipeline, instead of a BrokenPipeError at the next
        # write.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    code = dispatch(args)
    # The process ends here: spare it the collector's last walk over every object that
    # the imports made (pydantic's and typer's included), a tenth of a small lint run.
    gc.freeze()
    sys.exit(code)


def dispatch(args: list[str]) -> int:
    """Run the command line ``args`` and return its exit code."""
    if not args or args == ["db"]:
        args = [*args, "--help"]  # bare `dealcoach` (or `dealcoach db`): its help, plainly
    if args in VERSION:
        from dealcoach import __version__

        sys.stdout.write(f"dealcoach {__version__}\n")
        return 0
    from dealcoach.cli.errors import handled

    if "_DEALCOACH_COMPLETE" not in os.environ:
        if args[-1] in ("--help", "-h") and not any(a.startswith("-") for a in args[:-1]):
            from dealcoach.cli.help_text import run_help

            return handled(lambda: run_help(args))
        from dealcoach.cli.plain import plain

        fast = plain(args)
        if fast is not None:
            return handled(fast.run, f"dealcoach {args[0]}")
    from dealcoach.cli.app import run

    return run(args)


def __getattr__(name: str) -> object:
    """``PlainLint`` and ``plain_lint``, where they were before they had a module."""
    if name in ("PlainLint", "plain_lint"):
        from dealcoach.cli import plain

        return getattr(plain, name)
    raise AttributeError(name)
