"""``--help``, remembered: the help of a command is the same for every run of one build
of dealcoach at one terminal width, so it is rendered by the typer app once and then
printed from the cache folder, without importing typer (see
:mod:`dealcoach.adapters.file_cache`)."""

from __future__ import annotations

import contextlib
import io
import os
import sys

from dealcoach.cli.environment import Environment
from dealcoach.core.errors import DealcoachError
from dealcoach.core.memo import Memo, NoMemo, memo_key


def run_help(args: list[str]) -> int:
    """Print the help that ``args`` (``[COMMAND...] --help``) ask for, from the cache
    when it is there."""
    memo: Memo
    try:
        memo = Environment.read().memo()
    except DealcoachError:  # a bad setting, a vanished folder: help is printed anyway
        memo = NoMemo()
    key = memo_key("help", _columns(), *args)
    kept = memo.get(key)
    if isinstance(kept, str):
        sys.stdout.write(kept)
        return 0
    from dealcoach.cli.app import run

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = run(args)
    sys.stdout.write(printed.getvalue())
    if code == 0:
        memo.put(key, printed.getvalue())
    return code


def _columns() -> int:
    """The terminal width the help is wrapped to, found as click finds it (through
    :func:`shutil.get_terminal_size`, which costs more to import than this)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80
