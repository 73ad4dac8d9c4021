"""``update``, ``close`` and ``reopen``: a deal's attributes and outcome, each change kept
with when and by whom, in one write transaction on the deal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from dealcoach.core import attribute_values as values
from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import LOST, OPEN, WON, Deal, DealChange
from dealcoach.core.rights import require_may_change
from dealcoach.core.store import DealStore
from dealcoach.core.textsafe import one_line, quoted
from dealcoach.core.workflow import deal_key, no_such_deal, valid_text


@dataclass(frozen=True)
class Requested:
    """What ``update`` was asked to set: None leaves an attribute as it is; an empty
    text unsets it (the owner excepted)."""

    owner: str | None = None
    stage: str | None = None
    amount: str | None = None
    close_date: str | None = None
    crm_id: str | None = None

    def given(self) -> bool:
        return any(v is not None for v in vars(self).values())

    def attributes(self) -> dict[str, Any]:
        """The attributes to set, parsed (None for those to unset)."""
        wanted: dict[str, Any] = {}
        if self.owner is not None:
            wanted["owner"] = values.label(valid_text(self.owner, "--owner") or "", "--owner")
        parsers: dict[str, Callable[[str], Any]] = {
            "stage": lambda t: values.label(t, "--stage"),
            "amount": values.amount,
            "close_date": values.close_date,
            "crm_id": lambda t: values.label(t, "--crm-id"),
        }
        for name, parse in parsers.items():
            text = getattr(self, name)
            if text is not None:
                valid_text(text, f"--{name.replace('_', '-')}")
                wanted[name] = parse(text) if text.strip() else None
        return wanted


@dataclass(frozen=True)
class Changed:
    """A deal after a change; ``change`` is None when nothing changed."""

    deal: Deal
    change: DealChange | None


def _on_deal(store: DealStore, name: str, make: Callable[[Deal], Changed]) -> Changed:
    """Read the deal inside a write transaction on it, check the user may change it,
    and write what ``make`` changes (nothing is written when it raises)."""
    with store.deal_write(deal_key(name)) as write:
        if write.deal is None:
            raise no_such_deal(store, name)
        require_may_change(store, write.deal)
        done = make(write.deal)
        if done.change is not None:
            write.change(done.deal, done.change)
    return done


def _crm_id_free(store: DealStore, deal: Deal, crm_id: str | None) -> None:
    if crm_id is None:
        return
    other = next((d for d in store.deals() if d.crm_id == crm_id and d.key != deal.key), None)
    if other is not None:
        raise DealcoachError(
            f"--crm-id '{quoted(crm_id)}': is the CRM id of {one_line(other.name)!r} "
            "already; one CRM record is one deal"
        )


def update(store: DealStore, name: str, requested: Requested) -> Changed:
    if not requested.given():
        raise DealcoachError(
            "dealcoach update: nothing to set; give at least one of --owner, --stage, "
            "--amount, --close-date, --crm-id"
        )
    wanted = requested.attributes()  # bad values are said before the deal is looked up

    def make(deal: Deal) -> Changed:
        if "crm_id" in wanted:
            _crm_id_free(store, deal, wanted["crm_id"])
        diff = {k: (getattr(deal, k), v) for k, v in wanted.items() if getattr(deal, k) != v}
        if not diff:
            return Changed(deal, None)
        return Changed(replace(deal, **wanted), DealChange("update", diff))

    return _on_deal(store, name, make)


def close(store: DealStore, name: str, *, won: bool, reason: str | None) -> Changed:
    outcome = WON if won else LOST
    reason = values.label(valid_text(reason, "--reason") or "", "--reason") if reason else None

    def make(deal: Deal) -> Changed:
        if deal.status == outcome:
            return Changed(deal, None)
        if not deal.is_open:
            shown = one_line(deal.name)
            raise DealcoachError(
                f"{shown}: is closed {deal.status} already; to record another outcome, "
                f'reopen it first: `dealcoach reopen "{shown}"`'
            )
        change = DealChange(outcome, {"status": (deal.status, outcome)}, reason)
        return Changed(replace(deal, status=outcome), change)

    return _on_deal(store, name, make)


def reopen(store: DealStore, name: str) -> Changed:
    def make(deal: Deal) -> Changed:
        if deal.is_open:
            return Changed(deal, None)
        return Changed(
            replace(deal, status=OPEN), DealChange("reopen", {"status": (deal.status, OPEN)})
        )

    return _on_deal(store, name, make)


def in_words(change: DealChange) -> str:
    """A change as the history says it: ``stage Discovery -> Proposal``, ``closed won``."""
    if change.kind in (WON, LOST):
        return f"closed {change.kind}" + (f": {change.reason}" if change.reason else "")
    if change.kind == "reopen":
        return "reopened"
    if change.kind == "import":
        return "from the CRM: " + "; ".join(
            _one_change(name, old, new) for name, (old, new) in change.changes.items()
        )
    return "; ".join(_one_change(name, old, new) for name, (old, new) in change.changes.items())


def _one_change(name: str, old: Any, new: Any) -> str:
    what = name.replace("_", " ")
    if old is None:
        return f"{what} set to {values.shown_value(new)}"
    if new is None:
        return f"{what} unset (was {values.shown_value(old)})"
    return f"{what} {values.shown_value(old)} -> {values.shown_value(new)}"


def said(done: Changed) -> str:
    """What ``update``, ``close`` and ``reopen`` print."""
    name = one_line(done.deal.name)
    if done.change is None:
        state = "open" if done.deal.is_open else f"closed {done.deal.status}"
        return f"{name}: nothing changed (it is {state}, and already as asked)"
    return one_line(f"{name}: {in_words(done.change)}")
