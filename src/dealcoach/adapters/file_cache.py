"""The cache folder: what :mod:`dealcoach.core.memo` asks to remember, one file per key.

As ruff's and mypy's caches do, it lives in the user's cache folder
(``$DEALCOACH_CACHE_DIR``, else the platform's), in a sub-folder per build of
dealcoach (see :func:`build_id`): an upgrade of dealcoach or of a library whose
results it keeps, another Python, or an edited source file of a checkout starts an
empty one.
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
from functools import cache
from pathlib import Path

MAGIC = b"dealcoach-cache-1\n"
_CHECK = 32  # bytes of the sha256 of the payload
STALE_DAYS = 30  # another build's folder not written for this long is removed
_HEX = frozenset("0123456789abcdef")


class FileCache:
    """A :class:`~dealcoach.core.memo.Memo` in ``folder``.

    An entry is unpickled, so the folder must be the user's own: one that another
    user owns or may write in (a shared ``$DEALCOACH_CACHE_DIR``) is not used at all.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._usable: bool | None = None

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def usable(self) -> bool:
        """The folder is missing (it will be made, private) or is the user's own."""
        if self._usable is None:
            self._usable = _private(self.folder)
        return self._usable

    def get(self, key: str) -> object | None:
        if not self.usable():
            return None
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
        if not self.usable():
            return
        target = self._entry(key)
        temporary = target.parent / f".tmp-{os.getpid()}-{key}"
        try:
            if not os.path.isdir(self.folder):  # this build's first entry: tidy up
                prune_stale_builds(self.folder)
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._usable = _private(self.folder)  # made by us, not by someone else
                if not self._usable:
                    return
            target.parent.mkdir(mode=0o700, exist_ok=True)
            os.utime(self.folder)  # in use: not one for another build to prune
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


def _private(folder: Path) -> bool:
    """``folder`` does not exist, or belongs to this user and nobody else may write in
    it (where the system has users and permissions at all)."""
    getuid = getattr(os, "getuid", None)
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if getuid is None:  # Windows: the user's own profile folder
        return True
    return info.st_uid == getuid() and not info.st_mode & 0o022


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
    if len(path.name) != 16 or not set(path.name) <= _HEX or not os.path.isdir(path):
        return False
    try:
        return all(
            os.path.isdir(child) and len(child.name) == 2 and set(child.name) <= _HEX
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


@cache  # one build per process: a command that opens the cache twice walks once
def build_id() -> str:
    """What the cached results depend on besides their input: dealcoach's version, its
    source files and shipped playbooks (each file's name, size and time: an edit, a
    deletion or an older copy all count), Python's version, and the installed files of
    the libraries whose results are cached (pydantic's validation, PyYAML's parsing,
    regex's patterns, typer's help)."""
    from importlib.util import find_spec

    from dealcoach import __version__
    from dealcoach.core.discovery import shipped_dir

    digest = hashlib.sha256(f"{__version__}\0{sys.version}".encode())
    for top in (Path(__file__).resolve().parents[1], shipped_dir()):
        digest.update(_files_of(top))
    for library in ("pydantic", "pydantic_core", "yaml", "regex", "typer"):
        with contextlib.suppress(ImportError, ValueError, OSError):
            spec = find_spec(library)
            if spec is not None and spec.origin:
                info = os.stat(spec.origin)
                digest.update(f"{library}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def _files_of(top: Path) -> bytes:
    """The name, size and modification time of each module and playbook under ``top``."""
    found = []
    for folder, _dirs, files in os.walk(top):
        for name in files:
            if name.endswith((".py", ".yaml", ".yml")):
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    info = os.stat(path)
                    found.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\n".join(sorted(found)).encode("utf-8", "surrogateescape")
