"""Reading a file as text: refused when too big, binary, or not UTF-8."""

from __future__ import annotations

import os
import stat

from dealcoach.core.diagnostics import WHOLE_FILE, Pos, Problem
from dealcoach.core.limits import DEFAULT_MAX_BYTES
from dealcoach.core.rules.registry import problem


class LoadError(Exception):
    """The file could not be turned into data at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file as UTF-8 text, refusing what is too big, binary or mis-encoded, and
    anything that is not a regular file (a FIFO would block forever), before reading it."""
    return decode(path, read_bytes(path, max_bytes))


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A regular file's bytes, refused when it is bigger than ``max_bytes``."""
    limit = max_bytes
    try:
        # Opened without blocking, then checked: a FIFO is refused, never waited on.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise fatal(path, WHOLE_FILE, "DC001", "is a folder, not a file") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise fatal(path, WHOLE_FILE, "DC001", f"cannot be read: {reason}") from None
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        if stat.S_ISDIR(kind):
            raise fatal(path, WHOLE_FILE, "DC001", "is a folder, not a file")
        raise fatal(
            path,
            WHOLE_FILE,
            "DC001",
            "is not a regular file (a pipe, a device or a socket); give a file",
        )
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise fatal(path, WHOLE_FILE, "DC001", f"cannot be read: {exc.strerror}") from None
    if len(data) > limit:
        raise fatal(
            path,
            WHOLE_FILE,
            "DC001",
            f"is larger than the {limit / (1024 * 1024):g} MB limit; "
            "split it, or raise DEALCOACH_MAX_FILE_MB",
        )
    return data


def decode(path: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fatal(path, WHOLE_FILE, "DC001", "is UTF-16 text; save it as UTF-8")
    if b"\x00" in data:
        nul = data.index(b"\x00")
        raise fatal(
            path, _pos_of_offset(data, nul), "DC001", "holds a NUL byte: it looks binary, not YAML"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fatal(
            path,
            _pos_of_offset(data, exc.start),
            "DC001",
            "is not valid UTF-8 text; save it as UTF-8",
        ) from None
    return text


def _pos_of_offset(data: bytes, offset: int) -> Pos:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return Pos(line, offset - start + 1)


def fatal(path: str, pos: Pos | None, code: str, message: str) -> LoadError:
    """The error of a file that cannot be read or parsed at all."""
    return LoadError(problem(code, path, pos, message))
