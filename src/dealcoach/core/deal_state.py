"""``show``: a deal as it stands, its history, changes and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from dealcoach.core import records
from dealcoach.core.catalog import Catalog
from dealcoach.core.deal_playbook import deal_playbook
from dealcoach.core.errors import DealcoachError, InvalidFile
from dealcoach.core.pipeline import line_of
from dealcoach.core.records import Deal, DealChange, Session
from dealcoach.core.scoring import Scorecard, score
from dealcoach.core.store import DealStore
from dealcoach.core.warnings import Risk, warnings
from dealcoach.core.workflow import carry_over, deal_key, no_such_deal


@dataclass
class DealState:
    """A deal as it stands: its sessions and its answers scored with its playbook."""

    deal: Deal
    sessions: list[Session]  # none for a deal never qualified
    card: Scorecard | None  # None: never qualified, or its playbook is gone
    notices: list[str]
    changes: list[DealChange] = field(default_factory=list)  # attributes and outcomes
    risks: list[Risk] = field(default_factory=list)  # the warnings that hold

    @property
    def warnings(self) -> list[str]:
        return [r.id for r in self.risks]


def inspect_deal(store: DealStore, catalog: Catalog, name: str) -> DealState:
    """The deal named ``name`` (or its key), scored from its last session's answers."""
    key = deal_key(name)
    deal = store.deal(key)
    if deal is None:
        raise no_such_deal(store, name)
    sessions = store.sessions(key)
    changes = store.changes(key)
    risks = warnings(line_of(deal, sessions), records.utcnow())
    if not sessions:
        return DealState(deal, sessions, None, [], changes, risks)
    try:
        kept = deal_playbook(store, catalog, deal, sessions[-1])
    except InvalidFile:
        raise
    except DealcoachError as gone:
        notice = f"{gone}; its history is as it was recorded"
        return DealState(deal, sessions, None, [notice], changes, risks)
    checked = kept.checked
    assert checked.playbook is not None
    answers, dropped = carry_over(sessions[-1].answers, checked.playbook)
    notices = list(kept.notices)
    if checked.digest != sessions[-1].playbook_hash:
        notices.append(
            f"playbook '{checked.playbook.id}' changed since the last session: the scorecard "
            "uses the playbook as it is now; the history keeps the scores as they were"
        )
    if dropped:
        notices.append(f"answers to {', '.join(dropped)} no longer fit the playbook")
    card = score(checked.playbook, answers)
    return DealState(deal, sessions, card, notices, changes, risks)
