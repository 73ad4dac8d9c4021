"""The manager's commands: ``review`` (the pipeline review) and ``outcomes`` (does the
playbook predict?). Both read, and never write."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from dealcoach.cli.environment import Environment
from dealcoach.cli.output import emit, emit_json, write_file
from dealcoach.cli.session import catalog, open_deal_store
from dealcoach.core.errors import DealcoachError

if TYPE_CHECKING:
    from dealcoach.core.review import Review

FORMATS = ("text", "markdown", "html", "json")


def review(
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Only the deals NAME owns.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="YYYY-MM-DD", help="What moved since (default: 7 days ago)."
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="text|markdown|html|json", help="Output format."),
    ] = "text",
    output: Annotated[
        str | None, typer.Option("--output", metavar="FILE", help="Write to FILE, not stdout.")
    ] = None,
) -> None:
    """The pipeline review: posture, what moved, deals at risk, and the evidence."""
    from dealcoach.core import records
    from dealcoach.core._gc import gc_paused
    from dealcoach.core.review import review as build
    from dealcoach.core.review import since_day, start_of
    from dealcoach.core.warnings import RECENT_SESSIONS

    if fmt not in FORMATS:
        raise DealcoachError(f"--format '{fmt}': use one of {', '.join(FORMATS)}")
    now = records.utcnow()
    day = since_day(since, now)
    env = Environment.read()
    store = open_deal_store(env, write=False)
    try:
        with gc_paused():  # thousands of small records, none in a cycle
            history = store.history(start_of(day), timeline=fmt == "html")  # charts need it
            built = build(store.pipeline(RECENT_SESSIONS), history, now, day, owner)
    finally:
        store.close()
    data: dict[str, object] | None = None
    with gc_paused():
        if fmt == "json":
            from dealcoach.adapters.json_views import dumps_lists
            from dealcoach.adapters.review_views import review_json

            data = review_json(built)
            page = dumps_lists(data)
        else:
            page = _rendered(built, fmt, env)
    if output is not None:
        write_file(output, page)
        sys.stderr.write(f"wrote the review to {output}\n")
    elif data is not None:
        emit_json(page, data)
    else:
        emit(page)


def _rendered(built: Review, fmt: str, env: Environment) -> str:
    asks = _asks(built, env)
    if fmt == "markdown":
        from dealcoach.adapters.review_views import review_markdown

        return review_markdown(built, asks)
    if fmt == "html":
        from dealcoach.adapters.review_html import review_html

        return review_html(built, asks)
    from dealcoach.adapters.review_text import review_view
    from dealcoach.adapters.views import render

    return render(review_view(built, asks))


def _asks(built: Review, env: Environment) -> dict[str, dict[str, str]]:
    """The questions of the playbooks whose assumptions the review names (the oldest
    assumptions, and the deals at risk of a stale one), by id (a playbook that cannot be
    loaded leaves its ids as they are)."""
    from dealcoach.core.warnings import STALE

    named = {a.key for a in built.assumptions}
    wanted = {s.deal.playbook_id for s in built.deals if s.deal.key in named}
    wanted |= {s.deal.playbook_id for s in built.at_risk if STALE in s.warnings}
    found: dict[str, dict[str, str]] = {}
    if not wanted:
        return found
    shelf = catalog(env)
    for playbook_id in sorted(wanted):
        try:
            checked = shelf.resolve(playbook_id)
        except DealcoachError:
            continue
        if checked.playbook is not None:
            found[playbook_id] = {q.id: q.ask for q in checked.playbook.questions}
    return found


def outcomes(
    playbook: Annotated[
        str | None,
        typer.Option("--playbook", metavar="ID", help="Only the deals of this playbook."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object on stdout.")
    ] = False,
) -> None:
    """Does the playbook predict? Win rates by band and dimension scores, won and lost."""
    from dealcoach.core.outcomes import outcomes as build

    store = open_deal_store(Environment.read(), write=False)
    try:
        built = build(store.closed(), playbook)
    finally:
        store.close()
    if as_json:
        from dealcoach.adapters.json_views import dumps
        from dealcoach.adapters.outcomes_views import outcomes_json

        data = outcomes_json(built)
        emit_json(dumps(data), data)
        return
    from dealcoach.adapters.outcomes_views import outcomes_view
    from dealcoach.adapters.views import render

    emit(render(outcomes_view(built)))
