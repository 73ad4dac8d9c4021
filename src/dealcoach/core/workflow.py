"""What ``qualify`` and ``next-step`` do, between the CLI and the core.

Resolve the deal and its playbook, gather answers (from a file or an asker),
score, compare with the last session, record the session. No printing here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from dealcoach.core.answer import UNKNOWN_ANSWER, Answer, Answers
from dealcoach.core.catalog import DEFAULT_PLAYBOOK, Catalog
from dealcoach.core.changes import Changes, changes
from dealcoach.core.deal_playbook import deal_playbook, shown_source, source_of
from dealcoach.core.errors import DealcoachError
from dealcoach.core.figures import Figures
from dealcoach.core.language import TellMatch, tell_matches
from dealcoach.core.loading import PlaybookFile, load_answers
from dealcoach.core.models import Playbook
from dealcoach.core.records import Deal, NewSession, Session, now
from dealcoach.core.rights import require_may_change, require_open
from dealcoach.core.scoring import Scorecard, score
from dealcoach.core.store import DealStore
from dealcoach.core.suggestions import closest
from dealcoach.core.textsafe import one_line
from dealcoach.core.words import plural


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
    """A scored session, ready to be shown and recorded."""

    command: str
    deal: Deal
    card: Scorecard
    previous: Session | None
    changes: Changes | None
    tells: list[TellMatch]
    objective: str | None
    note: str | None
    playbook_hash: str
    playbook_text: str  # kept with the session, by its digest
    ends_draft: bool  # the session finishes the deal's draft (it was asked, not read)
    notices: list[str] = field(default_factory=list)

    def new_session(self, result: dict[str, Any]) -> NewSession:
        """The session to store, with ``result``, its output as data."""
        card = self.card
        return NewSession(
            command=self.command,
            playbook_id=card.playbook.id,
            playbook_version=card.playbook.version,
            playbook_hash=self.playbook_hash,
            answers={qid: a for qid, a in card.answers.items() if a.known},
            score=card.score,
            band=card.band.id,
            band_label=card.band.label,
            band_short=card.band.shown,
            gates=[g.id for g in card.gates],
            next_step=card.next_step.id,
            next_step_title=card.next_step.title,
            note=self.note,
            objective=self.objective,
            result=result,
            playbook_text=self.playbook_text,
            known=card.known,
            verified=card.verified,
            assumed=tuple(qid for qid, a in card.answers.items() if a.known and a.assumed),
            band_rank=card.playbook.bands.index(card.band),
            top_band=card.band.id == card.playbook.top_band.id,
            limits=card.playbook.warnings.as_dict(),
        )


# An asker fills answers interactively: (playbook, starting answers, previous session) -> answers.
Asker = Callable[[Playbook, Answers, Session | None], Answers]


def carry_over(stored: Answers, playbook: Playbook) -> tuple[Answers, list[str]]:
    """Stored answers that still fit the playbook, by question id; and the ids dropped."""
    answers: Answers = {}
    dropped: list[str] = []
    for qid, answer in stored.items():
        question = playbook.question(qid)
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


def _near(store: DealStore, name: str) -> str | None:
    """The name of the deal most like ``name``, when one is close (closer than the
    likeness of a misspelt key: deals are told apart by small differences)."""
    deals = store.deals()
    names = {d.name: d.name for d in deals} | {d.key: d.name for d in deals}
    found = closest(name, names, cutoff=0.75) or closest(deal_key(name), names, cutoff=0.75)
    return names[found] if found else None


def no_such_deal(store: DealStore, name: str) -> DealcoachError:
    """The error for a deal that has never been qualified: with the closest deal's name
    when there is one, so that a typo does not start a duplicate."""
    shown = one_line(name)
    near = _near(store, name)
    if near:
        return DealcoachError(
            f"{shown}: no such deal (it has never been qualified); did you mean {one_line(near)!r}?"
        )
    return DealcoachError(
        f"{shown}: no such deal (it has never been qualified); see `dealcoach deals`, "
        f'or start it with `dealcoach qualify "{shown}"`'
    )


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
    owner: str | None = None  # qualify --owner, for a new deal
    stage: str | None = None  # qualify --stage: the deal's stage from this session on


def _owner_of_new(existing: Deal | None, owner: str | None) -> str | None:
    """``qualify --owner``: who owns the deal it creates (an existing deal's owner is
    changed with ``update --owner``)."""
    if owner is None:
        return None
    given = " ".join((valid_text(owner, "--owner") or "").split())
    if not given:
        raise DealcoachError("--owner is empty; give the name of the deal's owner")
    if existing is not None and existing.owner != given:
        shown = one_line(existing.name)
        raise DealcoachError(
            f"{shown}: is owned by {one_line(existing.owner or 'nobody')}; --owner names the "
            f'owner of a new deal: change it with `dealcoach update "{shown}" --owner NAME`'
        )
    return given


def prepare(
    store: DealStore,
    catalog: Catalog,
    name: str,
    playbook_ref: str | None,
    *,
    command: str,
    owner: str | None = None,
    stage: str | None = None,
) -> Prepared:
    key = deal_key(name)
    existing, last, count = store.deal_overview(key)
    notices: list[str] = []
    if command == "next-step" and existing is None:
        raise no_such_deal(store, name)
    if command == "next-step" and last is None:
        assert existing is not None
        shown = one_line(existing.name)
        raise DealcoachError(
            f'{shown}: has never been qualified; start with `dealcoach qualify "{shown}"`'
        )
    new_owner = _owner_of_new(existing, owner)
    if existing is not None:
        require_open(existing)
        require_may_change(store, existing)
    if existing is None:
        near = _near(store, name)
        if near:
            notices.append(
                f"starting a new deal {one_line(name)!r}; did you mean {one_line(near)!r}? "
                f'(its next session is `dealcoach next-step "{one_line(near)}"`)'
            )
    elif command == "qualify" and last is not None and playbook_ref is None:
        notices.append(
            f"{one_line(existing.name)} already has {plural(count, 'session')}; after a call, "
            f'`dealcoach next-step "{one_line(existing.name)}"` builds on its answers'
        )
    if playbook_ref is not None:
        checked = catalog.resolve(playbook_ref)
    elif existing is not None:
        kept = deal_playbook(store, catalog, existing, last)
        checked = kept.checked
        notices += kept.notices
    else:
        checked = catalog.resolve(DEFAULT_PLAYBOOK)
    playbook = checked.playbook
    assert playbook is not None
    source = source_of(catalog, checked)
    if existing is not None and playbook_ref is None and existing.playbook_source:
        source = existing.playbook_source  # kept, even while its copy stands in
    if existing is not None and existing.playbook_id != playbook.id:
        notices.append(
            f"switching {one_line(name)} from playbook '{existing.playbook_id}' to "
            f"'{playbook.id}'; answers are carried over by question id"
        )
    elif existing is not None and existing.playbook_source not in (None, source):
        assert existing.playbook_source is not None
        notices.append(
            f"moving {one_line(name)} from {shown_source(existing.playbook_source)} to "
            f"{shown_source(source)}; its later sessions use this one"
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
    if stage is not None:
        stage = " ".join((valid_text(stage, "--stage") or "").split())
        if not stage:
            raise DealcoachError("--stage is empty; give the deal's stage")
        if playbook.stages and playbook.stage(stage) is None:
            ids = ", ".join(s.id for s in playbook.stages)
            notices.append(
                f"stage {stage!r} is none of playbook '{playbook.id}''s stages ({ids}); "
                "its exit criteria are not checked"
            )
    return Prepared(name, key, existing, checked, playbook, source, last, notices, new_owner, stage)


@dataclass(frozen=True)
class Given:
    """What the rep gave in a session, before it is merged with the deal as it is now.

    ``answers`` are the whole picture when ``complete`` (``qualify --answers``);
    otherwise they are only what this session gave or changed, laid over the deal's
    last answers when the session is recorded (so another session recorded meanwhile
    is not lost).
    """

    answers: Answers
    complete: bool
    objective: str | None
    note: str | None
    asked: bool  # asked in a terminal (the session ends the deal's draft)


def gather(
    prepared: Prepared,
    *,
    command: str,
    answers_file: str | None,
    max_bytes: int,
    asker: Asker | None = None,
    objective: str | None = None,
    note: str | None = None,
    ask_objective: Callable[[Scorecard, str | None], str | None] | None = None,
    ask_note: Callable[[], str | None] | None = None,
) -> Given:
    """Read the answers file, or ask (the interview starts from the last answers)."""
    pb = prepared.playbook
    last = prepared.last
    start: Answers = carry_over(last.answers, pb)[0] if last is not None else {}
    if answers_file is not None:
        answers = load_answers(answers_file, pb, max_bytes)
        complete = command == "qualify"
        seen = answers if complete else {**start, **answers}
    elif asker is not None:
        seen = asker(pb, start, last)
        answers = {q: a for q, a in seen.items() if start.get(q, UNKNOWN_ANSWER) != a}
        complete = False
    else:  # pragma: no cover - the CLI always passes one of them
        raise DealcoachError("no answers: pass --answers FILE")
    objective, note = valid_text(objective, "--objective"), valid_text(note, "--note")
    if ask_objective is not None:
        objective = ask_objective(score(pb, seen), objective)
    if ask_note is not None and note is None:
        note = ask_note()
    return Given(answers, complete, objective, note, asked=answers_file is None)


def conclude(
    prepared: Prepared, given: Given, *, command: str, deal: Deal | None, last: Session | None
) -> Outcome:
    """Score the session on the deal as it is now (``deal`` and its ``last`` session, read
    in the write transaction), and compare it with that last session."""
    pb = prepared.playbook
    notices: list[str] = []  # this session's own; prepare() reported its own already
    start: Answers = {}
    if last is not None:
        start, dropped = carry_over(last.answers, pb)
        if dropped:
            notices.append(
                f"answers to {', '.join(dropped)} no longer fit playbook '{pb.id}' and were dropped"
            )
    answers = given.answers if given.complete else {**start, **given.answers}
    card = score(pb, answers)
    if deal is not None:
        require_open(deal)  # closed meanwhile
        record = replace(deal, playbook_id=pb.id, playbook_source=prepared.source)
    else:
        record = Deal(prepared.key, prepared.name, pb.id, prepared.source, now(), prepared.owner)
    if prepared.stage is not None:
        record = replace(record, stage=prepared.stage)
    return Outcome(
        command=command,
        deal=record,
        card=card,
        previous=last,
        changes=changes(last.figures, Figures.of(card)) if last is not None else None,
        tells=tell_matches(pb, given.objective) if given.objective else [],
        objective=given.objective,
        note=given.note,
        playbook_hash=prepared.checked.digest,
        playbook_text=prepared.checked.text,
        ends_draft=given.asked,
        notices=notices,
    )
