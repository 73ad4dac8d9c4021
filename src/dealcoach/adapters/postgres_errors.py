"""What a PostgreSQL error says: one line naming the server and database (never the
password), what is wrong, and what to do."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dealcoach.core.errors import DealcoachError


@dataclass(frozen=True, slots=True)
class Target:
    """The server and database a URL names, as messages show them."""

    user: str | None
    host: str
    port: str
    dbname: str
    password: str | None  # kept to be sure no message shows it; never printed

    @property
    def shown(self) -> str:
        who = f"{self.user}@" if self.user else ""
        return f"postgresql://{who}{self.host}:{self.port}/{self.dbname}"

    def fail(self, what: str) -> DealcoachError:
        return DealcoachError(self.scrubbed(f"{self.shown}: {what}"))

    def scrubbed(self, text: str) -> str:
        return text.replace(self.password, "***") if self.password else text


def target(url: str) -> Target:
    """The target of a libpq URL; a URL libpq cannot read is a clear error (which does
    not repeat the URL: it may hold a password)."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except ProgrammingError:
        raise DealcoachError(
            "DEALCOACH_DATABASE_URL: is not a PostgreSQL URL that libpq can read; write it "
            "as postgresql://USER@HOST:PORT/DATABASE (percent-encode spaces and symbols)"
        ) from None
    user = parts.get("user")
    host = str(parts.get("host") or parts.get("hostaddr") or "localhost")
    return Target(
        user=str(user) if user else None,
        host=host,
        port=str(parts.get("port") or "5432"),
        dbname=str(parts.get("dbname") or user or "postgres"),
        password=str(parts["password"]) if parts.get("password") else None,
    )


_CONNECT = [
    (r"Connection refused", "the server refused the connection; check that PostgreSQL "
     "runs there and that the URL's host and port are right"),
    (r"timeout expired|timed out", "the server did not answer in time; check the host and "
     "port, and the network (a firewall?)"),
    (r"failed to resolve host|could not translate host name", "no such host; check the "
     "URL's host name"),
    (r"password authentication failed", "the login was refused (wrong user or password); "
     "check the URL's user and password, or ~/.pgpass"),
    (r"no password supplied|fe_sendauth", "the server asks for a password; give it in "
     "~/.pgpass or PGPASSWORD (keep it out of shell history)"),
    (r'role "[^"]*" does not exist', "the server has no such login role; ask the database's "
     "administrator to create it (see the README, \"For teams\")"),
    (r'database "[^"]*" does not exist', "there is no such database on the server; create it "
     "(createdb), or fix the URL's database name"),
    (r"permission denied for database|not permitted to log in", "this login may not connect "
     "to the database; ask its administrator to grant CONNECT"),
    (r"SSL", "the secure connection failed; check the URL's sslmode and the server's "
     "certificates"),
]  # fmt: skip


def on_connect(where: Target, exc: BaseException) -> DealcoachError:
    """The message for a failed connection."""
    text = str(exc)
    for pattern, what in _CONNECT:
        if re.search(pattern, text):
            return where.fail(f"cannot connect: {what}")
    return where.fail(f"cannot connect ({_first_line(text)})")


def on_query(where: Target, exc: BaseException) -> DealcoachError:
    """The message for an error while reading or writing."""
    from psycopg import OperationalError, errors

    if isinstance(exc, errors.InsufficientPrivilege):
        return where.fail(
            f"the database refused this ({_first_line(str(exc))}); nothing was written. "
            "Your login role needs to be a member of dealcoach_rep or dealcoach_manager"
        )
    if isinstance(exc, errors.UniqueViolation):
        return where.fail(
            f"the write conflicts with another deal ({_first_line(str(exc))}); nothing was written"
        )
    if isinstance(exc, errors.DiskFull):
        return where.fail("the server's disk is full; nothing was written: try again later")
    if isinstance(exc, OperationalError):
        return where.fail(
            f"the connection to the database failed ({_first_line(str(exc))}); nothing was "
            "written: try again"
        )
    return where.fail(f"the database failed ({_first_line(str(exc))}); nothing was written")


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else "no reason given"
    return re.sub(r"^connection failed:\s*", "", first)
