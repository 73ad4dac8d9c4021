"""What ``qualify`` and ``next-step`` do, between the CLI and the core.

Resolve the deal and its playbook, gather answers (from a file or an asker),
score, compare with the last session, record the session. No printing here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dealcoach import catalog
from dealcoach.answers import Answer, Answers
from dealcoach.errors import DealcoachError, InvalidFile
from dealcoach.language import TellMatch, tell_matches
from dealcoach.loading import PlaybookFile, load_answers
from dealcoach.models import Playbook
from dealcoach.report import Changes, DealRef, changes, previous_of, scorecard_json
from dealcoach.scoring import Scorecard, score
from dealcoach.store import Deal, DealStore, NewSession, Session, now
from dealcoach.textsafe import one_line


def valid_text(value: str | None, what: str) -> str | None:
    """Text that can be stored: arguments in another encoding than UTF-8 are refused."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise DealcoachError(
            f"{what} {one_line(value.encode('utf-8', 'replace').decode())!r}: is not valid "
            "UTF-8 text; set your terminal to UTF-8 and type it again"
        ) from None
    return value


def deal_key(name: str) -> str:
    """The slug of a deal's name: ``"Acme Corp renewal"`` -> ``acme-corp-renewal``."""
    valid_text(name, "the deal name")
    text = unicodedata.normalize("NFKC", name).lower()
    key = re.sub(r"[\W_]+", "-", text).strip("-")
    if not key:
        raise DealcoachError(
            f"{one_line(name)!r}: a deal name needs at least one letter or digit; "
            "choose another name"
        )
    return key


@dataclass
class Outcome:
    """A recorded session and everything the views need to show it."""

    deal: Deal
    card: Scorecard
    session: Session
    result: dict[str, Any]
    previous: Session | None
    changes: Changes | None
    tells: list[TellMatch]
    notices: list[str] = field(default_factory=list)


# An asker fills answers interactively: (playbook, starting answers, previous session) -> answers.
Asker = Callable[[Playbook, Answers, Session | None], Answers]


def answers_to_json(answers: Answers) -> dict[str, Any]:
    return {qid: a.to_json() for qid, a in answers.items() if a.known}


def carry_over(stored: dict[str, Any], playbook: Playbook) -> tuple[Answers, list[str]]:
    """Stored answers that still fit the playbook, by question id; and the ids dropped."""
    answers: Answers = {}
    dropped: list[str] = []
    for qid, data in stored.items():
        question = playbook.question(qid)
        answer = Answer.from_json(data)
        if question is None:
            dropped.append(qid)
            continue
        if question.kind != "text" and answer.known:
            chosen = answer.value if isinstance(answer.value, tuple) else (answer.value,)
            if any(question.option(str(o)) is None for o in chosen):
                dropped.append(qid)
                continue
            if question.kind == "one" and isinstance(answer.value, tuple):
                dropped.append(qid)
                continue
        if not question.evidence and answer.known:
            answer = Answer(answer.value, "verified")
        answers[qid] = answer
    return answers, dropped


def _deal_playbook(deal: Deal) -> PlaybookFile:
    """The playbook a deal was qualified with: its file if still there, else by id."""
    source = deal.playbook_source
    if source and Path(source).is_file():
        checked = catalog.resolve(source)
        if checked.playbook is not None and checked.playbook.id == deal.playbook_id:
            return checked
    try:
        return catalog.resolve(deal.playbook_id)
    except InvalidFile:
        raise
    except DealcoachError:
        if not source:
            raise
        raise DealcoachError(
            f"{source}: this deal's playbook '{deal.playbook_id}' is no longer there; "
            "put the file back, or copy it into ./playbooks/"
        ) from None


def _source_of(ref: str | None, checked: PlaybookFile) -> str | None:
    """Remember the file of a playbook given by path, so later sessions find it."""
    if ref and catalog.looks_like_path(ref):
        return str(Path(checked.path).resolve())
    return None


@dataclass
class Prepared:
    """A deal ready for a session: its playbook, last session and starting answers."""

    name: str
    key: str
    existing: Deal | None
    checked: PlaybookFile
    playbook: Playbook
    source: str | None
    last: Session | None
    notices: list[str]


def prepare(store: DealStore, name: str, playbook_ref: str | None, *, command: str) -> Prepared:
    key = deal_key(name)
    existing = store.deal(key)
    last = store.last_session(key) if existing is not None else None
    notices: list[str] = []
    if command == "next-step" and last is None:
        shown = one_line(name)
        raise DealcoachError(
            f'{shown}: this deal has never been qualified; run `dealcoach qualify "{shown}"` first'
        )
    if playbook_ref is not None:
        checked = catalog.resolve(playbook_ref)
    elif existing is not None:
        checked = _deal_playbook(existing)
    else:
        checked = catalog.resolve(catalog.DEFAULT_PLAYBOOK)
    playbook = checked.playbook
    assert playbook is not None
    source = _source_of(playbook_ref, checked)
    if existing is not None and playbook_ref is None:
        source = existing.playbook_source
    if existing is not None and existing.playbook_id != playbook.id:
        notices.append(
            f"switching {name} from playbook '{existing.playbook_id}' to '{playbook.id}'; "
            "answers are carried over by question id"
        )
    if (
        last is not None
        and last.playbook_id == playbook.id
        and last.playbook_hash != checked.digest
    ):
        notices.append(
            f"playbook '{playbook.id}' changed since the last session "
            f"(version {last.playbook_version} -> {playbook.version}); "
            "answers are carried over by question id"
        )
    return Prepared(name, key, existing, checked, playbook, source, last, notices)


