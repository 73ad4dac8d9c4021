"""``dealcoach review`` in the terminal: the sections of the review as rich renderables."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dealcoach.adapters.review_views import DEAL_COLUMNS, Asks, sections
from dealcoach.adapters.views import bullets, text
from dealcoach.core.review import Review


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
    for name, owner, risks, step in s["at_risk"]:
        said: list[tuple[str | Text, RenderableType]] = [("⚠", text(r)) for r in risks]
        said.append(("→", Text.assemble(("Check: ", "dim"), text(step))))
        parts += [Text.assemble("  ", text(name, "bold"), (f"  {owner}", "dim")), bullets(said, 4)]
    parts += [Text(), Text("Evidence: the oldest unverified assumptions", style="bold")]
    shown: list[tuple[str | Text, RenderableType]] = [("-", text(a)) for a in s["assumptions"]]
    if s["more_assumptions"]:
        shown.append(("", Text(f"... and {s['more_assumptions']} more", style="dim")))
    parts += [bullets(shown) if shown else Text("  None.", style="dim"), Text()]
    deals = Table(title="Deals", title_justify="left")
    for name in DEAL_COLUMNS:
        wraps = name in ("Deal", "Next step")
        deals.add_column(
            name,
            justify="right" if name in ("Score", "Verified") else "left",
            no_wrap=not wraps,
            overflow="fold",
        )
    for row in s["deals"]:
        deals.add_row(*(text(v) for v in row))
    parts.append(deals if s["deals"] else Text("No open deals.", style="dim"))
    return Group(*parts)
