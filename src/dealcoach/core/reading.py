"""Reading a file as text: refused when too big, binary, or not UTF-8."""

from __future__ import annotations

from dealcoach.core.diagnostics import START, Pos, Problem
from dealcoach.core.limits import DEFAULT_MAX_BYTES
from dealcoach.core.rules.registry import problem


class LoadError(Exception):
    """The file could not be turned into data at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file as UTF-8 text, refusing what is too big, binary or mis-encoded."""
    limit = max_bytes
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise fatal(path, START, "DC001", "is a folder, not a file") from None
    except OSError as exc:
        raise fatal(path, START, "DC001", f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise fatal(
            path,
            START,
            "DC001",
            f"is larger than the {limit // (1024 * 1024)} MB limit; "
            "split it, or raise DEALCOACH_MAX_FILE_MB",
        )
    return decode(path, data)


def decode(path: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fatal(path, START, "DC001", "is UTF-16 text; save it as UTF-8")
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


def fatal(path: str, pos: Pos, code: str, message: str) -> LoadError:
    """The error of a file that cannot be read or parsed at all."""
    return LoadError(problem(code, path, pos, message))
