"""`dealcoach lint`, as both the fast path and the typer app run it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TextIO

from dealcoach.cli.environment import Environment
from dealcoach.cli.output import emit
from dealcoach.core.errors import DealcoachError


def run_lint(
    paths: Sequence[str],
    fmt: str | None,
    strict: bool,
    out: TextIO,
    err: TextIO,
    env: Environment,
    *,
    as_json: bool = False,
) -> int:
    """Lint ``paths`` (default ``playbooks/``), write the report, return the exit code.

    0: no errors (and no warnings with ``strict``); 1: problems. A path that does not
    exist, or an unknown format, raises :class:`DealcoachError` (exit code 2). Without
    a format: ``github`` under GitHub Actions, else ``text``.
    """
    from dealcoach.adapters.lint_formatters import FORMATTERS
    from dealcoach.core.lint import lint

    if as_json:
        if fmt not in (None, "json"):
            raise DealcoachError(
                f"dealcoach lint: --json and --format {fmt} ask for two formats; give one"
            )
        fmt = "json"
    name = fmt if fmt is not None else ("github" if env.github_actions else "text")
    formatter = FORMATTERS.get(name)
    if formatter is None:
        raise DealcoachError(
            f"unknown lint format '{name}'; choose one of: {', '.join(FORMATTERS)}"
        )
    result = lint(paths, env.max_bytes, env.memo())
    report, summary = io.StringIO(), io.StringIO()
    formatter(colour=env.colour(out) or env.colour(err)).write(result, report, summary)
    emit(report.getvalue(), out)
    emit(summary.getvalue(), err)
    return result.exit_code(strict)
