"""The typer commands: parse options, call the core and the adapters, print.

Heavy modules are imported inside the commands so that ``--help`` stays fast. Errors
go to the one handler in :mod:`dealcoach.cli.errors`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dealcoach import __version__
from dealcoach.cli import crm, deal_commands, manager, team
from dealcoach.cli.environment import Environment
from dealcoach.cli.errors import handled
from dealcoach.cli.help import SHORT, command
from dealcoach.cli.output import emit, emit_json
from dealcoach.cli.session import catalog, open_deal_store
from dealcoach.core.errors import DealcoachError
from dealcoach.core.textsafe import one_line

app = typer.Typer(
    name="dealcoach",
    help="An evidence-based deal-qualification coach: plan the call, then own the next step.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _complete_deal(incomplete: str) -> list[str]:
    """Shell completion: deal names from the store."""
    try:
        store = open_deal_store(Environment.read(), write=False)
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
SayOpt = Annotated[
    bool,
    typer.Option("--say", help="Print only what to say to the customer, ready to paste."),
]


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
    say: SayOpt = False,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="NAME", help="Who owns a new deal (default: you)."),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", metavar="TEXT", help="The deal's stage (a stage id or CRM name)."),
    ] = None,
) -> None:
    """Before a call: score the deal and print the call plan and the next step to suggest."""
    deal_commands.qualify(
        deal,
        playbook=playbook,
        answers=answers,
        objective=objective,
        as_json=as_json,
        say=say,
        owner=owner,
        stage=stage,
    )


@app.command(**command("next-step"))
def next_step(
    deal: DealArg,
    answers: AnswersOpt = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note about the call.")
    ] = None,
    as_json: JsonOpt = False,
    say: SayOpt = False,
) -> None:
    """After a call: record what you learned, see what changed, and get the next step."""
    deal_commands.next_step(deal, answers=answers, note=note, as_json=as_json, say=say)


@app.command(**command("deals"))
def deals(
    as_json: JsonOpt = False,
    every: Annotated[
        bool, typer.Option("--all", help="Every deal, closed ones too (default: the open ones).")
    ] = False,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Only the deals NAME owns.")
    ] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only the deals you own.")] = False,
) -> None:
    """The pipeline: the open deals with their score, band, last session and trend."""
    from dealcoach.core import records
    from dealcoach.core._gc import gc_paused
    from dealcoach.core.pipeline import selected, summarise
    from dealcoach.core.warnings import RECENT_SESSIONS

    if mine and owner is not None:
        raise DealcoachError("dealcoach deals: --mine and --owner both name an owner; give one")
    store = open_deal_store(Environment.read(), write=False)
    try:
        whose = store.user if mine else owner
        with gc_paused():  # thousands of small records, none in a cycle
            every_line = store.pipeline(RECENT_SESSIONS, times=False)
            lines = selected(every_line, every=every, owner=whose)
            summaries = summarise(lines, records.utcnow())
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

    emit(render(pipeline_table(summaries, none=_no_deals(bool(every_line), every, whose))))


def _no_deals(stored: bool, every: bool, owner: str | None) -> str:
    """What ``deals`` says when it lists none."""
    if not stored:
        return 'No deals yet. Start with: dealcoach qualify "Acme Corp"'
    whose = f" of {one_line(owner)}" if owner is not None else ""
    if every:
        return f"No deals{whose}."
    return f"No open deals{whose}; `dealcoach deals --all` lists the closed ones too."


@app.command(**command("show"))
def show(
    deal: DealArg,
    as_json: JsonOpt = False,
    say: SayOpt = False,
    framework: Annotated[
        str | None,
        typer.Option("--as", metavar="ID", help="See the answers through another playbook."),
    ] = None,
) -> None:
    """One deal: scorecard, history of sessions, and every answer with its evidence."""
    deal_commands.show(deal, as_json=as_json, say=say, framework=framework)


app.command(**command("update"))(team.update)
app.command(**command("close"))(team.close)
app.command(**command("reopen"))(team.reopen)
app.command(**command("review"))(manager.review)
app.command(**command("outcomes"))(manager.outcomes)
app.command(**command("import"))(crm.import_file)
app.command(**command("export"))(crm.export_file)
db_app = typer.Typer(
    name="db",
    help="The team database: set it up.",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app.command(**command("init"))(team.db_init)
app.add_typer(db_app, name="db", short_help=SHORT["db"])


@app.command(**command("template"))
def template(
    playbook: Annotated[
        str,
        typer.Argument(
            metavar="PLAYBOOK",
            help="A playbook id (customer-first, meddicc, ...) or a playbook file.",
        ),
    ] = "customer-first",
) -> None:
    """Print an answers file for a playbook: every question id set to unknown, with its
    question and its options as comments. It works as --answers as it is."""
    from dealcoach.adapters.answers_template import template as answers_template

    if not playbook.strip():
        raise DealcoachError("dealcoach template: PLAYBOOK is empty; give a playbook id or file")
    checked = catalog(Environment.read()).resolve(playbook)
    assert checked.playbook is not None
    emit(answers_template(checked.playbook))


@app.command(**command("playbooks"))
def playbooks(as_json: JsonOpt = False) -> None:
    """The playbooks dealcoach can load (./playbooks, then the shipped ones)."""
    found = catalog(Environment.read()).available()
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
    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    command = f"dealcoach {args[0]}" if args and args[0] in names else "dealcoach"
    return handled(lambda: app(args=args, standalone_mode=False, prog_name="dealcoach"), command)
