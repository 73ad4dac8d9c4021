"""The typer commands: parse options, call the workflow and views, map errors to exit codes.

Heavy modules are imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException

from dealcoach import __version__
from dealcoach._entry import write_error
from dealcoach.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, DealcoachError

app = typer.Typer(
    name="dealcoach",
    help="An evidence-based deal-qualification coach: plan the call, then own the next step.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    no_args_is_help=True,
)


def _complete_deal(incomplete: str) -> list[str]:
    """Shell completion: deal names from the store."""
    try:
        from dealcoach.store import open_store

        store = open_store()
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


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _emit_json_list(key: str, items: list[Any]) -> None:
    """``{KEY: [...]}`` with one compact item per line: fast for long lists (json's C
    encoder only runs without ``indent``), and easy to grep."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = ",\n    ".join(map(encode, items))
    body = f"[\n    {lines}\n  ]" if items else "[]"
    sys.stdout.write(f"{{\n  {json.dumps(key)}: {body}\n}}\n")


def _notices(notices: list[str]) -> None:
    from dealcoach.textsafe import safe

    for notice in notices:
        sys.stderr.write(f"note: {safe(notice)}\n")


def _require_terminal(answers: str | None) -> None:
    if answers is None and not sys.stdin.isatty():
        raise DealcoachError(
            "stdin: no terminal to ask questions in; pass --answers FILE "
            "(a YAML mapping of question id to answer)"
        )


def _interactive(store: Any, key: str, command: str, *, as_json: bool) -> dict[str, Any]:
    """The askers of a terminal session: questions, then the objective or a note."""
    from dealcoach import interview
    from dealcoach.prompter import TerminalPrompter
    from dealcoach.views import make_console

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
    _require_terminal(answers)
    from dealcoach import workflow
    from dealcoach.store import open_store

    store = open_store()
    try:
        prepared = workflow.prepare(store, deal, playbook, command=command)
        _notices(prepared.notices)
        interactive: dict[str, Any] = {}
        if answers is None:
            interactive = _interactive(store, prepared.key, command, as_json=as_json)
        try:
            outcome = workflow.run_session(
                store,
                prepared,
                command=command,
                answers_file=answers,
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
    finally:
        store.close()
    _notices(outcome.notices)
    if as_json:
        _emit_json(outcome.result)
        return
    from dealcoach.views import make_console, outcome_view

    make_console().print(outcome_view(outcome, command=command))


@app.command()
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


@app.command("next-step")
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


@app.command()
def deals(as_json: JsonOpt = False) -> None:
    """The pipeline: every deal with its score, band, last session and trend."""
    from datetime import UTC, datetime

    from dealcoach._gc import gc_paused
    from dealcoach.pipeline import TREND_SESSIONS, summarise
    from dealcoach.store import open_store

    store = open_store()
    try:
        summaries = summarise(store.pipeline(TREND_SESSIONS), datetime.now(UTC))
    finally:
        store.close()
    if as_json:
        with gc_paused():  # thousands of small acyclic dicts
            _emit_json_list("deals", [s.to_json() for s in summaries])
        return
    from dealcoach.views import make_console, pipeline_table

    make_console().print(pipeline_table(summaries))


@app.command()
def show(
    deal: DealArg,
    as_json: JsonOpt = False,
) -> None:
    """One deal: scorecard, history of sessions, and every answer with its evidence."""
    from dealcoach import workflow
    from dealcoach.store import open_store

    store = open_store()
    try:
        state = workflow.inspect_deal(store, deal)
    finally:
        store.close()
    _notices(state.notices)
    if as_json:
        _emit_json(state.to_json())
        return
    from dealcoach.views import deal_view, make_console

    make_console().print(deal_view(state))


@app.command()
def playbooks(as_json: JsonOpt = False) -> None:
    """The playbooks dealcoach can load (./playbooks, then the shipped ones)."""
    from dealcoach import catalog

    found = catalog.available()
    if as_json:
        _emit_json({"playbooks": [f.to_json() for f in found]})
        return
    from dealcoach.views import make_console, playbooks_table

    make_console().print(playbooks_table(found))


@app.command()
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
) -> None:
    """Check playbook files and run their scenarios: exit 1 when problems are found."""
    from dealcoach.lint import run as run_lint

    raise typer.Exit(run_lint(paths or [], fmt, strict, sys.stdout, sys.stderr))


@app.command()
def schema() -> None:
    """Print the playbook JSON Schema (for editors and CI)."""
    from dealcoach.schema import render

    sys.stdout.write(render())


def run(argv: list[str] | None = None) -> int:
    """Run the app; return the exit code. Every user error ends here, never as a traceback."""
    try:
        result = app(args=argv, standalone_mode=False, prog_name="dealcoach")
    except DealcoachError as exc:
        write_error(exc.message)
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        write_error("Interrupted.")
        return EXIT_INTERRUPTED
    except TyperException as exc:  # usage errors: unknown option, missing argument...
        context = getattr(exc, "ctx", None)
        command = context.command_path if context is not None else "dealcoach"
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        message = message.rstrip(".")
        write_error(f"{command}: {message}; see `{command} --help`")
        return EXIT_BAD_INPUT
    return result if isinstance(result, int) else 0
