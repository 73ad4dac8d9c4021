"""`dealcoach lint`: check playbook files and run their scenarios, for people and for CI."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from dealcoach.errors import DealcoachError
from dealcoach.lint.formatters import FORMATTERS
from dealcoach.lint.runner import LintResult, lint

__all__ = ["FORMATTERS", "LintResult", "default_format", "lint", "run"]


def default_format(environ: Mapping[str, str] | None = None) -> str:
    """``github`` under GitHub Actions (``GITHUB_ACTIONS=true``), else ``text``."""
    env = os.environ if environ is None else environ
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def run(
    paths: Sequence[str],
    fmt: str | None,
    strict: bool,
    out: TextIO,
    err: TextIO,
) -> int:
    """Lint ``paths`` (default ``playbooks/``), write the report, return the exit code.

    0: no errors (and no warnings with ``strict``); 1: problems. A path that does
    not exist, or an unknown format, raises :class:`DealcoachError` (exit code 2).
    """
    name = fmt or default_format()
    formatter = FORMATTERS.get(name)
    if formatter is None:
        raise DealcoachError(
            f"unknown lint format '{name}'; choose one of: {', '.join(FORMATTERS)}"
        )
    result = lint(paths)
    formatter().write(result, out, err)
    return result.exit_code(strict)
