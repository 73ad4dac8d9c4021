"""Rich views of a session: scorecard, call plan, what changed, the next step.

User-supplied text (deal names, answers, notes, playbook text) only ever
reaches rich as :class:`rich.text.Text` built with :func:`safe`, never as
markup, so brackets print as typed and terminal escapes print as visible
codes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dealcoach.adapters.layout import Bullets, ByWidth, Fit, indented
from dealcoach.core.figures import round1
from dealcoach.core.language import learning_suggestions
from dealcoach.core.textsafe import safe

if TYPE_CHECKING:
    from dealcoach.core.changes import Changes
    from dealcoach.core.language import TellMatch
    from dealcoach.core.models import Question
    from dealcoach.core.scoring import Scorecard
    from dealcoach.core.workflow import Outcome

BAR_WIDTH = 16
PLAN_SIZE = 5  # learning objectives shown for one call
ASSUMPTIONS_SHOWN = 3  # the weightiest assumptions to verify, for one call


def text(value: object, style: str = "") -> Text:
    return Text(safe(value), style=style)


def band_style(card: Scorecard) -> str:
    mins = sorted({b.min for b in card.playbook.bands})
    rank = mins.index(card.band.min) if card.band.min in mins else 0
    if rank == len(mins) - 1:
        return "bold green"
    if rank == 0:
        return "bold red"
    return "bold yellow"


def bar(score: float, width: int = BAR_WIDTH) -> Text:
    filled = round(score / 100 * width)
    style = "green" if score >= 75 else "yellow" if score >= 40 else "red"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def header(name: str, card: Scorecard) -> Text:
    line = Text.assemble(
        text(name, "bold"),
        ("  ·  playbook ", "dim"),
        text(f"{card.playbook.id} {card.playbook.version}", "dim"),
    )
    return line


def score_line(card: Scorecard, changes: Changes | None) -> RenderableType:
    """``Deal score 67.9  Band label   (was 32.3, ▲ +35.7)``; on a narrow terminal the
    part in brackets goes to a line of its own, whole."""
    line = Text.assemble(
        ("Deal score ", ""),
        (f"{round1(card.score):.1f}", "bold"),
        ("  ", ""),
        text(card.band.label, band_style(card)),
    )
    if changes is None or changes.score.before is None:
        return line
    was = Text.assemble(
        (f"(was {changes.score.before:.1f}, ", "dim"), _delta(changes.score.delta), (")", "dim")
    )
    return Fit(Text.assemble(line, "   ", was), Group(line, indented(was)))


def _delta(delta: float) -> Text:
    if delta > 0:
        return Text(f"▲ {delta:+.1f}", style="green")
    if delta < 0:
        return Text(f"▼ {delta:+.1f}", style="red")
    return Text("= 0.0", style="dim")


def figures(known: float, verified: float) -> Text:
    """How much is known and verified: ``known 40% · verified 25%``."""
    style = "green" if verified >= 75 else "yellow" if known >= 40 else "red"
    return Text(f"known {known:.0f}% · verified {verified:.0f}%", style=style)


def figures_line(card: Scorecard) -> RenderableType:
    """The deal's figures, under its score: how much of the score rests on evidence."""
    told = Text("Of what the playbook asks:", "dim")
    shown = figures(card.known, card.verified)
    return Fit(Text.assemble(told, " ", shown), Group(told, indented(shown)))


def dimensions_table(card: Scorecard) -> RenderableType:
    """Each dimension's score, and how much of it is known and verified (what moved since
    the last session is listed apart, in :func:`changes_view`). On a narrow terminal the
    figures go under their dimension."""
    wide = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    wide.add_column("dimension", no_wrap=True)
    wide.add_column("bar", no_wrap=True)
    wide.add_column("score", justify="right", no_wrap=True)
    wide.add_column("figures", no_wrap=True)
    for dim in card.dimensions:
        figures_text = figures(dim.known, dim.verified)
        wide.add_row(text(dim.name), bar(dim.score), f"{round1(dim.score):.1f}", figures_text)
    return Fit(wide, ByWidth(lambda width: _narrow_dimensions(card, width)))


def _narrow_dimensions(card: Scorecard, width: int) -> Group:
    """Each dimension on two lines: its name, bar and score; then its figures."""
    longest = max((len(safe(d.name)) for d in card.dimensions), default=0)
    score_width = 5  # "100.0"
    # The name keeps at least 12 columns where it can; the bar gives way below that.
    bar_width = max(min(BAR_WIDTH, width - score_width - 2 - 12), 4)
    name_width = max(min(longest, width - bar_width - score_width - 2), 1)
    lines: list[RenderableType] = []
    for dim in card.dimensions:
        row = Table.grid(padding=(0, 1))
        row.add_column(width=name_width)
        row.add_column(no_wrap=True)
        row.add_column(justify="right", no_wrap=True, width=score_width)
        row.add_row(text(dim.name), bar(dim.score, bar_width), f"{round1(dim.score):.1f}")
        lines += [row, indented(figures(dim.known, dim.verified))]
    return Group(*lines)


