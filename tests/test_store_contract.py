"""The store contract, run against both stores: SQLite and PostgreSQL behave the same."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import pytest

from dealcoach.core.answer import Answer
from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import Deal, DealChange, Draft
from dealcoach.core.store import DealStore
from tests.records import deal, new_session


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DealStore]:
    """A store with no deals, of each kind; the user is ``sam`` (on PostgreSQL the
    tests' login role, whose name the store reports)."""
    opened: DealStore
    if request.param == "sqlite":
        from dealcoach.adapters.sqlite_store import SqliteStore

        opened = SqliteStore(tmp_path / "deals.sqlite3", user="sam")
    else:
        from dealcoach.adapters.postgres_store import PostgresStore

        opened = PostgresStore(request.getfixturevalue("pg_url"))
    yield opened
    opened.close()


def owned(store: DealStore) -> Deal:
    return replace(deal(), owner=store.user)


def test_record_and_read_back(store: DealStore) -> None:
    session = store.record(owned(store), new_session(42.25, note="first call"))
    assert store.deal("acme-corp-renewal") == owned(store)
    [read] = store.sessions("acme-corp-renewal")
    assert read == session
    assert (read.score, read.note, read.by) == (42.25, "first call", store.user)
    assert read.answers == {"pain_confirmed": Answer("own_words", "verified")}
    assert read.gates == ["no-compelling-need"]
    assert store.last_session("acme-corp-renewal") == session
    assert store.deal("nope") is None and store.last_session("nope") is None
    assert store.sessions("nope") == [] and store.changes("nope") == []


def test_history_is_append_only_and_the_pipeline_reads_it(store: DealStore) -> None:
    ids = [store.record(owned(store), new_session(s)).id for s in (10, 20, 30)]
    store.record(replace(deal("globex", "Globex"), owner=store.user), new_session(55))
    assert [s.id for s in store.sessions("acme-corp-renewal")] == ids
    acme, globex = store.pipeline(2)
    assert (acme.deal.key, acme.last and acme.last.id, acme.trend) == (
        "acme-corp-renewal", ids[-1], [20, 30],
    )  # fmt: skip
    assert (globex.deal.name, globex.trend) == ("Globex", [55])
    assert [d.key for d in store.deals()] == ["acme-corp-renewal", "globex"]


@pytest.fixture
def far_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's time zone (PostgreSQL's, through libpq) far from UTC."""
    monkeypatch.setenv("PGTZ", "Pacific/Chatham")


def test_the_pipeline_reads_what_the_deal_and_its_sessions_read(
    far_time_zone: None, store: DealStore
) -> None:
    """The pipeline's many-row queries take their own path (on PostgreSQL the server
    formats the times): the deal, the last session and the trend's times read the same
    as one deal read alone, to the second, in UTC, whatever the session's time zone."""
    store.record(replace(owned(store), created_at="2026-03-04T05:06:07+00:00"), new_session(10))
    store.record(owned(store), new_session(20))
    [line] = store.pipeline(6)
    sessions = store.sessions("acme-corp-renewal")
    assert line.deal == store.deal("acme-corp-renewal")
    assert line.deal.created_at == "2026-03-04T05:06:07+00:00"
    assert line.last is not None
    assert line.last.created_at == sessions[-1].created_at
    assert line.recorded == [s.created_at for s in sessions]
    assert all(t.endswith("+00:00") and len(t) == 25 for t in line.recorded)
    assert line.last.limits is None
    # Without the times (what `deals` reads): the same line, no times.
    assert store.pipeline(6, times=False) == [replace(line, recorded=[])]


def test_the_pipeline_reads_the_playbooks_warning_numbers(store: DealStore) -> None:
    numbers = {"quiet_days": 7, "falling_points": 5, "stale_sessions": 2, "close_soon_days": 20}
    store.record(owned(store), replace(new_session(10), limits=numbers))
    store.record(replace(deal("globex", "Globex"), owner=store.user), new_session(20))
    acme, globex = store.pipeline(6)
    assert acme.last is not None and acme.last.limits == numbers
    assert globex.last is not None and globex.last.limits is None


def test_a_deals_overview_is_the_deal_its_last_session_and_their_count(store: DealStore) -> None:
    assert store.deal_overview("acme-corp-renewal") == (None, None, 0)
    for score in (10, 20, 30):
        last = store.record(owned(store), new_session(score))
    store.record(replace(deal("globex", "Globex"), owner=store.user), new_session(55))
    assert store.deal_overview("acme-corp-renewal") == (owned(store), last, 3)
    globex = replace(deal("globex-2", "Globex 2"), owner=store.user)
    with store.import_write() as write:  # a deal with no session, as a CRM import makes
        write.apply([(globex, DealChange("update", {"crm_id": (None, "006B")}))], [])
    assert store.deal_overview("globex-2") == (store.deal("globex-2"), None, 0)


def test_a_playbooks_copy_is_kept_once_by_its_digest(store: DealStore) -> None:
    """A deal's next session scored with the same playbook finds its copy kept: the
    text (80 KB for a large playbook) is not sent again, and never replaced."""
    digest = hashlib.sha256(b"id: x\n").hexdigest()[:16]
    first = replace(new_session(10), playbook_text="id: x\n", playbook_hash=digest)
    store.record(owned(store), first)
    # Were it sent again, PostgreSQL would refuse it: a copy's digest is its text's.
    store.record(owned(store), replace(first, playbook_text="id: y\n"))
    assert store.playbook_copy(digest) == "id: x\n"
    assert store.deal_overview("acme-corp-renewal")[2] == 2


