"""Who may change a deal, and whether it is open to sessions: checked before anything
is asked, and again inside the write (the database enforces the rights as well)."""

from __future__ import annotations

from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import Deal
from dealcoach.core.store import DealStore
from dealcoach.core.textsafe import one_line

MANAGER_ROLE = "dealcoach_manager"
REP_ROLE = "dealcoach_rep"


def refused(deal: Deal, user: str) -> DealcoachError:
    """A write on someone else's deal, by a user who is not a manager."""
    owner = one_line(deal.owner or "nobody")
    return DealcoachError(
        f"{one_line(deal.name)}: is owned by {owner}; only {owner} or a manager (a member "
        f"of {MANAGER_ROLE}) may change it, and you are {one_line(user)}; nothing was written"
    )


def require_may_change(store: DealStore, deal: Deal) -> None:
    if not store.may_change(deal):
        raise refused(deal, store.user)


def require_open(deal: Deal) -> None:
    """Sessions are for open deals: a closed one is reopened first."""
    if not deal.is_open:
        name = one_line(deal.name)
        raise DealcoachError(
            f"{name}: is closed ({deal.status}); to work on it again, reopen it first: "
            f'`dealcoach reopen "{name}"`'
        )
