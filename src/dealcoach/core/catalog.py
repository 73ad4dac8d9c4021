"""Where playbooks come from: a path, the local ``playbooks/`` folder, or those shipped."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dealcoach.core.discovery import LOCAL_DIR, SUFFIXES, playbook_files, shipped_dir
from dealcoach.core.errors import DealcoachError
from dealcoach.core.limits import DEFAULT_MAX_BYTES
from dealcoach.core.loading import (
    PlaybookFile,
    check_playbook_file,
    check_playbook_text,
    require_valid,
)
from dealcoach.core.memo import Memo, NoMemo
from dealcoach.core.textsafe import quoted

DEFAULT_PLAYBOOK = "customer-first"


@dataclass(frozen=True, slots=True)
class Found:
    """A playbook file found in one of the places dealcoach looks."""

    path: Path
    origin: str  # "local" (./playbooks) or "shipped"
    checked: PlaybookFile
    shadowed: bool = False  # an earlier file declares the same id and wins


def looks_like_path(ref: str) -> bool:
    return os.sep in ref or "/" in ref or ref.lower().endswith(SUFFIXES)


@dataclass(frozen=True, slots=True)
class Catalog:
    """The folders where playbooks are looked up by id, first match wins."""

    folders: tuple[tuple[Path, str], ...]  # (folder, origin)
    max_bytes: int = DEFAULT_MAX_BYTES
    memo: Memo = field(default_factory=NoMemo, compare=False)  # valid playbooks remembered

    @classmethod
    def standard(
        cls, cwd: Path, max_bytes: int = DEFAULT_MAX_BYTES, memo: Memo | None = None
    ) -> Catalog:
        """``CWD/playbooks`` (local), then the shipped playbooks."""
        folders: list[tuple[Path, str]] = []
        seen: set[Path] = set()
        for folder, origin in ((cwd / LOCAL_DIR, "local"), (shipped_dir(), "shipped")):
            resolved = folder.resolve()
            if resolved.is_dir() and resolved not in seen:
                seen.add(resolved)
                folders.append((folder, origin))
        return cls(tuple(folders), max_bytes, memo or NoMemo())

    def check(self, path: str | Path) -> PlaybookFile:
        return check_playbook_file(str(path), self.max_bytes, self.memo)

    def _files(self) -> list[tuple[Path, str]]:
        return [
            (Path(p), origin)
            for folder, origin in self.folders
            for p in playbook_files(str(folder))
        ]

    def available(self) -> list[Found]:
        """Every playbook file in the folders, valid or not, in lookup order."""
        found: list[Found] = []
        ids: set[str] = set()
        for path, origin in self._files():
            checked = self.check(path)
            playbook_id = checked.declared_id
            found.append(Found(path, origin, checked, playbook_id in ids))
            if playbook_id is not None:
                ids.add(playbook_id)
        return found

    def resolve(self, ref: str) -> PlaybookFile:
        """A valid playbook by path or by id; :class:`DealcoachError` when there is none.

        A file that declares the id but has errors is reported with its errors.
        """
        if not ref.strip():
            raise DealcoachError("--playbook: the value is empty; give a playbook id or file")
        shown = quoted(ref, 80)
        try:
            is_dir, exists = Path(ref).is_dir(), Path(ref).exists()
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise DealcoachError(
                f"--playbook {shown}: {reason}; give a playbook id or the path of a file"
            ) from None
        if is_dir:
            raise DealcoachError(f"{shown}: is a folder; give a playbook file or a playbook id")
        if looks_like_path(ref):
            if not exists:
                raise DealcoachError(f"{shown}: no such playbook file; check the path")
            return require_valid(self.check(ref))
        return self._by_id(ref, [path for path, _ in self._files()])

    def shipped(self, ref: str) -> PlaybookFile:
        """The playbook shipped with dealcoach under the id ``ref``."""
        return self._by_id(ref, [Path(p) for p in playbook_files(str(shipped_dir()))])

    def is_shipped(self, path: str | Path) -> bool:
        return Path(path).resolve().parent == shipped_dir().resolve()

    def check_text(self, text: str, path: str) -> PlaybookFile:
        """Check a playbook kept as text (a deal's stored copy), named ``path``."""
        return check_playbook_text(text, path)

    def _by_id(self, ref: str, files: list[Path]) -> PlaybookFile:
        shown = quoted(ref, 80)
        # The file named after the id is the usual place: read it before the rest.
        named = [path for path in files if path.stem == ref]
        known: set[str] = set()
        for path in named + [path for path in files if path.stem != ref]:
            checked = self.check(path)
            found = checked.declared_id
            if found == ref:
                return require_valid(checked)
            if found is not None:
                known.add(found)
        raise DealcoachError(
            f"{shown}: no playbook with this id (known: {', '.join(sorted(known)) or 'none'}); "
            "pass a path to a playbook file, or see `dealcoach playbooks`"
        )
