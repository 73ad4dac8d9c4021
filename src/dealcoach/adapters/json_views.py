"""Every JSON shape dealcoach writes or stores, in one place (CLI.md's contract).

Figures go through :func:`~dealcoach.core.figures.round1`. Only light modules are
imported at run time, so that the store (which uses this) starts fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from dealcoach.core.answer import UNKNOWN, Answer, Answers, Evidence
from dealcoach.core.figures import DimensionFigure, Figures, round1
from dealcoach.core.language import learning_suggestions

if TYPE_CHECKING:
    from dealcoach.core.catalog import Found
    from dealcoach.core.changes import Changes
    from dealcoach.core.deal_state import DealState
    from dealcoach.core.language import TellMatch
    from dealcoach.core.pipeline import DealSummary
    from dealcoach.core.records import Deal, DealChange, Session
    from dealcoach.core.scoring import Scorecard
    from dealcoach.core.workflow import Outcome

# --- Answers, as stored and as shown -----------------------------------------------


def answer_json(answer: Answer) -> dict[str, Any]:
    value = list(answer.value) if isinstance(answer.value, tuple) else answer.value
    return {"answer": UNKNOWN if value is None else value, "evidence": answer.evidence}


def answer_from_json(data: Mapping[str, Any]) -> Answer:
    value = data.get("answer")
    evidence: Evidence = "assumed" if data.get("evidence") == "assumed" else "verified"
    if value is None or value == UNKNOWN:
        return Answer()
    return Answer(tuple(value) if isinstance(value, list) else str(value), evidence)


def answers_json(answers: Answers) -> dict[str, Any]:
    return {qid: answer_json(a) for qid, a in answers.items()}


def answers_from_json(data: Mapping[str, Any]) -> Answers:
    return {str(qid): answer_from_json(a) for qid, a in data.items()}


# --- A session's scorecard ----------------------------------------------------------


def scorecard_json(
    card: Scorecard,
    deal_key: str,
    deal_name: str,
    previous: Figures | None,
    *,
    objective: str | None = None,
    tells: list[TellMatch] | None = None,
    note: str | None = None,
    stage: str | None = None,
) -> dict[str, Any]:
    """The ``--json`` object of ``qualify`` and ``next-step`` (CLI.md), with extras;
    ``stage``: the deal's stage attribute."""
    from dealcoach.core.stages import stage_status

    pb = card.playbook
    step = card.next_step
    status = stage_status(card, stage)
    return {
        "deal": {"key": deal_key, "name": deal_name},
        "playbook": {"id": pb.id, "version": pb.version},
        "score": round1(card.score),
        "known": round1(card.known),
        "verified": round1(card.verified),
        "band": {"id": card.band.id, "label": card.band.label},
        "gates": [g.id for g in card.gates],
        "stage": None
        if status is None
        else {
            "id": status.stage.id,
            "label": status.stage.label,
            "exit_met": status.exit_met,
            "missing": status.missing,
        },
        "dimensions": [
            {
                "id": d.id,
                "name": d.name,
                "score": round1(d.score),
                "known": round1(d.known),
                "verified": round1(d.verified),
                "unknown": list(d.unknown),
                "assumed": list(d.assumed),
            }
            for d in card.dimensions
        ],
        "next_step": {
            "id": step.id,
            "title": step.title,
            "say": step.say,
            "why": step.why,
            "learn": list(step.learn),
        },
        "learning_objectives": card.learning_objectives,
        "previous": previous_json(previous),
        # Extensions beyond the contract.
        "gate_reasons": {g.id: g.reason for g in card.gates},
        "assumptions_to_verify": [
            {"question": q.id, "ask": q.ask, "learn": q.objective} for q in card.assumptions
        ],
        "objective": objective,
        "tell_language": [
            {
                "rule": t.rule.id,
                "phrase": t.phrase,
                "advice": t.rule.advice,
                "try": learning_suggestions(card),
            }
            for t in tells or []
        ],
        "note": note,
    }


def previous_json(figures: Figures | None) -> dict[str, Any] | None:
    """``previous``: the score and band of the session before, or null."""
    if figures is None:
        return None
    return {"score": figures.score, "band": figures.band_id}


def changes_json(changes: Changes) -> dict[str, Any]:
    band_before, band_after = changes.band_before, changes.band_after
    return {
        "score": {"from": changes.score.before, "to": changes.score.after},
        "band": {
            "from": {"id": band_before[0], "label": band_before[1]},
            "to": {"id": band_after[0], "label": band_after[1]},
        },
        "dimensions": [{"id": d.id, "from": d.before, "to": d.after} for d in changes.dimensions],
    }


def session_json(outcome: Outcome) -> dict[str, Any]:
    """The ``--json`` of ``qualify`` / ``next-step``, also stored as the session's result."""
    previous = outcome.previous
    data = scorecard_json(
        outcome.card,
        outcome.deal.key,
        outcome.deal.name,
        previous.figures if previous is not None else None,
        objective=outcome.objective,
        tells=outcome.tells,
        note=outcome.note,
        stage=outcome.deal.stage,
    )
    if outcome.changes is not None:
        data["changes"] = changes_json(outcome.changes)
    return data


def figures_from_result(result: Mapping[str, Any]) -> Figures:
    """The figures a stored session showed, from its result (the JSON above)."""
    band = result.get("band") or {}
    return Figures(
        float(result.get("score", 0.0)),
        str(band.get("id", "")),
        str(band.get("label", band.get("id", ""))),
        tuple(
            DimensionFigure(str(d["id"]), str(d.get("name", d["id"])), float(d["score"]))
            for d in result.get("dimensions", [])
        ),
    )


# --- The pipeline and one deal --------------------------------------------------


