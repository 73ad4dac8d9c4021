"""The typer commands: parse options, call the core and the adapters, print.

Heavy modules are imported inside the commands so that ``--help`` stays fast. Errors
go to the one handler in :mod:`dealcoach.cli.errors`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dealcoach import __version__
from dealcoach.cli.environment import Environment
from dealcoach.cli.errors import handled
from dealcoach.cli.help import command
from dealcoach.cli.output import emit, emit_json
from dealcoach.core.errors import EXIT_INTERRUPTED, DealcoachError

if TYPE_CHECKING:
    from dealcoach.adapters.sqlite_store import SqliteStore
    from dealcoach.core.catalog import Catalog
    from dealcoach.core.store import DealStore

app = typer.Typer(
    name="dealcoach",
    help="An evidence-based deal-qualification coach: plan the call, then own the next step.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _store(env: Environment, *, write: bool = True) -> SqliteStore:
    """The deal store; read commands open it read-only (and create nothing)."""
    from dealcoach.adapters.sqlite_store import open_store

    return open_store(env.home(), write=write)


def _catalog(env: Environment) -> Catalog:
    from dealcoach.core.catalog import Catalog

    return Catalog.standard(env.cwd, env.max_bytes)


def _complete_deal(incomplete: str) -> list[str]:
    """Shell completion: deal names from the store."""
    try:
        store = _store(Environment.read(), write=False)
        try:
            names = [d.name for d in store.deals()]
        finally:
            store.close()
    except Exception:  # completion must never fail noisily
        return []
    return [n for n in names if n.lower().startswith(incomplete.lower())]


DealArg = Annotated[
    str,
    typer.Argument(
        metavar="DEAL",
        help='The deal\'s name, e.g. "Acme Corp renewal".',
        autocompletion=_complete_deal,
    ),
]
AnswersOpt = Annotated[
    str | None,
    typer.Option("--answers", metavar="FILE", help="Read answers from a YAML file: no prompts."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dealcoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Version.")
    ] = False,
) -> None:
    """An evidence-based deal-qualification coach: plan the call, then own the next step."""


def _notices(notices: list[str]) -> None:
    from dealcoach.core.textsafe import safe

    for notice in notices:
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


def _session(
    command: str,
    deal: str,
    *,
    playbook: str | None,
    answers: str | None,
    objective: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    """Gather the answers, then, in one write transaction on the deal: merge them with
    the deal as it is now, score, render the output, and record the session. What is
    printed is rendered before the commit, so a failure to print cannot cause a retry
    that records the session twice."""
    from dealcoach.adapters import json_views
    from dealcoach.core import workflow

    env = Environment.read()
    store = _store(env)
    try:
        prepared = workflow.prepare(store, _catalog(env), deal, playbook, command=command)
        _require_terminal(answers)  # after: an unknown deal is said first
        _notices(prepared.notices)
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
        except KeyboardInterrupt:
            kept = store.draft(prepared.key) is not None
            sys.stderr.write(
                "\nInterrupted. "
                + (
                    "Your answers so far are kept as a draft: run the same command to resume.\n"
                    if kept
                    else "Nothing was recorded.\n"
                )
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        with store.session_write(prepared.key) as write:
            outcome = workflow.conclude(
                prepared, given, command=command, deal=write.deal, last=write.last
            )
            result = json_views.session_json(outcome)
            printed = json_views.dumps(result) if as_json else _rendered(outcome, command)
            write.record(outcome.deal, outcome.new_session(result), ends_draft=outcome.ends_draft)
    finally:
        store.close()
    _notices(outcome.notices)
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


@app.command(**command("qualify"))
def qualify(
    deal: DealArg,
    playbook: Annotated[
        str | None,
        typer.Option(
            "--playbook",
            metavar="ID-or-PATH",
            help="Playbook id or file (default: the deal's, else customer-first).",
        ),
    ] = None,
    answers: AnswersOpt = None,
    objective: Annotated[
        str | None,
        typer.Option("--objective", metavar="TEXT", help="What you want to learn on the call."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Before a call: score the deal and print the call plan and the next step to suggest."""
    _session(
        "qualify",
        deal,
        playbook=playbook,
        answers=answers,
        objective=objective,
        note=None,
        as_json=as_json,
    )


