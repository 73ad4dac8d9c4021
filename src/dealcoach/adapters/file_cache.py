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
