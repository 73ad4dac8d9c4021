"""DEALCOACH_DATABASE_URL: which store, and every way a URL or a server can fail: exit 2,
one or two lines naming the host and database, never the password."""

from __future__ import annotations

import socket
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from tests.conftest import RunCli, RunProcess

SECRET = "s3cret-Pa55"


def fails(run_cli: RunCli, url: str, *args: str) -> str:
    done = run_cli(*(args or ("deals",)), env={"DEALCOACH_DATABASE_URL": url})
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr and 1 <= len(done.stderr.splitlines()) <= 2
    assert SECRET not in done.stderr
    return done.stderr


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (f"mysql://bob:{SECRET}@db/sales", "in SQLite or PostgreSQL, not 'mysql'"),
        ("deals.sqlite3", "is not a URL"),
        ("sqlite://deals.sqlite3", "an SQLite URL names a file"),
        ("sqlite:///", "an SQLite URL names a file"),
        (f"postgresql://bob:{SECRET}@[::1/sales", "is not a PostgreSQL URL that libpq can read"),
        (f"postgresql://bob:{SECRET} x@db/sales", "is not a PostgreSQL URL that libpq can read"),
    ],
)
def test_a_url_dealcoach_cannot_use(run_cli: RunCli, url: str, said: str) -> None:
    err = fails(run_cli, url)
    assert err.startswith("DEALCOACH_DATABASE_URL: ") and said in err


def test_an_sqlite_url_names_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    file = tmp_path / "team" / "pipeline.sqlite3"
    env = {"DEALCOACH_DATABASE_URL": f"sqlite:///{file}"}
    assert run_cli("qualify", "Acme", "--answers", "a.yaml", env=env).returncode == 0
    assert file.is_file() and not (tmp_path / "home").exists()
    relative = {"DEALCOACH_DATABASE_URL": "sqlite:///team/pipeline.sqlite3"}  # from the cwd
    assert "Acme" in run_cli("deals", env=relative).stdout


def test_no_server_there(run_cli: RunCli) -> None:
    with closing(socket.socket()) as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    err = fails(run_cli, f"postgresql://bob:{SECRET}@127.0.0.1:{port}/sales")
    assert err == (
        f"postgresql://bob@127.0.0.1:{port}/sales: cannot connect: the server refused the "
        "connection; check that PostgreSQL runs there and that the URL's host and port are "
        "right\n"
    )


def test_unknown_host(run_cli: RunCli) -> None:
    err = fails(run_cli, f"postgresql://bob:{SECRET}@no-such-host.invalid/sales")
    assert err.startswith(
        "postgresql://bob@no-such-host.invalid:5432/sales: cannot connect: no such host"
    )


def test_wrong_database_and_role(run_cli: RunCli, pg_server: str) -> None:
    from tests.pg import as_url, with_database

    url = as_url(with_database(pg_server, "no_such_database_here"))
    assert "there is no such database on the server" in fails(run_cli, url)
    nobody = as_url(with_database(pg_server, "postgres", "no_such_role_here"))
    assert "the server has no such login role" in fails(run_cli, nobody)


def test_a_database_not_set_up_or_of_a_newer_dealcoach(run_cli: RunCli, pg_url: str) -> None:
    with closing(psycopg.connect(pg_url, autocommit=True)) as db:
        db.execute("UPDATE dealcoach.meta SET version = 99")
        try:
            err = fails(run_cli, pg_url, "show", "Acme")
            assert "was set up by a newer dealcoach (store version 99" in err
            assert "upgrade dealcoach" in err
            err = fails(run_cli, pg_url, "db", "init")
            assert "newer dealcoach (store version 99" in err
        finally:
            db.execute("UPDATE dealcoach.meta SET version = 1")


@pytest.fixture
def fake_server() -> Iterator[tuple[int, list[bytes]]]:
    """A server that speaks PostgreSQL's protocol up to the login and refuses the
    password, as a server with password authentication does; what it read is kept."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    seen: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                _refuse_login(conn, seen)

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], seen
    listener.close()


def _read(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError
        data += chunk
    return data


def _refuse_login(conn: socket.socket, seen: list[bytes]) -> None:
    try:
        while True:  # SSL and GSS requests get "no"; then the startup message
            (length,) = struct.unpack("!i", _read(conn, 4))
            body = _read(conn, length - 4)
            if struct.unpack("!i", body[:4])[0] in (80877103, 80877104):
                conn.sendall(b"N")
                continue
            break
        conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # cleartext password, please
        _kind, length = struct.unpack("!ci", _read(conn, 5))
        seen.append(_read(conn, length - 4))
        fields = b"".join(
            code + text.encode() + b"\0"
            for code, text in (
                (b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28P01"),
                (b"M", 'password authentication failed for user "bob"'),
            )
        ) + b"\0"  # fmt: skip
        conn.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)
    except ConnectionError:
        pass


def test_a_wrong_password(run_cli: RunCli, fake_server: tuple[int, list[bytes]]) -> None:
    port, seen = fake_server
    err = fails(run_cli, f"postgresql://bob:{SECRET}@127.0.0.1:{port}/sales?sslmode=disable")
    assert err == (
        f"postgresql://bob@127.0.0.1:{port}/sales: cannot connect: the login was refused "
        "(wrong user or password); check the URL's user and password, or ~/.pgpass\n"
    )
    assert seen and SECRET.encode() in seen[0]  # it was sent, and refused


def test_a_server_that_does_not_answer(run_cli: RunCli) -> None:
    with closing(socket.socket()) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        url = f"postgresql://bob:{SECRET}@127.0.0.1:{port}/sales?connect_timeout=2&sslmode=disable"
        err = fails(run_cli, url)
    assert err.startswith(
        f"postgresql://bob@127.0.0.1:{port}/sales: cannot connect: "
        "the server did not answer in time"
    )


def test_sqlite_users_never_import_the_postgresql_driver(run_process: RunProcess) -> None:
    probe = (
        "import sys; from dealcoach.cli.main import dispatch; code = dispatch(['deals']);"
        " assert 'psycopg' not in sys.modules, 'psycopg imported'; sys.exit(code)"
    )
    done = run_process(exe=[sys.executable, "-c", probe])
    assert done.returncode == 0, done.stderr
