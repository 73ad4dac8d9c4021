"""Which store holds the deals: ``DEALCOACH_DATABASE_URL`` chooses (TEAM.md).

Unset: SQLite in the dealcoach folder. ``sqlite:///PATH``: that SQLite file (four
slashes for an absolute path, as SQLAlchemy writes it). ``postgresql://`` or
``postgres://``: a shared PostgreSQL database, whose driver is imported only then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dealcoach.core.errors import DealcoachError

if TYPE_CHECKING:
    from dealcoach.core.store import DealStore

POSTGRES_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True, slots=True)
class Location:
    """Where the deals are: an SQLite file (``path``) or a PostgreSQL URL (``url``)."""

    path: Path | None = None
    url: str | None = None


def location(url: str | None, home: Callable[[], Path], cwd: Path) -> Location:
    """The store that ``DEALCOACH_DATABASE_URL`` names (its value is never shown: it
    may hold a password)."""
    from dealcoach.adapters.sqlite_store import DB_NAME

    if not url:
        return Location(path=home() / DB_NAME)
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise DealcoachError(
            "DEALCOACH_DATABASE_URL: is not a URL; write sqlite:////absolute/path/deals.sqlite3 "
            "or postgresql://USER@HOST/DATABASE, or unset it for the local store"
        )
    if scheme.lower() in POSTGRES_SCHEMES:
        return Location(url=url)
    if scheme.lower() == "sqlite":
        if not rest.startswith("/") or rest == "/" or "?" in rest:
            raise DealcoachError(
                "DEALCOACH_DATABASE_URL: an SQLite URL names a file, as "
                "sqlite:////absolute/path/deals.sqlite3 (four slashes), with no options"
            )
        file = Path(rest[1:])
        return Location(path=file if file.is_absolute() else cwd / file)
    shown = scheme if scheme.isascii() and scheme.isprintable() and len(scheme) < 30 else "?"
    raise DealcoachError(
        f"DEALCOACH_DATABASE_URL: dealcoach keeps deals in SQLite or PostgreSQL, not "
        f"{shown!r}; write sqlite:////absolute/path/deals.sqlite3 or "
        "postgresql://USER@HOST/DATABASE"
    )


def open_deal_store(where: Location, *, user: str | None, write: bool = True) -> DealStore:
    """The store at ``where``; read commands open it read-only. ``user``: who works on
    SQLite (on PostgreSQL it is the login role)."""
    if where.url is not None:
        from dealcoach.adapters.postgres_store import PostgresStore

        return PostgresStore(where.url, write=write)
    from dealcoach.adapters.sqlite_store import open_store

    assert where.path is not None and user is not None
    return open_store(where.path.parent, user=user, write=write, name=where.path.name)
