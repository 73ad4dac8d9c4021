"""Lint playbook files: find them, check each, drop suppressed warnings, check across files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dealcoach._gc import gc_paused
from dealcoach.catalog import LOCAL_DIR, SUFFIXES
from dealcoach.codes import CODES
from dealcoach.diagnostics import Problem, sort_key
from dealcoach.errors import EXIT_OK, EXIT_PROBLEMS, DealcoachError
from dealcoach.lint import rules
from dealcoach.loading import check_playbook_file

DEFAULT_PATH = LOCAL_DIR
# `# dealcoach: disable=DC305,DC306` in a comment on the offending line.
_SUPPRESS = re.compile(r"(?:^|\s)#\s*dealcoach:\s*disable=([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)")


@dataclass(frozen=True)
class LintResult:
    """The files that were checked and every problem found in them."""

    files: list[str]
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level == "warning")

    def exit_code(self, strict: bool) -> int:
        failed = self.errors > 0 or (strict and self.warnings > 0)
        return EXIT_PROBLEMS if failed else EXIT_OK


def find_files(paths: Sequence[str]) -> list[str]:
    """Playbook files named by ``paths``: files as given, folders searched recursively.

    In folders, ``*.yaml`` and ``*.yml`` files are taken and hidden files and folders
    skipped. A path that does not exist or cannot be read is a :class:`DealcoachError`.
    """
    found: dict[str, None] = {}
    for path in paths or [DEFAULT_PATH]:
        if os.path.isdir(path):
            found.update(dict.fromkeys(_walk(path)))
        elif os.path.exists(path):
            try:
                with open(path, "rb"):
                    pass
            except OSError as exc:
                raise DealcoachError(f"{path}: cannot be read: {exc.strerror or exc}") from None
            found[os.path.normpath(path)] = None
        else:
            raise DealcoachError(
                f"{path}: no such file or folder; name the playbook files or folders to lint"
            )
    return list(found)


def _walk(top: str) -> Iterator[str]:
    def fail(exc: OSError) -> None:
        raise DealcoachError(f"{exc.filename or top}: cannot be read: {exc.strerror or exc}")

    for folder, dirs, names in os.walk(top, onerror=fail):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield os.path.normpath(os.path.join(folder, name))


def suppressions(text: str) -> dict[int, set[str]]:
    """The codes disabled on each (1-based) line by a `# dealcoach: disable=...` comment."""
    found: dict[int, set[str]] = {}
    if "disable=" not in text:  # no suppression at all: skip the scan of every line
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SUPPRESS.search(line)
        if match:
            found[number] = {code.strip().upper() for code in match.group(1).split(",")}
    return found


def unsuppressed(problems: Sequence[Problem], text: str) -> list[Problem]:
    """``problems`` less the warnings disabled on their line; errors are always kept."""
    if not any(p.level == "warning" for p in problems):
        return list(problems)
    disabled = suppressions(text)
    if not disabled:
        return list(problems)
    return [p for p in problems if p.level == "error" or p.code not in disabled.get(p.line, set())]


def lint_files(files: Sequence[str]) -> LintResult:
    """Check every file: loading, schema, meaning, lint rules and scenarios."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for path in files:
        # A file's data and models are large trees without cycles that live only while
        # the file is checked: with the collector paused meanwhile, it neither walks
        # them again and again nor finds them all young when it resumes.
        with gc_paused():
            problems.extend(_lint_file(path, owners))
    return LintResult(list(files), problems)


def _lint_file(path: str, owners: dict[str, str]) -> list[Problem]:
    """Every problem of one file, sorted; ``owners`` maps playbook ids to their files."""
    checked = check_playbook_file(path)
    found = list(checked.problems)
    doc, playbook = checked.document, checked.playbook
    if doc is not None and playbook is not None:
        found.extend(rules.check(playbook, doc))
        if playbook.id in owners:
            found.append(
                Problem.at(
                    path,
                    doc.locate(("id",)),
                    "DC211",
                    f"playbook id '{playbook.id}' is also used by {owners[playbook.id]}; "
                    "give each playbook its own id",
                    CODES["DC211"].level,
                )
            )
        else:
            owners[playbook.id] = path
    if doc is not None:
        found = unsuppressed(found, doc.text)
    return sorted(found, key=sort_key)


def lint(paths: Sequence[str]) -> LintResult:
    """Find the playbook files under ``paths`` (default ``playbooks/``) and lint them."""
    return lint_files(find_files(paths))
