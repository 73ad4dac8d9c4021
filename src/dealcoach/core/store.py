"""The store interface: what the commands need from wherever the deals are kept."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from dealcoach.core.records import (
    Deal,
    DealChange,
    DealLine,
    Draft,
    History,
    NewSession,
    Session,
)


class DealWrite(Protocol):
    """One write transaction on a deal, from :meth:`DealStore.deal_write`."""

    deal: Deal | None  # the deal as it is now, read inside the transaction
    last: Session | None  # its last session, the same
    recorded: Session | None  # the session recorded, as stored, once the write has ended

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> None:
        """Add the session (creating its deal if new); the draft ends with it when asked."""
        ...

    def change(self, deal: Deal, change: DealChange) -> None:
        """Set the deal's attributes and status to ``deal``'s, and keep ``change``."""
        ...


class ImportWrite(Protocol):
    """The write transaction of an import, from :meth:`DealStore.import_write`."""

    deals: list[Deal]  # every deal, as it is now

    def apply(
        self, created: list[tuple[Deal, DealChange]], updated: list[tuple[Deal, DealChange]]
    ) -> None:
        """Create and update deals, keeping each one's change."""
        ...


class DealStore(Protocol):
    """Deals, an append-only history of their sessions and changes, and drafts."""

    user: str  # who is working: every session and change records it
    where: str  # the store, as messages name it (a file, or a host and database)

    def may_change(self, deal: Deal) -> bool:
        """Whether the user may record sessions on and change ``deal``."""
        ...

    def deal(self, key: str) -> Deal | None: ...

    def deals(self) -> list[Deal]: ...

    def sessions(self, key: str) -> list[Session]: ...

    def last_session(self, key: str) -> Session | None: ...

    def deal_overview(self, key: str) -> tuple[Deal | None, Session | None, int]:
        """The deal, its last session and how many sessions it has (counted, none read
        but the last), in one wait for a server: ``(None, None, 0)`` when there is no
        such deal."""
        ...

    def changes(self, key: str) -> list[DealChange]:
        """The deal's attribute changes and outcomes, oldest first."""
        ...

    def pipeline(self, per_deal: int, *, times: bool = True) -> list[DealLine]:
        """Every deal with its last session and the scores and assumptions of its last
        ``per_deal`` sessions, and (``times``) when each of those was recorded."""
        ...

    def import_write(self) -> AbstractContextManager[ImportWrite]:
        """One write transaction for an import, serialised with every other write: the
        deals are read inside it, so that what the import plans from them is still so
        when it writes (nothing written meanwhile is overwritten)."""
        ...

    def with_crm_ids(self) -> list[tuple[Deal, Session | None]]:
        """Every deal that has a CRM id, with its last session (None: never qualified)."""
        ...

    def closed(self) -> list[tuple[Deal, Session | None]]:
        """Every closed deal with its last session (the one before it was closed)."""
        ...

    def history(self, since: str, *, timeline: bool = False) -> History:
        """Where each deal stood before ``since`` (an ISO moment), the outcomes since,
        and (``timeline``) every deal's scores over time: a query each, none per deal."""
        ...

    def playbook_copy(self, digest: str) -> str | None:
        """The text of the playbook a session was scored with, by its digest."""
        ...

    def deal_write(self, key: str) -> AbstractContextManager[DealWrite]:
        """A write transaction on the deal ``key``, serialised with every other write on
        it: its deal and last session are read inside it, so that two sessions recorded
        at the same moment both count (none is lost). It commits when the block ends
        having written something, and rolls back otherwise.
        """
        ...

    def record(self, deal: Deal, session: NewSession, *, ends_draft: bool = True) -> Session:
        """Store a session (creating its deal if new) in one transaction.

        ``ends_draft``: the session finishes the deal's draft, which is removed in the
        same transaction (a session from an answers file leaves it alone).
        """
        ...

    def save_draft(self, draft: Draft) -> None: ...

    def draft(self, key: str) -> Draft | None: ...

    def discard_draft(self, key: str) -> None: ...

    def close(self) -> None: ...