def deal_json(deal: Deal, warnings: list[str]) -> dict[str, Any]:
    """A deal object, as every JSON that carries a deal has it (TEAM.md)."""
    return {
        "key": deal.key,
        "name": deal.name,
        "owner": deal.owner,
        "stage": deal.stage,
        "amount": deal.amount,
        "close_date": deal.close_date,
        "crm_id": deal.crm_id,
        "status": deal.status,
        "warnings": warnings,
        "playbook": deal.playbook_id,
    }


def deal_summary_json(summary: DealSummary) -> dict[str, Any]:
    """One deal of ``deals --json``: the deal object, then its last session's figures
    (null for a deal never qualified)."""
    last = summary.last
    item = deal_json(summary.deal, summary.warnings)  # extended in place: 10,000 of them
    item["score"] = round1(last.score) if last else None
    item["band"] = {"id": last.band, "label": last.band_label} if last else None
    item["last_session"] = last.created_at if last else None
    item["days_since"] = summary.days_since
    item["trend"] = [round1(s) for s in summary.trend]
    item["direction"] = summary.direction
    item["stale"] = summary.stale
    item["next_step"] = last.next_step if last else None
    item["next_step_title"] = last.next_step_title if last else None
    return item


def deal_state_json(state: DealState) -> dict[str, Any]:
    """``show --json``: the deal, its scorecard, its sessions and every answer."""
    card = state.card
    deal = state.deal
    last = state.sessions[-1] if state.sessions else None
    before = state.sessions[-2].figures if len(state.sessions) > 1 else None
    return {
        "deal": {**deal_json(deal, state.warnings), "created_at": deal.created_at},
        "changes": [deal_change_json(c) for c in state.changes],
        "scorecard": (
            None
            if card is None or last is None
            else scorecard_json(
                card,
                deal.key,
                deal.name,
                before,
                objective=last.objective,
                note=last.note,
                stage=deal.stage,
            )
        ),
        "sessions": [
            {
                "id": s.id,
                "created_at": s.created_at,
                "by": s.by,
                "command": s.command,
                "playbook": {"id": s.playbook_id, "version": s.playbook_version},
                "score": round1(s.score),
                "band": s.band,
                "gates": s.gates,
                "next_step": s.next_step,
                "objective": s.objective,
                "note": s.note,
            }
            for s in state.sessions
        ],
        "answers": _stored_answers(last)
        if card is None or last is None
        else [
            {
                "question": q.id,
                "dimension": d.id,
                "ask": q.ask,
                **answer_json(card.answer(q.id)),
                "status": (
                    "unknown" if not card.answer(q.id).known else card.answer(q.id).evidence
                ),
            }
            for d in card.playbook.dimensions
            for q in d.questions
        ],
    }


def deal_change_json(change: DealChange) -> dict[str, Any]:
    """An attribute change or outcome of ``show --json``."""
    return {
        "created_at": change.created_at,
        "by": change.by,
        "kind": change.kind,
        "changes": {name: {"from": old, "to": new} for name, (old, new) in change.changes.items()},
        "reason": change.reason,
    }


def _stored_answers(last: Session | None) -> list[dict[str, Any]]:
    """The last session's answers as stored, for a deal whose playbook is gone (none
    for a deal never qualified)."""
    if last is None:
        return []
    return [
        {"question": qid, "dimension": None, "ask": None, **answer_json(a), "status": a.evidence}
        for qid, a in last.answers.items()
    ]


def playbook_json(found: Found) -> dict[str, Any]:
    """One playbook of ``playbooks --json``."""
    pb = found.checked.playbook
    return {
        "id": found.checked.declared_id,
        "version": pb.version if pb else None,
        "name": pb.name if pb else None,
        "origin": found.origin,
        "path": str(found.path),
        "errors": len(found.checked.errors),
        "shadowed": found.shadowed,
    }


# --- Text -----------------------------------------------------------------------


# Characters a terminal may act on, or that hide or reorder text: C1 controls and DEL,
# bidi overrides and isolates, zero-width characters, line and paragraph separators.
# json leaves them raw with ensure_ascii=False; they are escaped as \\uXXXX instead.
_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _escaped(text: str) -> str:
    if text.isascii() and "\x7f" not in text:  # the others are all beyond ASCII
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def dumps(data: Any, *, ascii_only: bool = False) -> str:
    """One JSON object, indented, as the commands print it."""
    return _escaped(json.dumps(data, ensure_ascii=ascii_only, indent=2)) + "\n"


def dumps_list(key: str, items: list[Any]) -> str:
    """``{KEY: [...]}`` with one compact item per line: fast for long lists (json's C
    encoder only runs without ``indent``), and easy to grep."""
    return dumps_lists({key: items})


def _compact_encoder() -> Callable[[Any], str]:
    """``json.dumps(item, ensure_ascii=False)``, item by item, through one of json's C
    encoders made once (``JSONEncoder.encode`` makes one per item: a sixth of the time
    of 10,000 deals)."""
    from json import encoder

    plain = json.JSONEncoder(ensure_ascii=False)
    c_make_encoder = getattr(encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # an interpreter without json's C part
        return plain.encode
    make = c_make_encoder(
        {}, plain.default, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda item: "".join(make(item, 0))


def dumps_lists(data: dict[str, Any]) -> str:
    """An object whose lists have one compact item per line (as :func:`dumps_list`)."""
    encode = _compact_encoder()
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            lines = ",\n    ".join(map(encode, value))
            shown = f"[\n    {lines}\n  ]" if value else "[]"
        else:
            shown = encode(value)
        parts.append(f"  {json.dumps(key)}: {shown}")
    return _escaped("{\n" + ",\n".join(parts) + "\n}\n")