def bullets(items: list[tuple[str | Text, RenderableType]], indent: int = 2) -> Bullets:
    """A list whose wrapped lines hang under their text, not under the marker."""
    return Bullets(
        [
            (Text(" " * indent).append_text(Text(m) if isinstance(m, str) else m), body)
            for m, body in items
        ]
    )


def gates_view(card: Scorecard) -> RenderableType | None:
    """The gates that changed the band: caps that held it back, floors that kept it up."""
    if not card.moved_by:
        return None
    parts: list[RenderableType] = []
    for title, marker, kind in (("Held back by", "⛔", "cap"), ("Kept up by", "▲", "floor")):
        items: list[tuple[str | Text, RenderableType]] = []
        for gate in card.moved_by:
            if (gate.cap if kind == "cap" else gate.floor) is None:
                continue
            band = card.playbook.band(gate.band_id)
            limit = "band at most" if kind == "cap" else "band at least"
            items.append(
                (
                    Text(marker, style="red" if kind == "cap" else "cyan"),
                    Text.assemble(
                        text(gate.reason or gate.id),
                        (f" ({limit}: {safe(band.label if band else gate.band_id)})", "dim"),
                    ),
                )
            )
        if items:
            parts += [Text(title, style="bold"), bullets(items)]
    return Group(*parts)


def call_plan(outcome: Outcome, *, command: str) -> RenderableType:
    """What to learn on the call: the next step's focus first, then the weightiest gaps
    (in the lowest and the top band, the focus alone: the fit, or the plan, comes before
    more discovery), and the assumptions to verify."""
    card = outcome.card
    title = "Call plan" if command == "qualify" else "Plan for the next call"
    parts: list[RenderableType] = [Text(title, style="bold")]
    if outcome.objective:
        parts.append(indented(Text.assemble(("Your objective: ", "dim"), text(outcome.objective))))
        warning = Text("⚠", style="yellow")
        parts.append(bullets([(warning, tell_advice(t)) for t in outcome.tells]))
        suggestion = next(iter(learning_suggestions(card)), None)
        if outcome.tells and suggestion:
            instead = Text.assemble(("Try instead: ", "bold"), text(f'"{suggestion}"'))
            parts.append(bullets([("", instead)], indent=3))
    if outcome.note:
        parts.append(indented(Text.assemble(("Your note: ", "dim"), text(outcome.note))))
    from dealcoach.core.stages import stage_status

    status = stage_status(card, outcome.deal.stage)
    blocking = status.missing if status is not None else []
    if status is not None and blocking:
        parts.append(indented(Text(f"To move on from {status.stage.label}:", style="cyan")))
        parts.append(numbered(blocking))
    focus = list(card.next_step.learn)
    others = [o for o in card.learning_objectives if o not in focus]
    # In the lowest band the fit comes before discovery; in the top band the plan does.
    edge = card.band.id in (card.playbook.bottom_band.id, card.playbook.top_band.id)
    focus_only = bool(focus) and edge
    when = "on this call" if command == "qualify" else "next"
    if focus:
        parts.append(indented(Text(f"What I need to learn {when}, to take the next step:", "cyan")))
        parts.append(numbered(focus, start=len(blocking) + 1))
    if others and not focus_only:
        heading = "Then, by weight:" if focus else f"What I need to learn {when}:"
        parts.append(indented(Text(heading, style="cyan")))
        parts.append(numbered(others[:PLAN_SIZE], start=len(blocking) + len(focus) + 1))
        if len(others) > PLAN_SIZE:
            more = (
                f"... and {len(others) - PLAN_SIZE} more, by weight "
                "(`dealcoach show` lists them all)"
            )
            parts.append(indented(Text(more, style="dim"), 5))
    elif others:
        later = (
            "The rest of discovery can wait until the fit is clear."
            if card.band.id == card.playbook.bottom_band.id
            else f"No more discovery for its own sake: settle the {len(others)} open "
            "questions in the plan."
        )
        parts.append(indented(Text(later, style="dim"), 6))
    if not focus and not others:
        parts.append(indented(Text("Every question is answered and verified.", style="green")))
    # The rep's own words that are only assumed (a hypothesis of the problem) first: they
    # weigh nothing in the score, and matter most to verify.
    assumptions = sorted(card.assumptions, key=lambda q: q.kind != "text")
    if assumptions:
        parts.append(indented(Text("Assumptions to verify:", style="magenta")))
        parts.append(
            bullets(
                [
                    (
                        Text("•", style="magenta"),
                        Text.assemble(
                            text(q.ask),
                            (" (you assumed: ", "dim"),
                            text(answer_label(q, card.answer(q.id).value)),
                            (")", "dim"),
                        ),
                    )
                    for q in assumptions[:ASSUMPTIONS_SHOWN]
                ],
                indent=3,
            )
        )
        if len(assumptions) > ASSUMPTIONS_SHOWN:
            more = (
                f"... and {len(assumptions) - ASSUMPTIONS_SHOWN} more, by weight "
                "(`dealcoach show` lists every answer)"
            )
            parts.append(indented(Text(more, style="dim"), 5))
    return Group(*parts)


