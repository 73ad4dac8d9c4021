"""Rich tables: the pipeline, one deal (`show`) with its sessions and answers, playbooks.

User-supplied text reaches rich only through :func:`dealcoach.adapters.views.text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from dealcoach.adapters import moments
from dealcoach.adapters.layout import Column, FittedTable
from dealcoach.adapters.views import (
    answer_label,
    bullets,
    next_step_panel,
    scorecard_view,
    text,
)
from dealcoach.core.attribute_values import shown_amount
from dealcoach.core.attributes import in_words
from dealcoach.core.figures import round1
from dealcoach.core.textsafe import safe
from dealcoach.core.warnings import in_words as risk_words
from dealcoach.core.words import plural

if TYPE_CHECKING:
    from dealcoach.core.answer import Answer
    from dealcoach.core.catalog import Found
    from dealcoach.core.deal_state import DealState
    from dealcoach.core.models import Question
    from dealcoach.core.pipeline import DealSummary
    from dealcoach.core.records import Deal, DealChange, Session
    from dealcoach.core.scoring import Scorecard

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(scores: list[float]) -> str:
    return "".join(SPARKS[min(len(SPARKS) - 1, int(s / 100 * len(SPARKS)))] for s in scores)


def pipeline_table(summaries: list[DealSummary], none: str = "No deals.") -> RenderableType:
    """The pipeline. A deal's name is never cut; a band shows its short label; the next
    step shows its title, and is what gives way first in a narrow terminal. ``none``:
    what to say when there is no deal to list."""
    if not summaries:
        return Text(safe(none), style="dim")
    return _Pipeline(summaries)


class _Pipeline:
    """The pipeline table, laid out for the width it is printed at."""

    def __init__(self, summaries: list[DealSummary]) -> None:
        self.summaries = summaries

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        summaries = self.summaries
        playbooks = sorted({s.deal.playbook_id for s in summaries})
        title = "Pipeline (needs attention first)"
        if len(playbooks) == 1:
            title += f" · playbook {safe(playbooks[0])}"
        many = len(playbooks) > 1
        team = len({s.deal.owner for s in summaries}) > 1
        names = ["Deal", *(["Owner"] if team else []), *(["Playbook"] if many else [])]
        risky = any(s.risks for s in summaries)
        names += ["Score", "Band", *(["Risk"] if risky else []), "Trend", "Last", "Next step"]
        rows = [
            dict(zip(names, _pipeline_row(s, many=many, team=team, risky=risky), strict=True))
            for s in summaries
        ]
        natural = {n: max(cell_len(n), *(r[n].cell_len for r in rows)) for n in names}
        # What gives way first in a narrow terminal: the next step, then the trend, the
        # date, the playbook and the owner. The deal's name is never cut: it wraps at words.
        shown = list(names)
        word = max(cell_len(w) for s in summaries for w in safe(s.deal.name).split() or [""])
        for dropped in ("Next step", "Trend", "Last", "Playbook", "Owner"):
            deal = min(natural["Deal"], max(word, 12, options.max_width // 4))
            fixed = sum(natural[n] for n in shown if n not in ("Deal", "Next step")) + deal
            room = options.max_width - fixed - 3 * len(shown) - 1
            if room >= (12 if "Next step" in shown else 0):
                break
            if dropped in shown:
                shown.remove(dropped)
        table = Table(title=title, title_justify="left")
        for name in shown:
            if name == "Deal":
                table.add_column(name, overflow="fold", width=deal)
            elif name == "Next step":
                table.add_column(name, no_wrap=True, overflow="ellipsis", width=room)
            else:
                right = name == "Score"
                table.add_column(
                    name, no_wrap=True, width=natural[name], justify="right" if right else "left"
                )
        for row in rows:
            table.add_row(*(row[n] for n in shown))
        yield table
        if risky:
            used = [w for w in RISK_CODES if any(w in s.warnings for s in summaries)]
            legend = " · ".join(f"{RISK_CODES[w]} {w.replace('-', ' ')}" for w in used)
            yield Text(f"Risk: {legend} (dealcoach show DEAL says why)", style="dim")


# A letter per warning, for the pipeline's Risk column (its legend says which is which).
RISK_CODES = {
    "quiet": "Q", "falling": "F", "stale-assumption": "A", "close-date-soon": "S",
    "close-date-passed": "P",
}  # fmt: skip


def _pipeline_row(s: DealSummary, *, many: bool, team: bool, risky: bool) -> list[Text]:
    arrow = {1: ("▲", "green"), -1: ("▼", "red"), 0: ("=", "dim")}[s.direction]
    when = Text("today" if s.days_since == 0 else f"{s.days_since}d ago")
    risk = Text("".join(RISK_CODES[w] for w in s.warnings), style="bold red")
    last = s.last
    if not s.deal.is_open:
        step = Text(f"Closed {s.deal.status}", style="bold")
    else:
        step = text(last.next_step_title) if last else Text("Qualify it", style="dim")
    return [
        text(s.deal.name, "bold"),
        *([text(s.deal.owner or "—", "dim")] if team else []),
        *([text(s.deal.playbook_id, "dim")] if many else []),
        Text(f"{round1(last.score):.1f}" if last else "—"),
        text(last.band_short) if last else Text("not qualified", style="dim"),
        *([risk] if risky else []),
        Text.assemble(sparkline(s.trend), " ", arrow) if last else Text(""),
        when,
        step,
    ]


def history_table(sessions: list[Session]) -> RenderableType:
    """The sessions of a deal: a table whose one wrapping column holds the next step and
    what the rep wrote, or on a narrow terminal one block per session. Who recorded each
    is shown when it was more than one person."""
    team = len({s.by for s in sessions}) > 1
    columns = [Column("#", justify="right", style="dim"), Column("When")]
    columns += [Column("By")] if team else []
    columns += [Column("Command"), Column("Score", justify="right"), Column("Band")]
    columns.append(Column("Next step, objective, note", wrap=True))
    rows: list[list[Text]] = []
    blocks: list[RenderableType] = [Text("Sessions", style="italic")]
    for number, s in enumerate(sessions, start=1):
        said = [text(f"{what}: {value}", "dim") for what, value in _words(s) if value]
        facts = [moments.short(s.created_at), *([s.by or "?"] if team else [])]
        facts += [s.command, f"{round1(s.score):.1f}", s.band_short]
        step = text(s.next_step_title)
        rows.append([Text(str(number)), *map(text, facts), Text("\n").join([step, *said])])
        first = Text.assemble(text("  ".join(facts)), "\n", ("Next step: ", "dim"), step)
        blocks.append(bullets([(f"{number}.", Text("\n").join([first, *said]))]))
    return FittedTable("Sessions", columns, rows, Group(*blocks))


def _words(session: Session) -> list[tuple[str, str | None]]:
    return [("objective", session.objective), ("note", session.note)]


def answers_table(card: Scorecard) -> RenderableType:
    """Every answer with its evidence: a table, or on a narrow terminal a list under
    each dimension."""
    columns = [Column("Dimension", wrap=True, style="dim"), Column("Question", wrap=True)]
    columns += [Column("Answer", wrap=True), Column("Evidence")]
    rows: list[list[Text]] = []
    blocks: list[RenderableType] = [Text("Answers", style="italic")]
    for dim in card.playbook.dimensions:
        blocks.append(text(dim.name, "bold"))
        for q in dim.questions:
            answer = card.answer(q.id)
            evidence = _evidence(q, answer)
            said = text(answer_label(q, answer.value))
            rows.append([text(dim.name), text(q.ask), said, evidence])
            shown = Text.assemble(said, ("  · ", "dim"), evidence)
            blocks.append(bullets([("•", Text.assemble(text(q.ask), "\n", shown))]))
    return FittedTable("Answers", columns, rows, Group(*blocks))


def _evidence(question: Question, answer: Answer) -> Text:
    if not answer.known:
        return Text("unknown", style="yellow")
    if answer.evidence == "assumed":
        return Text("assumed", style="magenta")
    if question.kind == "text" and not question.evidence:
        return Text("their words", style="green")
    return Text("verified", style="green")


def playbooks_table(found: list[Found]) -> RenderableType:
    if not found:
        return Text("No playbooks found.", style="dim")
    table = Table(title="Playbooks", title_justify="left")
    table.add_column("Id")
    table.add_column("Version")
    table.add_column("Name")
    table.add_column("From")
    table.add_column("Status")
    for f in found:
        pb = f.checked.playbook
        errors = len(f.checked.errors)
        if errors:
            status = text(f"{plural(errors, 'error')}: dealcoach lint {f.path}", "red")
        elif f.shadowed:
            status = Text("hidden by the one above with the same id", style="yellow")
        else:
            status = Text("ok", style="green")
        table.add_row(
            text(pb.id if pb else "?"),
            text(pb.version if pb else ""),
            text(pb.name if pb else ""),
            text(f"{f.origin}: {f.path}"),
            status,
        )
    return table


def deal_facts(deal: Deal) -> Text:
    """The deal's owner, attributes and outcome, on one line (the unset ones left out)."""
    facts: list[tuple[str, str]] = [("Owner", deal.owner or "nobody")]
    if deal.stage:
        facts.append(("Stage", deal.stage))
    if deal.amount is not None:
        facts.append(("Amount", shown_amount(deal.amount)))
    if deal.close_date:
        facts.append(("Close date", deal.close_date))
    if deal.crm_id:
        facts.append(("CRM id", deal.crm_id))
    line = Text()
    for what, value in facts:
        line.append_text(Text.assemble((f"{what} ", "dim"), text(value), "  "))
    if not deal.is_open:
        line.append(f"Closed {deal.status}", style="bold")
    line.rstrip()
    return line


