"""The store interface: what the commands need from wherever the deals are kept."""

from __future__ import annotations

from typing import Protocol

from dealcoach.core.records import Deal, DealLine, Draft, NewSession, Session


class DealStore(Protocol):
    """Deals, an append-only history of their sessions, and drafts."""

    def deal(self, key: str) -> Deal | None: ...

    def deals(self) -> list[Deal]: ...

    def sessions(self, key: str) -> list[Session]: ...

    def last_session(self, key: str) -> Session | None: ...

    def pipeline(self, per_deal: int) -> list[DealLine]: ...

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
