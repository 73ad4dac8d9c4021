"""What dealcoach reads from its environment, read once, at the edge, and passed in."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dealcoach.core.errors import DealcoachError
from dealcoach.core.limits import DEFAULT_MAX_BYTES
from dealcoach.core.textsafe import quoted

if TYPE_CHECKING:
    from dealcoach.core.memo import Memo


@dataclass(frozen=True, slots=True)
class Environment:
    """The settings that come from environment variables and the working folder."""

    cwd: Path
    home_override: str | None  # DEALCOACH_HOME
    database_url: str | None  # DEALCOACH_DATABASE_URL
    user_override: str | None  # DEALCOACH_USER
    max_bytes: int  # DEALCOACH_MAX_FILE_MB
    github_actions: bool  # GITHUB_ACTIONS=true
    no_color: bool  # NO_COLOR
    force_color: bool  # FORCE_COLOR, or TTY_COMPATIBLE=1
    cache_override: str | None = None  # DEALCOACH_CACHE_DIR
    no_cache: bool = False  # DEALCOACH_NO_CACHE

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None) -> Environment:
        env = os.environ if environ is None else environ
        return cls(
            cwd=_cwd(),
            home_override=env.get("DEALCOACH_HOME") or None,
            database_url=env.get("DEALCOACH_DATABASE_URL") or None,
            user_override=env.get("DEALCOACH_USER", "").strip() or None,
            max_bytes=_max_bytes(env.get("DEALCOACH_MAX_FILE_MB", "")),
            github_actions=env.get("GITHUB_ACTIONS") == "true",
            no_color=bool(env.get("NO_COLOR")),
            force_color=bool(env.get("FORCE_COLOR")) or env.get("TTY_COMPATIBLE") == "1",
            cache_override=env.get("DEALCOACH_CACHE_DIR") or None,
            no_cache=bool(env.get("DEALCOACH_NO_CACHE")),
        )

    def memo(self) -> Memo:
        """Where valid playbooks, lint results and help are remembered between runs: the
        cache folder, unless DEALCOACH_NO_CACHE is set."""
        if self.no_cache:
            from dealcoach.core.memo import NoMemo

            return NoMemo()
        from dealcoach.adapters.file_cache import FileCache, cache_folder

        return FileCache(cache_folder(self.cache_override))

    def home(self) -> Path:
        """Where the deals live: ``$DEALCOACH_HOME``, else the platform's user data folder."""
        if self.home_override:
            return Path(self.home_override)
        import platformdirs  # here: only the store needs it

        return Path(platformdirs.user_data_dir("dealcoach", appauthor=False))

    def user(self) -> str:
        """Who is working, on SQLite: ``$DEALCOACH_USER``, else the OS login name."""
        if self.user_override:
            return self.user_override
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no login name in the environment or the user database
            raise DealcoachError(
                "cannot tell who you are (no login name); set DEALCOACH_USER to your name"
            ) from None

    def colour(self, stream: TextIO) -> bool:
        """Whether to style output to ``stream``: a terminal, or FORCE_COLOR set."""
        if self.no_color:
            return False
        if self.force_color:
            return True
        isatty = getattr(stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False


MAX_FILE_MB_LIMIT = 10_240  # 10 GB: DEALCOACH_MAX_FILE_MB may not go above


def _max_bytes(value: str) -> int:
    """The size limit for files read: ``DEALCOACH_MAX_FILE_MB`` when set, else 20 MB."""
    if not value.strip():
        return DEFAULT_MAX_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = math.nan
    if not 0 < megabytes <= MAX_FILE_MB_LIMIT:  # also refuses nan and inf
        raise DealcoachError(
            f"DEALCOACH_MAX_FILE_MB={quoted(value)}: the largest file to read, in megabytes, "
            f"is a number above 0 and up to {MAX_FILE_MB_LIMIT} (for example 20); "
            "fix the variable, or unset it"
        )
    return max(1, int(megabytes * 1024 * 1024))


def _cwd() -> Path:
    try:
        return Path.cwd()
    except OSError:  # the folder was removed under the shell
        raise DealcoachError(
            "the current folder no longer exists; `cd` to a folder that does, and run "
            "the command again"
        ) from None
