"""One qualify or next-step session: gather the answers (from a file or the terminal),
then score, render and record them in one write transaction on the deal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dealcoach.cli.environment import Environment
from dealcoach.cli.errors import Exit
from dealcoach.cli.output import emit, emit_json
from dealcoach.core.errors import EXIT_INTERRUPTED, DealcoachError
from dealcoach.core.textsafe import pasteable

if TYPE_CHECKING:
    from dealcoach.core.catalog import Catalog
    from dealcoach.core.store import DealStore


def open_deal_store(env: Environment, *, write: bool = True) -> DealStore:
    """The deal store that DEALCOACH_DATABASE_URL names (else the local SQLite file);
    read commands open it read-only (and create nothing)."""
    from dealcoach.adapters import stores

    where = stores.location(env.database_url, env.home, env.cwd)
    return stores.open_deal_store(where, user=env.user() if where.path else None, write=write)


def catalog(env: Environment) -> Catalog:
    """The playbooks found from the working folder, then the shipped ones."""
    from dealcoach.core.catalog import Catalog

    return Catalog.standard(env.cwd, env.max_bytes, env.memo())


def notices(lines: list[str]) -> None:
    """Print notes for the user on stderr."""
    from dealcoach.core.textsafe import safe

    for notice in lines:
        sys.stderr.write(f"note: {safe(notice)}\n")


def _require_terminal(answers: str | None) -> None:
    if answers is None and not sys.stdin.isatty():
        raise DealcoachError(
            "stdin: no terminal to ask questions in; pass --answers FILE "
            "(a YAML mapping of question id to answer)"
        )


def _interactive(store: DealStore, key: str, command: str, *, as_json: bool) -> dict[str, Any]:
    """The askers of a terminal session: questions, then the objective or a note."""
    from dealcoach.adapters import interview
    from dealcoach.adapters.prompter import TerminalPrompter
    from dealcoach.adapters.views import make_console

    to_stderr = as_json or not sys.stdout.isatty()
    prompter = TerminalPrompter(make_console(stderr=to_stderr), to_stderr=to_stderr)
    askers: dict[str, Any] = {"asker": interview.make_asker(prompter, store, key, command)}
    if command == "qualify":
        askers["ask_objective"] = lambda card, given: interview.review_objective(
            prompter, card, given
        )
    else:
        askers["ask_note"] = lambda: (
            prompter.text("A note about the call? (optional)").strip() or None
        )
    return askers


def run_session(
    command: str,
    deal: str,
    *,
    playbook: str | None,
    answers: str | None,
    objective: str | None,
    note: str | None,
    as_json: bool,
    say: bool = False,
    owner: str | None = None,
    stage: str | None = None,
) -> None:
    """Gather the answers, then, in one write transaction on the deal: merge them with
    the deal as it is now, score, render the output, and record the session. What is
    printed is rendered before the commit, so a failure to print cannot cause a retry
    that records the session twice."""
    from dealcoach.adapters import json_views
    from dealcoach.core import rights, workflow
    from dealcoach.core.records import DealChange

    env = Environment.read()
    store = open_deal_store(env)
    try:
        prepared = workflow.prepare(
            store, catalog(env), deal, playbook, command=command, owner=owner, stage=stage
        )
        _require_terminal(answers)  # after: an unknown deal is said first
        notices(prepared.notices)
        interactive: dict[str, Any] = {}
        if answers is None:
            interactive = _interactive(store, prepared.key, command, as_json=as_json)
        try:
            with _interrupted_by_signals(enabled=answers is None):
                given = workflow.gather(
                    prepared,
                    command=command,
                    answers_file=answers,
                    max_bytes=env.max_bytes,
                    objective=objective,
                    note=note,
                    **interactive,
                )
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a prompt
            kept = store.draft(prepared.key) is not None
            sys.stderr.write(
                "\nInterrupted. "
                + (
                    "Your answers so far are kept as a draft: run the same command to resume.\n"
                    if kept
                    else "Nothing was recorded.\n"
                )
            )
            raise Exit(EXIT_INTERRUPTED) from None
        with store.deal_write(prepared.key) as write:
            if write.deal is not None:
                rights.require_may_change(store, write.deal)  # its owner changed meanwhile
            outcome = workflow.conclude(
                prepared, given, command=command, deal=write.deal, last=write.last
            )
            result = json_views.session_json(outcome)
            if as_json:
                printed = json_views.dumps(result)
            elif say:
                printed = pasteable(outcome.card.next_step.say)
            else:
                printed = _rendered(outcome, command)
            write.record(outcome.deal, outcome.new_session(result), ends_draft=outcome.ends_draft)
            before = write.deal.stage if write.deal is not None else None
            if outcome.deal.stage != before:  # qualify --stage: kept as a change, too
                change = DealChange("update", {"stage": (before, outcome.deal.stage)})
                write.change(outcome.deal, change)
    finally:
        store.close()
    notices(outcome.notices)
    if as_json:
        emit_json(printed, result, recorded=True)
    else:
        emit(printed, recorded=True)


@contextmanager
def _interrupted_by_signals(*, enabled: bool) -> Iterator[None]:
    """While the interview runs, SIGTERM and SIGHUP (a closed terminal window) end it as
    Ctrl-C does: the terminal is restored and the answers so far stay in the draft."""
    if not enabled:
        yield
        return
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _rendered(outcome: Any, command: str) -> str:
    from dealcoach.adapters.views import outcome_view, render

    return render(outcome_view(outcome, command=command))