@app.command(**command("next-step"))
def next_step(
    deal: DealArg,
    answers: AnswersOpt = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note about the call.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """After a call: record what you learned, see what changed, and get the next step."""
    _session(
        "next-step",
        deal,
        playbook=None,
        answers=answers,
        objective=None,
        note=note,
        as_json=as_json,
    )


@app.command(**command("deals"))
def deals(as_json: JsonOpt = False) -> None:
    """The pipeline: every deal with its score, band, last session and trend."""
    from dealcoach.core import records
    from dealcoach.core._gc import gc_paused
    from dealcoach.core.pipeline import TREND_SESSIONS, summarise

    store = _store(Environment.read(), write=False)
    try:
        summaries = summarise(store.pipeline(TREND_SESSIONS), records.utcnow())
    finally:
        store.close()
    if as_json:
        from dealcoach.adapters.json_views import deal_summary_json, dumps_list

        with gc_paused():  # thousands of small acyclic dicts
            items = [deal_summary_json(s) for s in summaries]
            emit_json(dumps_list("deals", items), {"deals": items})
        return
    from dealcoach.adapters.tables import pipeline_table
    from dealcoach.adapters.views import render

    emit(render(pipeline_table(summaries)))


@app.command(**command("show"))
def show(
    deal: DealArg,
    as_json: JsonOpt = False,
) -> None:
    """One deal: scorecard, history of sessions, and every answer with its evidence."""
    from dealcoach.core import workflow

    env = Environment.read()
    store = _store(env, write=False)
    try:
        state = workflow.inspect_deal(store, _catalog(env), deal)
    finally:
        store.close()
    _notices(state.notices)
    if as_json:
        from dealcoach.adapters.json_views import deal_state_json, dumps

        data = deal_state_json(state)
        emit_json(dumps(data), data)
        return
    from dealcoach.adapters.tables import deal_view
    from dealcoach.adapters.views import render

    emit(render(deal_view(state)))


@app.command(**command("playbooks"))
def playbooks(as_json: JsonOpt = False) -> None:
    """The playbooks dealcoach can load (./playbooks, then the shipped ones)."""
    found = _catalog(Environment.read()).available()
    if as_json:
        from dealcoach.adapters.json_views import dumps, playbook_json

        data = {"playbooks": [playbook_json(f) for f in found]}
        emit_json(dumps(data), data)
        return
    from dealcoach.adapters.tables import playbooks_table
    from dealcoach.adapters.views import render

    emit(render(playbooks_table(found)))


@app.command(**command("lint"))
def lint(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Playbook files or folders, searched for *.yaml and *.yml (default: playbooks/).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="text|json|github|sarif",
            help="Output format (default: github under GitHub Actions, else text).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
) -> None:
    """Check playbook files and run their scenarios: exit 1 when problems are found."""
    from dealcoach.cli.lint import run_lint

    env = Environment.read()
    code = run_lint(paths or [], fmt, strict, sys.stdout, sys.stderr, env, as_json=as_json)
    raise typer.Exit(code)


@app.command(**command("schema"))
def schema() -> None:
    """Print the playbook JSON Schema (for editors and CI)."""
    from dealcoach.adapters.json_views import dumps
    from dealcoach.core.schema import playbook_schema

    data = playbook_schema()
    emit_json(dumps(data), data)


def run(argv: list[str] | None = None) -> int:
    """Run the app on ``argv`` and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    names = {c.name for c in app.registered_commands}
    command = f"dealcoach {args[0]}" if args and args[0] in names else "dealcoach"
    return handled(lambda: app(args=args, standalone_mode=False, prog_name="dealcoach"), command)
