"""Where playbooks come from: a path, ``./playbooks/``, or those shipped with dealcoach."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    shadowed: bool = False  # an earlier file declares the same id and wins

    def to_json(self) -> dict[str, Any]:
        pb = self.checked.playbook
        return {
            "id": pb.id if pb else declared_id(self.checked),
            "version": pb.version if pb else None,
            "name": pb.name if pb else None,
            "origin": self.origin,
            "path": str(self.path),
            "errors": len(self.checked.errors),
            "shadowed": self.shadowed,
        }


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
    found: list[Found] = []
    ids: set[str] = set()
    for folder, origin in search_dirs():
        for path in _files(folder):
            checked = check_playbook_file(str(path))
            playbook_id = declared_id(checked)
            found.append(Found(path, origin, checked, playbook_id in ids))
            if playbook_id is not None:
                ids.add(playbook_id)
    return found


def looks_like_path(ref: str) -> bool:
    return os.sep in ref or "/" in ref or ref.endswith(SUFFIXES)


def declared_id(checked: PlaybookFile) -> str | None:
    """The id a playbook file declares, even when the file has other errors."""
    if checked.playbook is not None:
        return checked.playbook.id
    root = checked.document.root if checked.document is not None else None
    value = root.get("id") if isinstance(root, dict) else None
    return value if isinstance(value, str) else None


def resolve(ref: str) -> PlaybookFile:
    """A valid playbook by path or by id; :class:`DealcoachError` when there is none.

    A file that declares the id but has errors is reported with its errors.
    """
    if not ref.strip():
        raise DealcoachError("--playbook: the value is empty; give a playbook id or file")
    if Path(ref).is_dir():
        raise DealcoachError(f"{ref}: is a folder; give a playbook file or a playbook id")
    if looks_like_path(ref):
        if not Path(ref).exists():
            raise DealcoachError(f"{ref}: no such playbook file; check the path")
        return load_playbook(ref)
    # The file named after the id is the usual place: read it before the rest.
    candidates = [folder / f"{ref}{suffix}" for folder, _ in search_dirs() for suffix in SUFFIXES]
    rest = [path for folder, _ in search_dirs() for path in _files(folder)]
    known: set[str] = set()
    seen: set[Path] = set()
    for path in [c for c in candidates if c.is_file()] + rest:
        if path in seen:
            continue
        seen.add(path)
        checked = check_playbook_file(str(path))
        found = declared_id(checked)
        if found == ref:
            return require_valid(checked)
        if found is not None:
            known.add(found)
    raise DealcoachError(
        f"{ref}: no playbook with this id (known: {', '.join(sorted(known)) or 'none'}); "
        "pass a path to a playbook file, or see `dealcoach playbooks`"
    )
