"""Lint playbook files: find them, check each, drop suppressed warnings, check across files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from dealcoach.core._gc import gc_paused
from dealcoach.core.diagnostics import Pos, Problem, sort_key
from dealcoach.core.discovery import LOCAL_DIR, is_regular_file, playbook_files
from dealcoach.core.errors import EXIT_OK, EXIT_PROBLEMS, DealcoachError
from dealcoach.core.limits import DEFAULT_MAX_BYTES
from dealcoach.core.memo import Memo, NoMemo, memo_key
from dealcoach.core.reading import LoadError, read_file
from dealcoach.core.rules.registry import checks, problem
from dealcoach.core.suppressions import unknown_codes, unsuppressed
from dealcoach.core.textsafe import one_line

DEFAULT_PATH = LOCAL_DIR


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

    A file named twice (say, relatively and absolutely) is linted once. A path that
    does not exist or cannot be read is a :class:`DealcoachError`.
    """
    found: dict[str, str] = {}  # real path -> the path as shown
    for path in paths or [DEFAULT_PATH]:
        if os.path.isdir(path):
            for each in playbook_files(path, _unreadable):
                found.setdefault(os.path.realpath(each), each)
        elif os.path.exists(path):
            if not is_regular_file(path):
                raise DealcoachError(
                    f"{one_line(path)}: is not a regular file (a pipe, a device or a socket); "
                    "name playbook files or folders"
                )
            if not os.access(path, os.R_OK):
                raise DealcoachError(f"{one_line(path)}: cannot be read: permission denied")
            found.setdefault(os.path.realpath(path), os.path.normpath(path))
        else:
            raise DealcoachError(
                f"{one_line(path)}: no such file or folder; "
                "name the playbook files or folders to lint"
            )
    return list(found.values())


def _unreadable(exc: OSError) -> None:
    raise DealcoachError(f"{one_line(exc.filename)}: cannot be read: {exc.strerror or exc}")


def lint_files(
    files: Sequence[str], max_bytes: int = DEFAULT_MAX_BYTES, memo: Memo | None = None
) -> LintResult:
    """Check every file: loading, schema, meaning, lint rules and scenarios. With
    ``memo``, what was found in a file is remembered by its text: an unchanged file is
    not checked again."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    kept = memo or NoMemo()
    for path in files:
        # A file's data and models are large trees without cycles that live only while
        # the file is checked: with the collector paused meanwhile, it neither walks
        # them again and again nor finds them all young when it resumes.
        with gc_paused():
            problems.extend(_lint_file(path, owners, max_bytes, kept))
    return LintResult(list(files), problems)


@dataclass(frozen=True, slots=True)
class Linted:
    """What lint finds in one file's text on its own, before the checks across files
    and the suppression comments (and what it remembers of the file)."""

    text: str
    readable: bool  # False: not YAML that dealcoach can read (no suppressions apply)
    problems: list[Problem] = field(default_factory=list)
    playbook_id: str | None = None  # when the playbook is valid, with where it is written
    id_at: Pos | None = None


def _lint_file(path: str, owners: dict[str, str], max_bytes: int, memo: Memo) -> list[Problem]:
    """Every problem of one file, sorted; ``owners`` maps playbook ids to their files."""
    try:
        text = read_file(path, max_bytes)
    except LoadError as exc:
        return [exc.problem]
    key = memo_key("lint", path, max_bytes, text)
    linted = memo.get(key)
    if not isinstance(linted, Linted) or linted.text != text:
        linted = _linted(path, text)
        memo.put(key, linted)
    found = list(linted.problems)
    if linted.playbook_id is not None:
        if linted.playbook_id in owners:
            found.append(
                problem(
                    "DC211",
                    path,
                    linted.id_at,
                    f"playbook id '{linted.playbook_id}' is also used by "
                    f"{owners[linted.playbook_id]}; give each playbook its own id",
                )
            )
        else:
            owners[linted.playbook_id] = path
    if linted.readable:
        found.extend(unknown_codes(path, text))
        found = unsuppressed(found, text)
    return sorted(found, key=sort_key)


def _linted(path: str, text: str) -> Linted:
    # Here: the models, the checks and pydantic are needed only for a file not remembered.
    from dealcoach.core.loading import check_playbook_text

    checked = check_playbook_text(text, path)
    found = list(checked.problems)
    doc, playbook, context = checked.document, checked.playbook, checked.context
    if doc is None:
        return Linted(text, False, found)
    if playbook is None or context is None:
        return Linted(text, True, found)
    for each in checks("lint"):
        assert each.check is not None
        found.extend(each.check(context))
    return Linted(text, True, found, playbook.id, doc.locate(("id",)))


def lint(
    paths: Sequence[str], max_bytes: int = DEFAULT_MAX_BYTES, memo: Memo | None = None
) -> LintResult:
    """Find the playbook files under ``paths`` (default ``playbooks/``) and lint them."""
    return lint_files(find_files(paths), max_bytes, memo)
