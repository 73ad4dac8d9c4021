"""``dealcoach review`` in the terminal: the sections of the review as rich renderables."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dealcoach.adapters.review_views import DEAL_COLUMNS, Asks, sections
from dealcoach.adapters.views import bullets, text
from dealcoach.core.review import Review
from dealcoach.core.textsafe import safe

AT_RISK_SHOWN = 50  # in the terminal, the first in the pipeline's order


def review_view(review: Review, asks: Asks) -> RenderableType:
    s = sections(review, asks)
    parts: list[RenderableType] = [text(s["title"], "bold"), Text()]
    posture = Table(title="Posture", title_justify="left")
    for name, right in (("Band", False), ("Deals", True), ("Amount", True)):
        posture.add_column(name, justify="right" if right else "left")
    for label, deals, amount in s["posture"]:
        posture.add_row(text(label), str(deals), amount)
    parts += [posture if s["posture"] else Text("No open deals.", style="dim"), Text()]
    parts.append(Text(f"What moved since {review.since}", style="bold"))
    moved: list[tuple[str | Text, RenderableType]] = [("-", text(m)) for m in s["moved"]]
    parts += [bullets(moved) if moved else Text("  Nothing moved.", style="dim"), Text()]
    parts.append(Text("At risk", style="bold red" if s["at_risk"] else "bold"))
    if not s["at_risk"]:
        parts.append(Text("  No deal at risk.", style="dim"))
    for name, owner, risks, step in s["at_risk"][:AT_RISK_SHOWN]:
        said: list[tuple[str | Text, RenderableType]] = [("⚠", text(r)) for r in risks]
        said.append(("→", Text.assemble(("Check: ", "dim"), text(step))))
        parts += [Text.assemble("  ", text(name, "bold"), (f"  {owner}", "dim")), bullets(said, 4)]
    if len(s["at_risk"]) > AT_RISK_SHOWN:
        more = len(s["at_risk"]) - AT_RISK_SHOWN
        parts.append(
            Text(
                f"  ... and {more} more at risk: the Deals below, or --format json, list them all",
                style="dim",
            )
        )
    parts += [Text(), Text("Evidence: the oldest unverified assumptions", style="bold")]
    shown: list[tuple[str | Text, RenderableType]] = [("-", text(a)) for a in s["assumptions"]]
    if s["more_assumptions"]:
        shown.append(("", Text(f"... and {s['more_assumptions']} more", style="dim")))
    parts += [bullets(shown) if shown else Text("  None.", style="dim"), Text()]
    parts.append(Text("Deals", style="bold"))
    parts.append(_deal_lines(s["deals"]) if s["deals"] else Text("  No open deals.", style="dim"))
    return Group(*parts)


class _deal_lines:
    """One line per deal, in columns, cut to the terminal's width (the next step gives
    way first): laid out directly, as a table of thousands of rows would take long."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        self.rows = [tuple(safe(v) for v in row) for row in rows]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = [DEAL_COLUMNS, *self.rows]
        widths = [max(cell_len(r[i]) for r in rows) for i in range(len(DEAL_COLUMNS))]
        widths[0] = min(widths[0], 30)
        widths[1] = min(widths[1], 12)
        right = {3, 4}
        bold = Style(bold=True)
        for n, row in enumerate(rows):
            cells = [
                set_cell_size(v, w).rstrip().rjust(w) if i in right else set_cell_size(v, w)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            ]
            line = "  " + "  ".join(cells)
            # Segments, not Text: a line laid out needs no wrapping, and rendering 10,000
            # Text objects took seconds.
            yield Segment(set_cell_size(line, options.max_width).rstrip(), bold if n == 0 else None)
            yield Segment.line()
