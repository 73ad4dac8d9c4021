"""Rich tables: the pipeline, one deal (`show`) with its sessions and answers, playbooks.

User-supplied text reaches rich only through :func:`dealcoach.adapters.views.text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dealcoach.adapters.views import (
    answer_label,
    bullets,
    dimensions_table,
    figures_line,
    gates_view,
    header,
    next_step_panel,
    score_line,
    text,
)
from dealcoach.core.figures import round1
from dealcoach.core.words import plural

if TYPE_CHECKING:
    from dealcoach.core.catalog import Found
    from dealcoach.core.pipeline import DealSummary
    from dealcoach.core.records import Session
    from dealcoach.core.scoring import Scorecard
    from dealcoach.core.workflow import DealState

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(scores: list[float]) -> str:
    return "".join(SPARKS[min(len(SPARKS) - 1, int(s / 100 * len(SPARKS)))] for s in scores)


def pipeline_table(summaries: list[DealSummary]) -> RenderableType:
    if not summaries:
        return Text('No deals yet. Start with: dealcoach qualify "Acme Corp"', style="dim")
    table = Table(title="Pipeline (needs attention first)", title_justify="left")
    table.add_column("Deal")
    table.add_column("Playbook", style="dim")
    table.add_column("Score", justify="right")
    table.add_column("Band")
    table.add_column("Last session", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    table.add_column("Next step")
    for s in summaries:
        arrow = {1: ("▲", "green"), -1: ("▼", "red"), 0: ("=", "dim")}[s.direction]
        when = Text(f"{s.last.created_at[:10]} ({s.days_since}d)")
        if s.stale:
            when.append(" quiet", style="bold red")
        table.add_row(
            text(s.deal.name, "bold"),
            text(s.deal.playbook_id),
            f"{round1(s.last.score):.1f}",
            text(s.last.band_label),
            when,
            Text.assemble(sparkline(s.trend), " ", arrow),
            text(s.last.next_step),
        )
    return table


def history_table(sessions: list[Session]) -> Table:
    table = Table(title="Sessions", title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("When", no_wrap=True)
    table.add_column("Command")
    table.add_column("Score", justify="right")
    table.add_column("Band")
    table.add_column("Next step")
    table.add_column("Objective / note")
    for number, s in enumerate(sessions, start=1):
        words = Text()
        if s.objective:
            words.append_text(text(f"objective: {s.objective}"))
        if s.note:
            words.append("\n" if words else "")
            words.append_text(text(f"note: {s.note}"))
        table.add_row(
            str(number),
            s.created_at[:16].replace("T", " "),
            s.command,
            f"{round1(s.score):.1f}",
            text(s.band),
            text(s.next_step),
            words,
        )
    return table


def answers_table(card: Scorecard) -> Table:
    table = Table(title="Answers", title_justify="left")
    table.add_column("Dimension", style="dim")
    table.add_column("Question")
    table.add_column("Answer")
    table.add_column("Evidence", no_wrap=True)
    for dim in card.playbook.dimensions:
        for q in dim.questions:
            answer = card.answer(q.id)
            if not answer.known:
                evidence = Text("unknown", style="yellow")
            elif answer.assumed:
                evidence = Text("assumed", style="magenta")
            else:
                evidence = Text("verified", style="green")
            table.add_row(
                text(dim.name), text(q.ask), text(answer_label(q, answer.value)), evidence
            )
    return table


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


def deal_view(state: DealState) -> RenderableType:
    card = state.card
    sessions = state.sessions
    parts: list[RenderableType] = [
        header(state.deal.name, card),
        score_line(card, None),
        figures_line(card),
        Text(),
    ]
    parts.append(dimensions_table(card))
    gates = gates_view(card)
    if gates is not None:
        parts += [Text(), gates]
    parts += [Text(), history_table(sessions), Text(), answers_table(card)]
    if card.learning_objectives:
        parts += [
            Text(),
            Text("Still to learn, by weight", style="bold"),
            bullets([(f"{n}.", text(o)) for n, o in enumerate(card.learning_objectives, 1)]),
        ]
    parts += [Text(), next_step_panel(card)]
    return Group(*parts)
