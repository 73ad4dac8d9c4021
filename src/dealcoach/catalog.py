"""Where playbooks come from: a path, ``./playbooks/``, or those shipped with dealcoach."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dealcoach.errors import DealcoachError
from dealcoach.loading import PlaybookFile, check_playbook_file, load_playbook, require_valid

DEFAULT_PLAYBOOK = "customer-first"
LOCAL_DIR = "playbooks"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Found:
    """A playbook file found in one of the places dealcoach looks."""

    path: Path
    origin: str  # "local" (./playbooks) or "shipped"
    checked: PlaybookFile


def shipped_dir() -> Path:
    """The playbooks shipped inside the package (or beside the source, in a checkout)."""
    from importlib import resources  # here: it imports tempfile, which lint never needs

    packaged = Path(str(resources.files("dealcoach"))) / "playbooks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "playbooks"


def search_dirs() -> list[tuple[Path, str]]:
    """Where playbooks are looked up by id, first match wins."""
    dirs: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for folder, origin in ((Path.cwd() / LOCAL_DIR, "local"), (shipped_dir(), "shipped")):
        resolved = folder.resolve()
        if resolved.is_dir() and resolved not in seen:
            seen.add(resolved)
            dirs.append((folder, origin))
    return dirs


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def available() -> list[Found]:
    """Every playbook file in the search folders, valid or not, in lookup order."""
    return [
        Found(path, origin, check_playbook_file(str(path)))
        for folder, origin in search_dirs()
        for path in _files(folder)
    ]


def looks_like_path(ref: str) -> bool:
    return os.sep in ref or "/" in ref or ref.endswith(SUFFIXES)


def resolve(ref: str) -> PlaybookFile:
    """A playbook by path or by id; :class:`DealcoachError` when there is none."""
    if looks_like_path(ref):
        if not Path(ref).exists():
            raise DealcoachError(f"{ref}: no such playbook file; check the path")
        return load_playbook(ref)
    dirs = search_dirs()
    # The file named after the id is the usual place: try it before reading the rest.
    for folder, _ in dirs:
        for suffix in SUFFIXES:
            candidate = folder / f"{ref}{suffix}"
            if candidate.is_file():
                checked = check_playbook_file(str(candidate))
                if checked.playbook is not None and checked.playbook.id == ref:
                    return require_valid(checked)
    for folder, _ in dirs:
        for path in _files(folder):
            checked = check_playbook_file(str(path))
            if checked.playbook is not None and checked.playbook.id == ref:
                return require_valid(checked)
    known = sorted({f.checked.playbook.id for f in available() if f.checked.playbook is not None})
    raise DealcoachError(
        f"{ref}: no playbook with this id (known: {', '.join(known) or 'none'}); "
        "pass a path to a playbook file, or see `dealcoach playbooks`"
    )
