"""Finding playbook files in a folder: one way, for `playbooks`, `--playbook` and `lint`.

A playbook file is a regular file named ``*.yaml`` or ``*.yml`` (in any case), not
hidden. Folders are searched recursively, skipping hidden ones. A symbolic link is
followed only when it points to a file inside the folder searched, so a folder walk
never reads (or prints) anything outside it; links to folders are not descended.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
LOCAL_DIR = "playbooks"  # a project's own playbooks, found from the working folder


def is_playbook_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(SUFFIXES)


def is_regular_file(path: str) -> bool:
    """A regular file (after links): not a folder, FIFO, socket or device."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def playbook_files(top: str, on_error: Callable[[OSError], None] | None = None) -> list[str]:
    """The playbook files under the folder ``top``, in sorted walk order, each once.

    ``on_error`` is called with the error of a folder that cannot be read (the
    default skips it).
    """
    inside = os.path.realpath(top)
    found: list[str] = []
    seen: set[str] = set()
    for folder, dirs, names in os.walk(top, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not is_playbook_name(name):
                continue
            path = os.path.normpath(os.path.join(folder, name))
            real = os.path.realpath(path)
            if real in seen or not is_regular_file(path):
                continue
            if os.path.islink(path) and os.path.commonpath([inside, real]) != inside:
                continue  # a link that leaves the folder
            seen.add(real)
            found.append(path)
    return found


def shipped_dir() -> Path:
    """The playbooks shipped inside the package (or beside the source, in a checkout)."""
    packaged = Path(__file__).resolve().parents[1] / "playbooks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "playbooks"
