"""The review's reads of the history, for both stores: a query each in one snapshot,
whatever the number of deals (where each deal stood, the outcomes, the scores over
time)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dealcoach.adapters import store_rows
from dealcoach.core._gc import gc_paused
from dealcoach.core.records import History, Standing

# The queries of each store's dialect; as_of and closed take the moment.
SQLITE = {
    # Deal by deal (CROSS JOIN keeps that order) through the covering index alone: the
    # table's rows, with their answers and results, are never read.
    "as_of": """
        SELECT s.deal_key, s.score, s.band, s.band_label, s.band_rank
        FROM deals AS d
        CROSS JOIN sessions AS s INDEXED BY sessions_recent
            ON s.deal_key = d.key AND s.id = (
                SELECT max(id) FROM sessions INDEXED BY sessions_recent
                WHERE deal_key = d.key AND created_at < ?)
    """,
    "closed": """
        SELECT * FROM deal_changes
        WHERE created_at >= ? AND kind IN ('won', 'lost', 'reopen', 'import') ORDER BY id
    """,
    "timeline": """
        SELECT deal_key, created_at, score FROM sessions INDEXED BY sessions_recent
        ORDER BY deal_key, id
    """,
}
POSTGRES = {
    # Deal by deal through the index on (deal_key, id): no scan and sort of every session.
    "as_of": """
        SELECT d.key, s.score, s.band, s.band_label, s.band_rank
        FROM dealcoach.deals AS d
        CROSS JOIN LATERAL (
            SELECT score, band, band_label, band_rank FROM dealcoach.sessions
            WHERE deal_key = d.key AND created_at < %s ORDER BY id DESC LIMIT 1
        ) AS s
    """,
    "closed": """
        SELECT * FROM dealcoach.deal_changes
        WHERE created_at >= %s AND kind IN ('won', 'lost', 'reopen', 'import') ORDER BY id
    """,
    "timeline": """
        SELECT deal_key, created_at, score FROM dealcoach.sessions ORDER BY deal_key, id
    """,
}

Run = Callable[[str, tuple[Any, ...]], Iterable[Any]]


def history(run: Run, rows: Run, queries: dict[str, str], since: str, *, timeline: bool) -> History:
    """``run`` executes a query for plain tuples, ``rows`` for rows by column name."""
    with gc_paused():
        as_of = {
            key: Standing(float(score), band, label or band, rank)
            for key, score, band, label, rank in run(queries["as_of"], (since,))
        }
        closed = [
            (str(row["deal_key"]), store_rows.change_of(row))
            for row in rows(queries["closed"], (since,))
        ]
        scores: dict[str, list[tuple[str, float]]] = {}
        for key, created, score in run(queries["timeline"], ()) if timeline else ():
            scores.setdefault(key, []).append((store_rows.moment(created), float(score)))
    return History(as_of, closed, scores)
