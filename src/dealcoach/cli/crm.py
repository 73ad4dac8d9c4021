"""The CRM round trip: ``import`` a Salesforce or HubSpot export, ``export`` the
qualification back."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dealcoach.cli.environment import Environment
from dealcoach.cli.output import emit, write_file
from dealcoach.cli.session import notices, open_deal_store
from dealcoach.core.errors import DealcoachError


def _crm(value: str | None, flag: str) -> str | None:
    from dealcoach.core.crm_import import CRMS

    if value is not None and value not in CRMS:
        raise DealcoachError(f"{flag} '{value}': use salesforce or hubspot")
    return value


def _bytes(path: str, env: Environment) -> bytes:
    from dealcoach.core.reading import LoadError, read_bytes

    try:
        return read_bytes(path, env.max_bytes)
    except LoadError as exc:
        raise DealcoachError(f"{path}: {exc.problem.message}") from None


def _owners(path: str, env: Environment) -> dict[str, str]:
    import yaml

    from dealcoach.core.crm_import import owners_map

    try:
        data = yaml.safe_load(_bytes(path, env).decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DealcoachError(
            f"{path}: is not a YAML mapping of CRM owner name to user ({type(exc).__name__})"
        ) from None
    return owners_map(path, data)


def import_file(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The CRM's CSV export.")],
    crm: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="salesforce|hubspot", help="The CRM (default: told from the header)."
        ),
    ] = None,
    owners: Annotated[
        str | None,
        typer.Option("--owners", metavar="FILE", help="YAML: CRM owner name -> dealcoach user."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change, and write nothing.")
    ] = False,
) -> None:
    """Import a CRM's opportunities or deals: each row creates a deal or updates the one
    with its CRM id. The whole file is one transaction."""
    from dealcoach.core import crm_sync
    from dealcoach.core.crm_import import read_crm

    env = Environment.read()
    mapping = _owners(owners, env) if owners is not None else None
    read = read_crm(file, _bytes(file, env), _crm(crm, "--from"), mapping)
    notices(read.notes)
    store = open_deal_store(env, write=not dry_run)
    try:
        if dry_run:
            planned = crm_sync.plan(store, file, read, store.deals())
        else:
            with store.import_write() as write:
                planned = crm_sync.plan(store, file, read, write.deals)
                write.apply(planned.created, planned.updated)
    finally:
        store.close()
    emit(planned.said(dry_run=dry_run) + "\n")


def export_file(
    crm: Annotated[
        str,
        typer.Option("--to", metavar="salesforce|hubspot", help="The CRM to import it."),
    ] = "salesforce",
    output: Annotated[
        str | None, typer.Option("--output", metavar="FILE", help="Write to FILE, not stdout.")
    ] = None,
) -> None:
    """Export the qualification of every deal with a CRM id, as a CSV for the CRM's
    import tool (see docs/crm.md for the fields to create)."""
    from dealcoach.core.crm_export import export_csv

    _crm(crm, "--to")
    store = open_deal_store(Environment.read(), write=False)
    try:
        deals = store.with_crm_ids()
    finally:
        store.close()
    text = export_csv(crm, deals)
    if output is None:
        emit(text)
        return
    write_file(output, text)
    rows = sum(1 for d, _ in deals if d.crm_id)
    sys.stderr.write(f"wrote {rows} deal{'' if rows == 1 else 's'} to {output}\n")
