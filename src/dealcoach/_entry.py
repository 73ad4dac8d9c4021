"""The console script. ``--version`` is answered before anything heavy is imported.

``lint`` in its plain forms (paths, ``--format X``, ``--strict``) also skips the
typer app, whose import and set-up cost a CI job a fifth of a small lint run;
everything else (help, completion, anything unusual) goes through the full CLI.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from dealcoach import __version__

        sys.stdout.write(f"dealcoach {__version__}\n")
        return
    parsed = None
    if args[:1] == ["lint"] and "_DEALCOACH_COMPLETE" not in os.environ:
        parsed = lint_args(args[1:])
    if parsed is not None:
        code = _lint(*parsed)
    else:
        from dealcoach.cli import run

        code = run()
    # The process ends here: spare it the collector's last walk over every object that
    # the imports made (pydantic's and typer's included), a tenth of a small lint run.
    gc.freeze()
    sys.exit(code)


def lint_args(args: list[str]) -> tuple[list[str], str | None, bool] | None:
    """``(paths, format, strict)`` of ``lint`` arguments in their plain forms.

    None for anything else (``--help``, an unknown or repeated option, a missing
    value), which the full CLI then handles and reports exactly as documented.
    """
    paths: list[str] = []
    fmt: str | None = None
    strict = False
    only_paths = False
    i = 0
    while i < len(args):
        arg = args[i]
        if only_paths or arg == "-" or not arg.startswith("-"):
            paths.append(arg)
        elif arg == "--":
            only_paths = True
        elif arg == "--strict":
            strict = True
        elif arg == "--format" and fmt is None and i + 1 < len(args):
            i += 1
            fmt = args[i]
        elif arg.startswith("--format=") and fmt is None:
            fmt = arg.removeprefix("--format=")
        else:
            return None
        i += 1
    return paths, fmt, strict


def _lint(paths: list[str], fmt: str | None, strict: bool) -> int:
    """``dealcoach lint``, with the same error handling as the full CLI (``cli.run``)."""
    from dealcoach.errors import EXIT_INTERRUPTED, DealcoachError
    from dealcoach.lint import run

    try:
        return run(paths, fmt, strict, sys.stdout, sys.stderr)
    except DealcoachError as exc:
        write_error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        write_error("Interrupted.")
        return EXIT_INTERRUPTED


def write_error(message: str) -> None:
    """A user-facing error on stderr, its control characters shown, not executed."""
    from dealcoach.textsafe import safe

    sys.stderr.write("\n".join(safe(line) for line in message.rstrip("\n").split("\n")) + "\n")
