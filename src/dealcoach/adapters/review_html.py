"""``dealcoach review --format html``: one self-contained file, with no network access
when opened, readable printed and on a phone, and complete with JavaScript off.

The page is a Jinja2 template with autoescaping, so user text never becomes markup;
the charts are inline SVG drawn by pygal (its scripts left out).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dealcoach.adapters.review_views import DEAL_COLUMNS, Asks, sections
from dealcoach.core.review import Review

CHARTED = 50  # deals drawn with their score over time (the first, in attention order)
TEMPLATES = Path(__file__).parent / "templates"


def _style() -> Any:
    from pygal.style import Style

    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="#1f2933",
        foreground_strong="#1f2933",
        foreground_subtle="#7b8794",
        colors=("#2f6fb0", "#c0392b", "#27ae60", "#8e44ad", "#e67e22"),
        font_family="system-ui, -apple-system, 'Segoe UI', sans-serif",
        label_font_size=14,
        major_label_font_size=14,
        title_font_size=16,
    )


def posture_chart(review: Review) -> str:
    """The posture by band: how many open deals are in each, as an SVG bar chart."""
    import pygal

    chart = pygal.HorizontalBar(
        js=[], disable_xml_declaration=True, show_legend=False, style=_style(),
        height=max(160, 60 * len(review.posture) + 60), width=800, print_values=True,
        explicit_size=False, include_x_axis=True,
    )  # fmt: skip
    chart.title = "Open deals by band"
    # pygal draws the first value at the bottom: the top band is given last.
    rows = list(reversed(review.posture))
    chart.x_labels = [r.label for r in rows]
    most = max(r.deals for r in rows)
    chart.y_labels = list(range(0, most + 1, max(1, -(-most // 8))))  # whole deals
    chart.add("Deals", [r.deals for r in rows])
    return str(chart.render(is_unicode=True))


def score_chart(scores: list[float]) -> str:
    """A deal's score over time, as a small SVG line (0 to 100)."""
    import pygal

    chart = pygal.Line(
        js=[], disable_xml_declaration=True, style=_style(), range=(0, 100),
        explicit_size=False,
    )  # fmt: skip
    chart.add("Score", scores if len(scores) > 1 else scores * 2)  # one session: a flat line
    return str(chart.render_sparkline(width=160, height=32, is_unicode=True))


def review_html(review: Review, asks: Asks) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    s = sections(review, asks)
    charts = {
        s_.deal.key: score_chart([score for _, score in review.timeline.get(s_.deal.key, [])])
        for s_ in review.deals[:CHARTED]
        if review.timeline.get(s_.deal.key)
    }
    rows = [
        (cells, charts.get(summary.deal.key))
        for cells, summary in zip(s["deals"], review.deals, strict=True)
    ]
    return env.get_template("review.html.j2").render(
        s=s,
        review=review,
        columns=DEAL_COLUMNS,
        rows=rows,
        posture_svg=posture_chart(review) if review.posture else None,
        charted=min(CHARTED, len(review.deals)),
    )
