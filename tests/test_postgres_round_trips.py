"""A session on a PostgreSQL store waits for the server as few times as it can: each
wait costs a network round trip, tens of milliseconds to a server far away. And a
connection lost in the middle of a write records nothing and says so."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from dealcoach.adapters.postgres_store import PostgresStore
from dealcoach.core.errors import DealcoachError
from tests.records import deal, new_session


@pytest.fixture
def store(pg_url: str) -> Iterator[PostgresStore]:
    import psycopg

    if not psycopg.Pipeline.is_supported():
        pytest.skip("this libpq sends statements one by one (no pipeline mode)")
    opened = PostgresStore(pg_url)
    yield opened
    opened.close()


def _round_trips(trace: Path) -> int:
    """How many times the client waited: runs of its messages (F) each answered by
    the server's (B), in libpq's trace of the connection (a line that goes on a
    message of several lines is neither)."""
    lines = trace.read_text().splitlines()
    sides = [side for line in lines if (side := line.split("\t", 1)[0]) in ("F", "B")]
    return sum(1 for sent, got in pairwise(sides) if (sent, got) == ("F", "B"))


def _traced(store: PostgresStore, trace: Path) -> Any:
    import psycopg

    out = trace.open("w")
    store._db.pgconn.trace(out.fileno())
    store._db.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
    return out


def test_a_session_on_a_known_deal_waits_three_times(store: PostgresStore, tmp_path: Path) -> None:
    """The deal read at once with its last session and their count; then the write:
    BEGIN with the lock and the reads under it, then the session with the COMMIT."""
    mine = deal()
    store.record(mine, new_session(10))
    trace = tmp_path / "trace.txt"
    with closing(_traced(store, trace)):
        found, last, count = store.deal_overview(mine.key)
        with store.deal_write(mine.key) as write:
            write.record(mine, new_session(20))
        store._db.pgconn.untrace()
    assert (found, count) == (mine, 1) and last is not None
    assert write.recorded is not None and write.recorded.score == 20
    assert _round_trips(trace) == 3
    assert [s.score for s in store.sessions(mine.key)] == [10, 20]


def test_the_pipeline_waits_once(store: PostgresStore, tmp_path: Path) -> None:
    """BEGIN, the isolation level, the two queries and COMMIT, sent at once."""
    for score in (10, 20):
        store.record(deal(), new_session(score))
    trace = tmp_path / "trace.txt"
    with closing(_traced(store, trace)):
        [line] = store.pipeline(6)
        store._db.pgconn.untrace()
    assert line.trend == [10, 20]
    assert _round_trips(trace) == 1


def test_a_failed_read_leaves_the_store_working(
    store: PostgresStore, pg_url: str, pg_server: str
) -> None:
    """A read that fails in the middle of its batch (here: it waits too long for a
    lock) leaves nothing behind: no transaction open, no statement psycopg believes
    prepared that the server skipped (it prepares a statement run 5 times)."""
    import psycopg

    mine = deal()
    store.record(mine, new_session(10))
    for _ in range(5):
        store.deal_overview(mine.key)
    store._db.execute("SET lock_timeout = '200ms'")
    with closing(psycopg.connect(pg_url)) as other:
        other.execute("LOCK TABLE dealcoach.sessions IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(DealcoachError):
            store.deal_overview(mine.key)
        other.rollback()
    assert store.deal_overview(mine.key)[2] == 1
    store.record(mine, new_session(20))
    assert store.deal_overview(mine.key)[2] == 2


def test_a_connection_lost_in_a_write_records_nothing(
    store: PostgresStore, pg_url: str, pg_server: str
) -> None:
    import psycopg

    mine = deal()
    store.record(mine, new_session(10))
    pid = store._db.info.backend_pid
    lost = pytest.raises(DealcoachError, match="nothing was written")
    with lost, store.deal_write(mine.key) as write:
        with closing(psycopg.connect(pg_server, autocommit=True)) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        write.record(mine, new_session(20))
    with closing(PostgresStore(pg_url)) as again:
        assert [s.score for s in again.sessions(mine.key)] == [10]