def numbered(lines: list[str], start: int = 1) -> Bullets:
    return bullets([(f"{n}.", text(line)) for n, line in enumerate(lines, start=start)], indent=3)


def tell_advice(tell: TellMatch) -> Text:
    """A tell phrase of the rep's objective, and the rule's advice."""
    return Text.assemble(text(f'"{tell.phrase}": ', "yellow"), text(tell.rule.advice))


def answer_label(question: Question, value: object) -> str:
    """How an answer reads: option labels, the customer's words, or "don't know yet"."""
    if value is None:
        return "don't know yet"
    if question.kind == "text":
        return str(value)
    chosen = value if isinstance(value, tuple) else (value,)
    labels = []
    for option_id in chosen:
        option = question.option(str(option_id))
        labels.append(option.label if option else str(option_id))
    return ", ".join(labels) if labels else "none of these"


def next_step_panel(card: Scorecard) -> Panel:
    step = card.next_step
    body: list[RenderableType] = [text(step.say)]
    if step.why:
        body.append(Text())
        body.append(Text.assemble(("Why now: ", "dim italic"), text(step.why, "dim italic")))
    return Panel(
        Group(*body),
        title=Text.assemble(("Next step: ", "bold"), text(step.title, "bold")),
        title_align="left",
        border_style="cyan",
        padding=(1, 2),
    )


def changes_view(changes: Changes) -> RenderableType:
    parts: list[RenderableType] = [Text("What changed since the last session", style="bold")]
    if changes.score.before is not None:
        parts.append(
            Text.assemble(
                "  Deal score ",
                f"{changes.score.before:.1f} → {changes.score.after:.1f}  ",
                _delta(changes.score.delta),
            )
        )
    if changes.band_moved:
        parts.append(text(f"  Band: {changes.band_before[1]} → {changes.band_after[1]}", "bold"))
    moved = [c for c in changes.dimensions if c.before is not None and c.delta != 0]
    for change in moved:
        parts.append(
            Text.assemble(
                "  ",
                text(change.name),
                f" {change.before:.1f} → {change.after:.1f}  ",
                _delta(change.delta),
            )
        )
    if len(parts) == 1:
        parts.append(Text("  Nothing moved: the same answers score the same.", style="dim"))
    return Group(*parts)


def stage_line(card: Scorecard, stage: str | None) -> Text | None:
    """``Stage: Proposal — to move on: the economic buyer met (not yet), ...``."""
    from dealcoach.core.stages import stage_status

    status = stage_status(card, stage)
    if status is None:
        return None
    line = Text.assemble(("Stage: ", "dim"), text(status.stage.label, "bold"))
    if not status.met:
        return line
    if status.exit_met:
        line.append(" — ready to move on: every exit criterion holds", style="green")
        return line
    line.append(" — to move on: ")
    for n, (label, held) in enumerate(status.met):
        line.append(", " if n else "")
        line.append_text(text(label))
        line.append(" (done)" if held else " (not yet)", style="green" if held else "yellow")
    return line


def scorecard_view(
    name: str, card: Scorecard, changes: Changes | None, stage: str | None = None
) -> list[RenderableType]:
    """The head of every view of a deal: its name, its stage, score, figures,
    dimensions and gates."""
    where = stage_line(card, stage)
    parts: list[RenderableType] = [
        header(name, card),
        *([where] if where is not None else []),
        score_line(card, changes),
        figures_line(card),
        Text(),
        dimensions_table(card),
    ]
    gates = gates_view(card)
    if gates is not None:
        parts += [Text(), gates]
    return parts


def outcome_view(outcome: Outcome, *, command: str) -> RenderableType:
    card = outcome.card
    parts = scorecard_view(outcome.deal.name, card, outcome.changes, outcome.deal.stage)
    if command == "next-step" and outcome.changes is not None:
        parts += [Text(), changes_view(outcome.changes)]
    parts += [Text(), call_plan(outcome, command=command), Text(), next_step_panel(card)]
    return Group(*parts)


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def render(renderable: RenderableType) -> str:
    """What printing ``renderable`` on stdout would write (its width, and its styles when
    stdout is a terminal), as text: to print once everything is decided."""
    stdout = make_console()
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=stdout.width,
        force_terminal=stdout.is_terminal,
        color_system=stdout.color_system,  # type: ignore[arg-type]
        no_color=stdout.no_color,
        highlight=False,
        soft_wrap=False,
        emoji=False,  # nothing here is an emoji code (and rich's table of them costs 2 ms)
    )
    console.print(renderable)
    return buffer.getvalue()
