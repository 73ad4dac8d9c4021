"""Rows of either store (SQLite or PostgreSQL) to records, and records to row values.

Both stores keep the same columns; a row is anything indexed by column name. JSON
columns arrive as text from SQLite and decoded from PostgreSQL's ``json``; times as
ISO text from SQLite and as ``datetime`` from PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from dealcoach.adapters.json_views import answers_from_json, figures_from_result
from dealcoach.core.records import (
    Deal,
    DealChange,
    DealLine,
    Draft,
    NewSession,
    Session,
    SessionBrief,
    SessionFacts,
)

Row = Mapping[str, Any]

# The columns of a deal, in the order of Deal's fields.
DEAL_COLUMNS = (
    "key", "name", "playbook_id", "playbook_source", "created_at",
    "owner", "stage", "amount", "close_date", "crm_id", "status",
)  # fmt: skip


def decoded(value: Any) -> Any:
    """A JSON column's value: text is decoded, what the driver decoded is kept."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def moment(value: Any) -> str:
    """A stored time as the records keep it: UTC, to the second, in ISO form."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return str(value)


def day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def amount(value: Any) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | int | float) else float(str(value))


def deal_values(values: tuple[Any, ...]) -> Deal:
    """A deal from its columns' values, in DEAL_COLUMNS order."""
    (key, name, playbook_id, source, created, owner, stage, amt, close, crm, status) = values
    return Deal(
        key, name, playbook_id, source, moment(created), owner, stage, amount(amt),
        day(close), crm, status or "open",
    )  # fmt: skip


def deal_row(deal: Deal) -> tuple[Any, ...]:
    """A deal's values in DEAL_COLUMNS order, to insert."""
    return tuple(getattr(deal, c) for c in DEAL_COLUMNS)


def deal_update(deal: Deal) -> tuple[Any, ...]:
    """The values of UPDATE ... SET owner, stage, amount, close_date, crm_id, status
    WHERE key."""
    return (deal.owner, deal.stage, deal.amount, deal.close_date, deal.crm_id, deal.status,
            deal.key)  # fmt: skip


def deal_of(row: Row) -> Deal:
    return deal_values(tuple(row[c] for c in DEAL_COLUMNS))


def label_of(result: Mapping[str, Any]) -> str | None:
    band = result.get("band")
    label = band.get("label") if isinstance(band, dict) else None
    return label if isinstance(label, str) else None


def title_of(result: Mapping[str, Any]) -> str | None:
    step = result.get("next_step")
    title = step.get("title") if isinstance(step, dict) else None
    return title if isinstance(title, str) else None


