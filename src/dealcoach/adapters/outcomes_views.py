"""``dealcoach outcomes`` as JSON (TEAM.md's keys, and the answers per question) and as
tables for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dealcoach.adapters.views import text
from dealcoach.core.outcomes import Outcomes

QUESTIONS_SHOWN = 8  # in the terminal: the questions whose answers separate most


def outcomes_json(o: Outcomes) -> dict[str, Any]:
    return {
        "closed": o.closed,
        "won": o.won,
        "by_band": [
            {"band": b.band, "deals": b.deals, "won": b.won, "win_rate": b.win_rate}
            for b in o.by_band
        ],
        "by_dimension": [
            {"id": d.id, "won_mean": d.won_mean, "lost_mean": d.lost_mean} for d in o.by_dimension
        ],
        "by_question": [
            {
                "id": q.id,
                "spread": q.spread,
                "answers": [
                    {"answer": a.answer, "deals": a.deals, "won": a.won, "win_rate": a.win_rate}
                    for a in q.answers
                ],
            }
            for q in o.by_question
        ],
        "caution": o.caution,
    }


def _rate(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def outcomes_view(o: Outcomes) -> RenderableType:
    if not o.closed:
        return Text(
            "No closed deals yet: record outcomes with `dealcoach close DEAL --won` (or "
            "--lost), and this shows whether the playbook's scores predicted them.",
            style="dim",
        )
    parts: list[RenderableType] = [
        Text.assemble(
            ("Outcomes ", "bold"), f"{o.closed} closed, {o.won} won ({_rate(o.won / o.closed)})"
        )
    ]
    if o.caution:
        parts.append(Text(f"⚠ {o.caution}", style="yellow"))
    bands = Table(title="Win rate by the band before the close", title_justify="left")
    for name in ("Band", "Deals", "Won", "Win rate"):
        bands.add_column(name, justify="left" if name == "Band" else "right")
    for b in o.by_band:
        bands.add_row(text(b.label), str(b.deals), str(b.won), _rate(b.win_rate))
    dims = Table(title="Mean dimension scores, won and lost", title_justify="left")
    for name in ("Dimension", "Won", "Lost"):
        dims.add_column(name, justify="left" if name == "Dimension" else "right")
    for d in o.by_dimension:
        shown = [f"{v:.1f}" if v is not None else "—" for v in (d.won_mean, d.lost_mean)]
        dims.add_row(text(d.name), *shown)
    questions = Table(
        title="Answers that separate won from lost (win rate of the deals with each)",
        title_justify="left",
    )
    questions.add_column("Question")
    questions.add_column("Answers", overflow="fold")
    for q in o.by_question[:QUESTIONS_SHOWN]:
        answers = ", ".join(f"{a.answer} {_rate(a.win_rate)} of {a.deals}" for a in q.answers)
        questions.add_row(text(q.id), text(answers))
    parts += [Text(), bands, Text(), dims, Text(), questions]
    return Group(*parts)
