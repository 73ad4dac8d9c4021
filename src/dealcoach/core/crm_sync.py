"""``dealcoach import``: a CRM export into the store, in one transaction. Each record
creates a deal or updates the one with its CRM id; two records never merge; importing
the same file again changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from dealcoach.core.catalog import DEFAULT_PLAYBOOK
from dealcoach.core.crm_import import CrmFile, CrmRow
from dealcoach.core.errors import DealcoachError
from dealcoach.core.records import ATTRIBUTES, OPEN, Deal, DealChange, now
from dealcoach.core.rights import refused
from dealcoach.core.store import DealStore
from dealcoach.core.workflow import deal_key

IMPORTED = "import"  # the kind of change an import records


@dataclass
class Plan:
    """What an import does: the deals it creates and updates (each with its change)."""

    created: list[tuple[Deal, DealChange]] = field(default_factory=list)
    updated: list[tuple[Deal, DealChange]] = field(default_factory=list)
    unchanged: int = 0

    def said(self, *, dry_run: bool) -> str:
        counts = (
            f"created {len(self.created)}, updated {len(self.updated)}, unchanged {self.unchanged}"
        )
        return f"would have {counts} (a dry run: nothing was written)" if dry_run else counts


def plan(store: DealStore, path: str, crm: CrmFile, deals: list[Deal]) -> Plan:
    """What importing ``crm`` would do to the store's ``deals`` (read in the import's
    write transaction, or as they are now for a dry run)."""
    by_crm = {d.crm_id: d for d in deals if d.crm_id}
    taken = {d.key: d for d in deals}
    lines: dict[str, int] = {}
    done = Plan()
    for row in crm.rows:
        if row.crm_id in lines:
            raise DealcoachError(
                f"{path}:{row.line}: the CRM id {row.crm_id!r} is on line "
                f"{lines[row.crm_id]} too; one record per id; nothing was imported"
            )
        lines[row.crm_id] = row.line
        deal = by_crm.get(row.crm_id)
        if deal is None:
            try:
                key = deal_key(row.name)
            except DealcoachError as bad:
                raise DealcoachError(f"{path}:{row.line}: {bad}; nothing was imported") from None
            linked = taken.get(key)
            if linked is not None and linked.crm_id is None:
                deal = linked  # qualified before it was imported: the record is this deal
            else:
                created = _new(row, _free_key(key, row.crm_id, taken), store.user)
                taken[created.key] = created
                by_crm[row.crm_id] = created
                done.created.append((created, DealChange(IMPORTED, _diff(None, created))))
                continue
        new = _updated(deal, row, crm)
        changes = _diff(deal, new)
        if not changes:
            done.unchanged += 1
            continue
        if not store.may_change(deal):  # a record that changes nothing is no write
            raise DealcoachError(f"{path}:{row.line}: {refused(deal, store.user)}")
        taken[new.key] = by_crm[row.crm_id] = new
        done.updated.append((new, DealChange(IMPORTED, changes)))
    return done


def _free_key(key: str, crm_id: str, taken: dict[str, Deal]) -> str:
    """The deal key of a new record: its name's, else with its CRM id appended."""
    if key not in taken:
        return key
    suffix = re.sub(r"[\W_]+", "-", crm_id.lower()).strip("-") or "crm"
    candidate, n = f"{key}-{suffix}", 2
    while candidate in taken:
        candidate, n = f"{key}-{suffix}-{n}", n + 1
    return candidate


def _new(row: CrmRow, key: str, user: str) -> Deal:
    return Deal(
        key=key,
        name=row.name,
        playbook_id=DEFAULT_PLAYBOOK,
        playbook_source=None,
        created_at=now(),
        owner=row.owner or user,
        stage=row.stage,
        amount=row.amount,
        close_date=row.close_date,
        crm_id=row.crm_id,
        status=row.status or OPEN,
    )


def _updated(deal: Deal, row: CrmRow, crm: CrmFile) -> Deal:
    """The deal with the record's attributes: a column the export has sets its value (an
    empty cell unsets it); one it lacks leaves it. The owner is never unset."""
    values: dict[str, Any] = {"crm_id": row.crm_id}
    for attribute in ("stage", "amount", "close_date"):
        if attribute in crm.columns:
            values[attribute] = getattr(row, attribute)
    if row.owner:
        values["owner"] = row.owner
    if row.status:
        values["status"] = row.status
    return replace(deal, **values)


_TRACKED = (*ATTRIBUTES, "status")


def _diff(before: Deal | None, after: Deal) -> dict[str, tuple[Any, Any]]:
    return {
        name: (getattr(before, name) if before else None, getattr(after, name))
        for name in _TRACKED
        if (getattr(before, name) if before else None) != getattr(after, name)
    }