def run_session(
    store: DealStore,
    prepared: Prepared,
    *,
    command: str,
    answers_file: str | None,
    asker: Asker | None = None,
    objective: str | None = None,
    note: str | None = None,
    ask_objective: Callable[[Scorecard, str | None], str | None] | None = None,
    ask_note: Callable[[], str | None] | None = None,
) -> Outcome:
    """Gather answers, score, compare with the last session and record it."""
    pb = prepared.playbook
    last = prepared.last
    notices: list[str] = []  # this session's own; prepare() reported its own already
    start: Answers = {}
    if last is not None:
        start, dropped = carry_over(last.answers, pb)
        if dropped:
            notices.append(
                f"answers to {', '.join(dropped)} no longer fit playbook '{pb.id}' and were dropped"
            )
    if answers_file is not None:
        given = load_answers(answers_file, pb)
        answers = {**start, **given} if command == "next-step" else given
    elif asker is not None:
        answers = asker(pb, start, last)
    else:  # pragma: no cover - the CLI always passes one of them
        raise DealcoachError("no answers: pass --answers FILE")

    card = score(pb, answers)
    objective, note = valid_text(objective, "--objective"), valid_text(note, "--note")
    if ask_objective is not None:
        objective = ask_objective(card, objective)
    if ask_note is not None and note is None:
        note = ask_note()
    tells = tell_matches(pb, objective) if objective else []
    deal = Deal(
        key=prepared.key,
        name=prepared.existing.name if prepared.existing else prepared.name,
        playbook_id=pb.id,
        playbook_source=prepared.source,
        created_at=prepared.existing.created_at if prepared.existing else now(),
    )
    result = scorecard_json(
        card,
        DealRef(deal.key, deal.name),
        previous_of(last.result if last else None),
        objective=objective,
        tells=tells,
        note=note,
    )
    diff = changes(last.result, result) if last is not None else None
    if diff is not None:
        result["changes"] = diff.to_json()
    session = store.record(
        deal,
        NewSession(
            command=command,
            playbook_id=pb.id,
            playbook_version=pb.version,
            playbook_hash=prepared.checked.digest,
            answers=answers_to_json(answers),
            score=card.score,
            band=card.band.id,
            gates=[g.id for g in card.gates],
            next_step=card.next_step.id,
            note=note,
            objective=objective,
            result=result,
        ),
        ends_draft=answers_file is None,
    )
    return Outcome(deal, card, session, result, last, diff, tells, notices)


@dataclass
class DealState:
    """A deal as it stands: its sessions and its answers scored with its playbook."""

    deal: Deal
    sessions: list[Session]
    card: Scorecard
    notices: list[str]

    def to_json(self) -> dict[str, Any]:
        card = self.card
        last = self.sessions[-1]
        before = self.sessions[-2].result if len(self.sessions) > 1 else None
        return {
            "deal": {
                "key": self.deal.key,
                "name": self.deal.name,
                "playbook": self.deal.playbook_id,
                "created_at": self.deal.created_at,
            },
            "scorecard": scorecard_json(
                card,
                DealRef(self.deal.key, self.deal.name),
                previous_of(before),
                objective=last.objective,
                note=last.note,
            ),
            "sessions": [
                {
                    "id": s.id,
                    "created_at": s.created_at,
                    "command": s.command,
                    "playbook": {"id": s.playbook_id, "version": s.playbook_version},
                    "score": round(s.score, 1),
                    "band": s.band,
                    "gates": s.gates,
                    "next_step": s.next_step,
                    "objective": s.objective,
                    "note": s.note,
                }
                for s in self.sessions
            ],
            "answers": [
                {
                    "question": q.id,
                    "dimension": d.id,
                    "ask": q.ask,
                    **card.answer(q.id).to_json(),
                    "status": (
                        "unknown" if not card.answer(q.id).known else card.answer(q.id).evidence
                    ),
                }
                for d in card.playbook.dimensions
                for q in d.questions
            ],
        }


def inspect_deal(store: DealStore, name: str) -> DealState:
    """The deal named ``name`` (or its key), scored from its last session's answers."""
    key = deal_key(name)
    deal = store.deal(key)
    sessions = store.sessions(key) if deal is not None else []
    if deal is None or not sessions:
        shown = one_line(name)
        raise DealcoachError(
            f"{shown}: no such deal; see `dealcoach deals`, or start it with "
            f'`dealcoach qualify "{shown}"`'
        )
    checked = _deal_playbook(deal)
    assert checked.playbook is not None
    answers, dropped = carry_over(sessions[-1].answers, checked.playbook)
    notices = []
    if checked.digest != sessions[-1].playbook_hash:
        notices.append(
            f"playbook '{checked.playbook.id}' changed since the last session: the scorecard "
            "uses the playbook as it is now; the history keeps the scores as they were"
        )
    if dropped:
        notices.append(f"answers to {', '.join(dropped)} no longer fit the playbook")
    return DealState(deal, sessions, score(checked.playbook, answers), notices)
