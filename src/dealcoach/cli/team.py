"""The team's commands: a deal's attributes (``update``), its outcome (``close``,
``reopen``), and ``db init``, which sets a shared database up."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from dealcoach.cli.environment import Environment
from dealcoach.cli.output import emit
from dealcoach.cli.session import open_deal_store

if TYPE_CHECKING:
    from dealcoach.core.attributes import Changed
    from dealcoach.core.store import DealStore

DealArg = Annotated[str, typer.Argument(metavar="DEAL", help='The deal\'s name, e.g. "Acme Corp".')]


def update(
    deal: DealArg,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Who owns the deal.")
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", metavar="TEXT", help="The deal's stage.")
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option("--amount", metavar="NUMBER", help="The deal's amount, e.g. 120000."),
    ] = None,
    close_date: Annotated[
        str | None,
        typer.Option("--close-date", metavar="YYYY-MM-DD", help="When it is expected to close."),
    ] = None,
    crm_id: Annotated[
        str | None,
        typer.Option("--crm-id", metavar="TEXT", help="The deal's id in the CRM."),
    ] = None,
) -> None:
    """Set a deal's attributes; each change is kept with when and by whom. An empty value
    ("") unsets an attribute."""
    from dealcoach.core import attributes

    requested = attributes.Requested(owner, stage, amount, close_date, crm_id)
    _changed(lambda store: attributes.update(store, deal, requested))


def close(
    deal: DealArg,
    won: Annotated[bool, typer.Option("--won", help="The customer bought.")] = False,
    lost: Annotated[bool, typer.Option("--lost", help="The deal is lost.")] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why it was won or lost.")
    ] = None,
) -> None:
    """Record a deal's outcome: it leaves the open pipeline."""
    from dealcoach.core import attributes
    from dealcoach.core.errors import DealcoachError

    if won == lost:
        raise DealcoachError("dealcoach close: give --won or --lost (one of them)")
    _changed(lambda store: attributes.close(store, deal, won=won, reason=reason))


def reopen(deal: DealArg) -> None:
    """Put a closed deal back into the open pipeline."""
    from dealcoach.core import attributes

    _changed(lambda store: attributes.reopen(store, deal))


def _changed(change: Callable[[DealStore], Changed]) -> None:
    from dealcoach.core.attributes import said

    store = open_deal_store(Environment.read())
    try:
        done = change(store)
    finally:
        store.close()
    emit(said(done) + "\n")


def db_init() -> None:
    """Set up the database that DEALCOACH_DATABASE_URL names for a team: the schema, the
    roles dealcoach_rep and dealcoach_manager, and the rules of who may change what.
    Run it once, as the database's administrator; running it again changes nothing."""
    from dealcoach.adapters import stores

    env = Environment.read()
    where = stores.location(env.database_url, env.home, env.cwd)
    if where.url is None:
        store = open_deal_store(env)
        store.close()
        emit(
            f"{store.where}: the deal store is ready. SQLite keeps no roles: set "
            "DEALCOACH_DATABASE_URL to a postgresql:// URL to set up a team's database\n"
        )
        return
    from dealcoach.adapters.postgres_store import set_up

    shown, done = set_up(where.url)
    if not done:
        emit(f"{shown}: already set up for dealcoach; nothing changed\n")
        return
    emit(f"{shown}: set up for dealcoach:\n" + "".join(f"  - {d}\n" for d in done))
