"""The playbook a deal keeps: the file it was created with, whatever folder a command is
run from, and the copy stored with its last session when that file is gone.

A deal's ``playbook_source`` names the file: an absolute path, or ``shipped:ID`` for a
playbook shipped with dealcoach (which follows dealcoach's upgrades). A deal moves to
another file only when ``qualify --playbook`` asks, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dealcoach.core.catalog import Catalog
from dealcoach.core.errors import DealcoachError, InvalidFile
from dealcoach.core.loading import PlaybookFile, require_valid
from dealcoach.core.records import Deal, Session
from dealcoach.core.store import DealStore
from dealcoach.core.textsafe import one_line

SHIPPED = "shipped:"


@dataclass(frozen=True)
class Kept:
    """The playbook file of a deal, and what the rep should know about how it was found."""

    checked: PlaybookFile
    notices: list[str] = field(default_factory=list)


def source_of(catalog: Catalog, checked: PlaybookFile) -> str:
    """How a deal remembers the playbook file it is scored with."""
    assert checked.playbook is not None
    if catalog.is_shipped(checked.path):
        return SHIPPED + checked.playbook.id
    return str(Path(checked.path).resolve())


def shown_source(source: str) -> str:
    """A deal's playbook source as the rep reads it."""
    if source.startswith(SHIPPED):
        return f"the shipped playbook '{source.removeprefix(SHIPPED)}'"
    return one_line(source)


def deal_playbook(store: DealStore, catalog: Catalog, deal: Deal, last: Session | None) -> Kept:
    """The playbook a deal was scored with: its file; when that is gone (or now holds
    another playbook), the copy kept with its last session. A deal recorded before
    dealcoach kept files finds its playbook by id, as it did then."""
    source = deal.playbook_source
    if not source:
        return Kept(catalog.resolve(deal.playbook_id))
    if source.startswith(SHIPPED):
        return Kept(catalog.shipped(source.removeprefix(SHIPPED)))
    path = Path(source)
    try:
        is_file, exists = path.is_file(), path.exists()
    except OSError as exc:
        raise DealcoachError(
            f"{one_line(source)}: this deal's playbook file cannot be read "
            f"({exc.strerror or exc}); check the permissions of its folder"
        ) from None
    if is_file:
        checked = catalog.check(path)
        if checked.playbook is None or checked.playbook.id == deal.playbook_id:
            return Kept(require_valid(checked))  # with its errors, when it has some
        why = f"now holds playbook '{checked.playbook.id}', not '{deal.playbook_id}'"
    else:
        why = "is not a file" if exists else "is no longer there"
    move = f'`dealcoach qualify "{one_line(deal.name)}" --playbook FILE`'
    copy = store.playbook_copy(last.playbook_hash) if last is not None else None
    if copy is not None:
        kept = catalog.check_text(copy, f"{source} (the copy kept with the deal)")
        if kept.playbook is not None and not kept.errors:
            return Kept(
                kept,
                [
                    f"{one_line(source)}: this deal's playbook file {why}; using the copy "
                    f"kept with its last session. To move the deal to another file: {move}"
                ],
            )
    # No copy (a deal of an older dealcoach), or one this dealcoach no longer accepts:
    # the playbook of the same id, found as dealcoach found it then.
    try:
        found = catalog.resolve(deal.playbook_id)
    except InvalidFile:
        raise
    except DealcoachError:
        raise DealcoachError(
            f"{one_line(source)}: this deal's playbook file {why}, and no playbook "
            f"'{deal.playbook_id}' is found by id; put the file back, or move the deal to "
            f"another with {move}"
        ) from None
    return Kept(
        found,
        [
            f"{one_line(source)}: this deal's playbook file {why}; using playbook "
            f"'{deal.playbook_id}' from {one_line(found.path)}. To move the deal to it: {move}"
        ],
    )