def changes_table(changes: list[DealChange]) -> RenderableType:
    """The deal's attribute changes and outcomes, oldest first."""
    columns = [Column("When"), Column("By"), Column("Change", wrap=True)]
    rows = [
        [text(moments.short(c.created_at)), text(c.by or "?"), text(in_words(c))] for c in changes
    ]
    blocks = [Text("Changes", style="italic")] + [
        bullets([("-", text(f"{moments.short(c.created_at)}  {c.by}  {in_words(c)}"))])
        for c in changes
    ]
    return FittedTable("Changes", columns, rows, Group(*blocks))


def risks_view(state: DealState) -> list[RenderableType]:
    """The deal's warnings, in words, each with what to check (none: nothing shown)."""
    if not state.risks:
        return []
    card = state.card
    asks = {q.id: q.ask for q in card.playbook.questions} if card is not None else {}
    said: list[tuple[str | Text, RenderableType]] = [
        ("⚠", text(risk_words(r, state.deal.close_date, asks))) for r in state.risks
    ]
    return [Text(), Text("At risk", style="bold red"), bullets(said)]


def deal_view(state: DealState) -> RenderableType:
    card = state.card
    sessions = state.sessions
    changes = [Text(), changes_table(state.changes)] if state.changes else []
    if not sessions:
        return Group(
            text(state.deal.name, "bold"),
            deal_facts(state.deal),
            *risks_view(state),
            Text(),
            Text.assemble(
                "Never qualified. Start with: ", text(f'dealcoach qualify "{state.deal.name}"')
            ),
            *changes,
        )
    if card is None:
        last = sessions[-1]
        return Group(
            Text.assemble(
                text(state.deal.name, "bold"),
                ("  ·  playbook ", "dim"),
                text(f"{last.playbook_id} {last.playbook_version} (gone)", "dim"),
            ),
            Text.assemble(
                "Last score ", (f"{round1(last.score):.1f}", "bold"), "  ", text(last.band_label)
            ),
            deal_facts(state.deal),
            *risks_view(state),
            Text(),
            history_table(sessions),
            *changes,
        )
    parts = scorecard_view(state.deal.name, card, None, state.deal.stage)
    parts[1:1] = [deal_facts(state.deal)]
    parts[4:4] = risks_view(state)  # under the score and what is known
    parts += [Text(), history_table(sessions), *changes, Text(), answers_table(card)]
    if card.learning_objectives:
        parts += [
            Text(),
            Text("Still to learn, by weight", style="bold"),
            bullets([(f"{n}.", text(o)) for n, o in enumerate(card.learning_objectives, 1)]),
        ]
    parts += [Text(), next_step_panel(card)]
    return Group(*parts)
