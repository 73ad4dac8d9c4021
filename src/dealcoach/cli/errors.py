"""The one error handler: every error a user can cause becomes a short message and an
exit code (CLI.md), for the fast ``lint`` path and the typer app alike."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from dealcoach.core.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, DealcoachError
from dealcoach.core.textsafe import one_line, safe


class Exit(Exception):
    """Ends the command with ``code``; what there was to say is said."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def write_error(message: str) -> None:
    """A user-facing error on stderr, its control characters shown, not executed."""
    sys.stderr.write("\n".join(safe(line) for line in message.rstrip("\n").split("\n")) + "\n")


def handled(action: Callable[[], int | None], command: str = "dealcoach") -> int:
    """Run ``action`` and return its exit code; errors end here, never as a traceback.

    ``command`` names the command a usage error belongs to when the parser cannot say.
    """
    try:
        result = action()
    except DealcoachError as exc:
        write_error(exc.message)
        return exc.exit_code
    except Exit as exc:
        return exc.code
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a prompt
        write_error("Interrupted.")
        return EXIT_INTERRUPTED
    except Exception as exc:
        code = _usage_error(exc, command)
        if code is None:
            raise
        return code
    return result if isinstance(result, int) else 0


def _usage_error(exc: Exception, fallback: str) -> int | None:
    """The exit code of an error of the command-line parser (typer's), once reported.

    typer is only looked at when it was imported: the fast ``lint`` path never does.
    """
    typer_errors = sys.modules.get("typer.exceptions")
    if typer_errors is None:
        return None
    if isinstance(exc, typer_errors.Abort):
        write_error("Interrupted.")
        return EXIT_INTERRUPTED
    if isinstance(exc, typer_errors.TyperException):
        context = getattr(exc, "ctx", None)
        command = context.command_path if context is not None else fallback
        message = exc.format_message().rstrip(".")
        deal = (getattr(context, "params", None) or {}).get("deal")
        extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", message)
        if deal and extra:
            whole = f"{deal} {extra.group(1)}"
            write_error(
                f"{command}: a deal's name with spaces goes in quotes: "
                f'{command} "{one_line(whole)}"'
            )
            return EXIT_BAD_INPUT
        write_error(f"{command}: {message}; see `{command} --help`")
        return EXIT_BAD_INPUT
    return None
