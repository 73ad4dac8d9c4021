"""The cache folder: what :mod:`dealcoach.core.memo` asks to remember, one file per key.

As ruff's and mypy's caches do, it lives in the user's cache folder
(``$DEALCOACH_CACHE_DIR``, else the platform's), in a sub-folder per build of
dealcoach: a new version, another Python, or an edited source file of a checkout
starts an empty one (what depends on another library's version says so in its key).
Each entry is written to a temporary file, then renamed into place (a reader sees a
whole entry or none), and carries a checksum of its bytes: an entry that does not
match it is ignored, never trusted. A cache that cannot be read or written is no
cache; nothing fails because of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

MAGIC = b"dealcoach-cache-1\n"
_CHECK = 32  # bytes of the sha256 of the payload
STALE_DAYS = 30  # another build's folder not written for this long is removed
_HEX = frozenset("0123456789abcdef")


class FileCache:
    """A :class:`~dealcoach.core.memo.Memo` in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> object | None:
        try:
            data = self._entry(key).read_bytes()
        except (OSError, ValueError):
            return None
        head, check, payload = (
            data[: len(MAGIC)],
            data[len(MAGIC) : len(MAGIC) + _CHECK],
            data[len(MAGIC) + _CHECK :],
        )
        if head != MAGIC or hashlib.sha256(payload).digest() != check:
            return None
        try:
            value: object = pickle.loads(payload)
            return value
        except Exception:  # an entry of another build that slipped through: a miss
            return None

    def put(self, key: str, value: object) -> None:
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # not picklable: not remembered
            return
        target = self._entry(key)
        temporary = target.parent / f".tmp-{os.getpid()}-{key}"
        if not self.folder.is_dir():  # the first entry of this build: tidy up old ones
            prune_stale_builds(self.folder)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def prune_stale_builds(folder: Path) -> None:
    """Remove the folders of other builds beside ``folder`` that nothing wrote in for
    STALE_DAYS (an upgrade leaves its predecessor's behind). Only folders shaped as this
    cache makes them are touched, whatever else the parent folder holds."""
    import shutil
    import time

    limit = time.time() - STALE_DAYS * 86400
    try:
        siblings = list(folder.parent.iterdir())
    except OSError:
        return
    for other in siblings:
        if other == folder or not _is_build_folder(other):
            continue
        with contextlib.suppress(OSError):
            if other.stat().st_mtime < limit:
                shutil.rmtree(other, ignore_errors=True)


def _is_build_folder(path: Path) -> bool:
    """A folder named as :func:`build_id` names them, holding only entry folders."""
    if len(path.name) != 16 or not set(path.name) <= _HEX or not path.is_dir():
        return False
    try:
        return all(
            child.is_dir() and len(child.name) == 2 and set(child.name) <= _HEX
            for child in path.iterdir()
        )
    except OSError:
        return False


def cache_folder(override: str | None) -> Path:
    """The cache folder of this build of dealcoach."""
    if override:
        base = Path(override)
    else:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("dealcoach", appauthor=False))
    return base / build_id()


def build_id() -> str:
    """What the cached results depend on besides their input: dealcoach's version, its
    source files (a checkout being edited) and shipped playbooks (lint checks mappings
    against them), and Python's version."""
    from dealcoach import __version__
    from dealcoach.core.discovery import shipped_dir

    newest = 0
    for top in (Path(__file__).resolve().parents[1], shipped_dir()):
        newest = max(newest, _newest(top))
    parts = f"{__version__}\0{sys.version}\0{newest}"
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


def _newest(top: Path) -> int:
    """The latest modification time of the modules and playbooks under ``top``."""
    newest = 0
    for folder, _dirs, files in os.walk(top):
        for name in files:
            if name.endswith((".py", ".yaml")):
                with contextlib.suppress(OSError):
                    newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
    return newest