def figures_of(result: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """``known`` and ``verified`` of a stored result (absent from the oldest ones)."""
    known, verified = result.get("known"), result.get("verified")
    return (
        float(known) if isinstance(known, int | float) else None,
        float(verified) if isinstance(verified, int | float) else None,
    )


def assumed_of(answers: Mapping[str, Any]) -> list[str]:
    """The questions of stored answers that are known but assumed, in their order."""
    return [
        str(qid)
        for qid, a in answers.items()
        if isinstance(a, dict) and a.get("evidence") == "assumed" and a.get("answer") != "unknown"
    ]


# The assumed questions of a session are kept as their ids joined by commas (ids have
# none): the pipeline reads thousands of them, and most repeat, so each distinct text
# is split once.
_SPLIT: dict[str, tuple[str, ...]] = {"": ()}
_LIMITS: dict[str, dict[str, int]] = {}


def assumed_text(questions: Iterable[str]) -> str:
    return ",".join(questions)


def assumed_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    found = _SPLIT.get(value)
    if found is None:
        found = _SPLIT[value] = tuple(value.split(","))
    return found


def limits_of(value: Any) -> dict[str, int] | None:
    """A session's warning numbers, kept as JSON (decoded once per distinct text)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return dict(value)
    found = _LIMITS.get(value)
    if found is None:
        found = _LIMITS[value] = dict(json.loads(value))
    return found


def session_values(session: SessionFacts) -> tuple[Any, ...]:
    """known, verified, assumed, band_rank, top_band and limits of a session to store
    (JSON as text: SQLite keeps it so, PostgreSQL casts it)."""
    return (
        session.known,
        session.verified,
        assumed_text(session.assumed),
        session.band_rank,
        session.top_band,
        json.dumps(session.limits) if session.limits is not None else None,
    )


def say_of(result: Mapping[str, Any]) -> str:
    step = result.get("next_step")
    say = step.get("say") if isinstance(step, dict) else None
    return say if isinstance(say, str) else ""


def session_of(row: Row) -> Session:
    result = decoded(row["result"])
    known, verified = figures_of(result)
    return Session(
        id=row["id"],
        deal_key=row["deal_key"],
        created_at=moment(row["created_at"]),
        command=row["command"],
        playbook_id=row["playbook_id"],
        playbook_version=row["playbook_version"],
        playbook_hash=row["playbook_hash"],
        answers=answers_from_json(decoded(row["answers"])),
        score=float(row["score"]),
        band=row["band"],
        band_label=row["band_label"] or label_of(result) or row["band"],
        band_short=row["band_short"] or row["band_label"] or row["band"],
        next_step_title=row["next_step_title"] or title_of(result) or row["next_step"],
        gates=decoded(row["gates"]),
        next_step=row["next_step"],
        note=row["note"],
        objective=row["objective"],
        figures=figures_from_result(result),
        by=row["made_by"],
        say=say_of(result),
        known=row["known"] if row["known"] is not None else known or 0.0,
        verified=row["verified"] if row["verified"] is not None else verified or 0.0,
        assumed=assumed_list(row["assumed"]),
        band_rank=row["band_rank"],
        top_band=None if row["top_band"] is None else bool(row["top_band"]),
        limits=limits_of(row["limits"]),
    )


def change_of(row: Row) -> DealChange:
    changes = decoded(row["changes"])
    return DealChange(
        kind=row["kind"],
        changes={name: (pair[0], pair[1]) for name, pair in changes.items()},
        reason=row["reason"],
        by=row["made_by"],
        created_at=moment(row["created_at"]),
        id=row["id"],
    )


def changes_json(change: DealChange) -> str:
    return json.dumps({name: list(pair) for name, pair in change.changes.items()})


# The recent sessions of each deal, as the pipeline reads them: their scores, assumed
# questions and times, oldest first.
Recent = dict[str, tuple[list[float], list[tuple[str, ...]], list[str]]]


def recent_of(rows: Iterable[tuple[str, float, str | None, str | None]]) -> Recent:
    """The recent sessions from rows of (deal key, score, assumed, time), in the order of
    the deal's sessions (the times as :func:`moment` gives them, or None: not read)."""
    recent: Recent = {}
    key = None
    scores: list[float] = []
    assumed: list[tuple[str, ...]] = []
    times: list[str] = []
    for row_key, score, questions, at in rows:
        if row_key != key:  # rows come grouped by deal
            key = row_key
            scores, assumed, times = recent.setdefault(key, ([], [], []))
        scores.append(score)
        assumed.append(assumed_list(questions))
        if at is not None:
            times.append(at)
    return recent


def deal_line(row: tuple[Any, ...], recent: Recent) -> DealLine:
    """A pipeline row: the deal's columns (DEAL_COLUMNS), then its last session's id,
    time, score, band, band label and short label, next step and its title, known,
    verified, band rank, top band and limits (all None for a deal never qualified);
    with the scores and assumptions of its recent sessions."""
    deal = deal_values(row[:11])
    sid, created, score, band, label, short, step, title = row[11:19]
    known, verified, rank, top, limits = row[19:24]
    last = (
        None
        if sid is None
        else SessionBrief(
            id=sid,
            created_at=moment(created),
            score=float(score),
            band=band,
            band_label=label or band,
            band_short=short or label or band,
            next_step=step,
            next_step_title=title or step,
            known=float(known or 0.0),
            verified=float(verified or 0.0),
            band_rank=rank,
            top_band=None if top is None else bool(top),
            limits=limits_of(limits),
        )
    )
    found = recent.get(deal.key)
    if found is None:  # never qualified
        return DealLine(deal, last, [], [], [])
    return DealLine(deal, last, *found)


def draft_of(row: Row) -> Draft:
    payload = decoded(row["answers"])
    return Draft(
        row["deal_key"],
        row["command"],
        row["playbook_id"],
        answers_from_json(payload.get("answers", {})),
        [str(q) for q in payload.get("asked", [])],
        row["updated_at"],
    )


def recorded(session: NewSession, session_id: int, deal_key: str, at: str, by: str) -> Session:
    """The stored session, as the store hands it back once recorded."""
    facts = {f.name: getattr(session, f.name) for f in fields(SessionFacts)}
    facts["assumed"] = tuple(session.assumed)
    return Session(
        **facts,
        id=session_id,
        deal_key=deal_key,
        created_at=at,
        figures=figures_from_result(session.result),
        by=by,
        say=say_of(session.result),
    )