def test_changes_are_kept_with_who_and_the_deal_takes_them(store: DealStore) -> None:
    store.record(owned(store), new_session(10))
    with store.deal_write("acme-corp-renewal") as write:
        assert write.deal is not None
        staged = replace(write.deal, stage="Proposal", amount=120000.5, close_date="2026-12-31")
        write.change(staged, DealChange("update", {"stage": (None, "Proposal")}))
    with store.deal_write("acme-corp-renewal") as write:
        assert write.deal == staged
        won = DealChange("won", {"status": ("open", "won")}, "signed")
        write.change(replace(staged, status="won"), won)
    stored = store.deal("acme-corp-renewal")
    assert stored is not None
    assert (stored.stage, stored.amount, stored.close_date, stored.status) == (
        "Proposal", 120000.5, "2026-12-31", "won",
    )  # fmt: skip
    first, second = store.changes("acme-corp-renewal")
    assert (first.kind, first.changes) == ("update", {"stage": (None, "Proposal")})
    assert (second.kind, second.reason) == ("won", "signed")
    assert second.changes == {"status": ("open", "won")}
    assert first.by == second.by == store.user
    assert first.id < second.id and first.created_at


def test_a_write_that_raises_or_writes_nothing_leaves_no_trace(store: DealStore) -> None:
    store.record(owned(store), new_session(10))
    with pytest.raises(RuntimeError), store.deal_write("acme-corp-renewal") as write:
        assert write.deal is not None
        write.change(replace(write.deal, stage="X"), DealChange("update", {"stage": (None, "X")}))
        raise RuntimeError("the command failed after the write")
    with store.deal_write("acme-corp-renewal"):
        pass
    assert store.changes("acme-corp-renewal") == []
    assert store.deal("acme-corp-renewal") == owned(store)


def test_one_crm_id_is_one_deal(store: DealStore) -> None:
    store.record(owned(store), new_session(10))
    store.record(replace(deal("globex", "Globex"), owner=store.user), new_session(20))
    for key in ("acme-corp-renewal", "globex"):
        refused = pytest.raises(DealcoachError, match="conflicts with another deal")
        with refused if key == "globex" else nullcontext(), store.deal_write(key) as write:
            assert write.deal is not None
            given = DealChange("update", {"crm_id": (None, "006A")})
            write.change(replace(write.deal, crm_id="006A"), given)
    globex = store.deal("globex")
    assert globex is not None and globex.crm_id is None
    assert store.changes("globex") == []


def test_drafts_and_playbook_copies(store: DealStore) -> None:
    key = "acme-corp-renewal"
    assert store.draft(key) is None
    draft = Draft(key, "qualify", "customer-first", {"pain_owner": Answer("met")}, ["x"], "t1")
    store.save_draft(draft)
    assert store.draft(key) == draft
    newer = Draft(key, "next-step", "customer-first", {"icp_fit": Answer("poor")}, [], "t2")
    store.save_draft(newer)
    assert store.draft(key) == newer
    digest = hashlib.sha256(b"id: x\n").hexdigest()[:16]  # as PlaybookFile.digest
    copy = replace(new_session(10), playbook_text="id: x\n", playbook_hash=digest)
    store.record(owned(store), copy)
    assert store.draft(key) is None  # the session ended it
    assert store.playbook_copy(digest) == "id: x\n"
    assert store.playbook_copy("other") is None
    store.save_draft(draft)
    store.discard_draft(key)
    assert store.draft(key) is None


def test_the_history_reads_where_each_deal_stood_before_a_moment(
    store: DealStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``as_of``: each deal's last session before the moment; a deal with none before
    it is absent."""
    import dealcoach.adapters.postgres_store
    import dealcoach.adapters.sqlite_store

    def record_at(at: str, key: str, score: float, band: str) -> None:
        for module in (dealcoach.adapters.sqlite_store, dealcoach.adapters.postgres_store):
            monkeypatch.setattr(module, "now", lambda: at)
        store.record(
            replace(deal(key, key.title()), owner=store.user), new_session(score, band=band)
        )

    record_at("2026-11-01T09:00:00+00:00", "acme", 10, "early")
    record_at("2026-11-02T09:00:00+00:00", "acme", 20, "before")
    record_at("2026-11-03T09:00:00+00:00", "acme", 30, "after")
    record_at("2026-11-04T09:00:00+00:00", "globex", 40, "after")
    as_of = store.history("2026-11-03T00:00:00+00:00").as_of
    assert {key: (s.score, s.band) for key, s in as_of.items()} == {"acme": (20.0, "before")}
    assert store.history("2026-11-01T00:00:00+00:00").as_of == {}
    latest = store.history("2026-12-01T00:00:00+00:00").as_of
    assert {key: s.score for key, s in latest.items()} == {"acme": 30.0, "globex": 40.0}


def test_without_pipeline_mode_a_write_is_sent_statement_by_statement(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client library without libpq's pipeline mode: the same writes, one by one."""
    import psycopg

    from dealcoach.adapters.postgres_store import PostgresStore

    monkeypatch.setattr(psycopg.Pipeline, "is_supported", classmethod(lambda cls: False))
    store = PostgresStore(pg_url)
    try:
        first = store.record(owned(store), new_session(10))
        second = store.record(owned(store), new_session(20))
        assert [s.id for s in store.sessions("acme-corp-renewal")] == [first.id, second.id]
        assert store.last_session("acme-corp-renewal") == second
    finally:
        store.close()
