"""Writing what a command prints: whatever the terminal's encoding, and with a clear
one-line error when the output cannot be written (a full device); a closed pipe ends
the process quietly, as it does for every other command of a pipeline."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, TextIO

from dealcoach.core.errors import EXIT_BAD_INPUT, DealcoachError

# Glyphs of the views, and what stands for each where the output cannot encode them.
_ASCII = str.maketrans(
    {
        "█": "#", "░": ".", "▁": "_", "▂": "_", "▃": "-", "▄": "-", "▅": "=", "▆": "=",
        "▇": "#", "▲": "^", "▼": "v", "·": "-", "→": "->", "⛔": "!", "⚠": "!", "•": "*",
        "…": "...", "─": "-", "━": "-", "│": "|", "┃": "|", "╭": "+", "╮": "+", "╰": "+",
        "╯": "+", "┏": "+", "┓": "+", "┗": "+", "┛": "+", "┡": "+", "┩": "+", "╇": "+",
        "┳": "+", "┻": "+", "╋": "+", "┬": "+", "┴": "+", "┼": "+", "└": "+", "┘": "+",
        "┌": "+", "┐": "+", "├": "+", "┤": "+", "┣": "+", "┫": "+",
    }
)  # fmt: skip


class OutputFailed(DealcoachError):
    """The output could not be written (after any session was recorded)."""

    exit_code = EXIT_BAD_INPUT


def encodable(text: str, stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def for_stream(text: str, stream: TextIO) -> str:
    """``text`` as ``stream`` can print it: ASCII bars and borders where its encoding lacks
    them (an ASCII or Latin-1 terminal, a C locale), other characters escaped."""
    if encodable(text, stream):
        return text
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        return text.translate(_ASCII).encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        return text.translate(_ASCII).encode("ascii", "backslashreplace").decode("ascii")


def emit(text: str, stream: TextIO | None = None, *, recorded: bool = False) -> None:
    """Write ``text`` and flush it. A device that refuses it (``/dev/full``) is a one-line
    error that says whether the session was recorded all the same."""
    out = stream or sys.stdout
    try:
        out.write(for_stream(text, out))
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence(out)
        what = exc.strerror or str(exc)
        if recorded:
            raise OutputFailed(
                f"the session was recorded, but its output could not be written ({what}); "
                "see it with `dealcoach show`"
            ) from None
        raise OutputFailed(f"the output could not be written ({what})") from None


def emit_json(text: str, data: Any, *, recorded: bool = False) -> None:
    """JSON text; where the terminal cannot encode it, the same JSON with ``\\u`` escapes."""
    if not encodable(text, sys.stdout):
        from dealcoach.adapters.json_views import dumps

        text = dumps(data, ascii_only=True)
    emit(text, recorded=recorded)


def _silence(stream: TextIO) -> None:
    """Point the stream at /dev/null, so that nothing left in its buffer fails again."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def write_file(path: str, text: str) -> None:
    """Write ``text`` to the file ``path`` whole or not at all: a temporary file beside
    it, flushed to disk, then moved over it (a crash leaves the old file, or none)."""
    import tempfile
    from pathlib import Path

    target = Path(os.path.realpath(path))  # a link: the file it points to is written
    try:
        if target.is_dir():
            raise IsADirectoryError(21, "it is a folder")
        if target.exists() and not target.is_file():
            raise OSError(0, "it is not a regular file (a device, a pipe or a socket)")
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise DealcoachError(
            f"{path}: cannot be written ({exc.strerror or exc}); give --output a file in a "
            "folder you can write"
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            os.chmod(temp, _mode_for(target))
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise DealcoachError(
            f"{path}: cannot be written ({exc.strerror or exc}); nothing was changed"
        ) from None


def _mode_for(target: object) -> int:
    """A new file's permissions as the user's umask gives them; an existing file's kept."""
    try:
        return os.stat(str(target)).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
