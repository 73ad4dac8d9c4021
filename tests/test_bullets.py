"""The hanging list of the terminal views (``views.bullets``) lays its items out as the
two-column grid it replaces would, whatever the markers, texts and width."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from dealcoach.adapters.views import bullets

WORDS = st.sampled_from(
    ["a", "deal", "Quiet:", "no", "session", "for", "20", "days.", "Book", "the", "next",
     "call,", "economic-buyer-confirmed", "→", "⚠", "日本語", "émigré", "x" * 30, "\n", "\t",
     "end  "]
)  # fmt: skip
MARKERS = st.sampled_from(["-", "•", "⚠", "→", "1.", "10.", "", "⛔"])
STYLES = st.sampled_from(["", "bold", "dim", "red", "bold red"])
STYLED_MARKERS = st.one_of(MARKERS, st.builds(lambda m, s: Text(m, style=s), MARKERS, STYLES))


@st.composite
def texts(draw: st.DrawFn) -> Text:
    words = draw(st.lists(WORDS, min_size=0, max_size=40))
    text = Text(" ".join(words), style=draw(STYLES))
    if len(text) > 3 and draw(st.booleans()):
        text.stylize("bold", 0, draw(st.integers(1, len(text))))
    return text


def grid(items: list[tuple[str | Text, Text]], indent: int) -> Table:
    """The grid the views used before: the reference layout."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for marker, body in items:
        table.add_row(
            Text(" " * indent).append_text(Text(marker) if isinstance(marker, str) else marker),
            body,
        )
    return table


def shown(renderable: RenderableType, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=True, color_system="truecolor").print(renderable)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(st.tuples(STYLED_MARKERS, texts()), min_size=0, max_size=6),
    indent=st.integers(0, 6),
    width=st.integers(16, 120),  # room for the widest marker (9) and some text
)
def test_bullets_lay_out_as_the_grid(
    items: list[tuple[str | Text, Text]], indent: int, width: int
) -> None:
    assert shown(bullets(list(items), indent), width) == shown(grid(list(items), indent), width)


def test_a_long_list_hangs_its_wrapped_lines_under_the_text() -> None:
    body = Text("Quiet: no session for 20 days. Book the next call, or find out why.")
    out = shown(bullets([("⚠", body), ("→", Text("Check: a plan"))], 4), 40)
    assert out.splitlines() == [
        "    ⚠ Quiet: no session for 20 days.    ",
        "      Book the next call, or find out   ",
        "      why.                              ",
        "    → Check: a plan                     ",
    ]


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(st.tuples(STYLED_MARKERS, texts()), min_size=1, max_size=6),
    indent=st.integers(0, 6),
    width=st.integers(16, 120),
)
def test_bullets_measure_as_the_grid(
    items: list[tuple[str | Text, Text]], indent: int, width: int
) -> None:
    """What a container (a panel, a table cell) reads of their width (an empty list
    measures nothing; an empty grid measured its padding and the whole width)."""
    console = Console(file=io.StringIO(), width=width)
    ours = Measurement.get(console, console.options, bullets(list(items), indent))
    assert ours == Measurement.get(console, console.options, grid(list(items), indent))


def test_a_marker_keeps_its_own_style() -> None:
    from dealcoach.adapters.layout import Bullets

    marker, body = Text("⚠", style="bold red"), Text("Quiet for 20 days", style="dim")
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_row(marker, body)
    assert shown(Bullets([(marker, body)]), 40) == shown(table, 40)
    assert "\x1b[1;31m" in shown(Bullets([(marker, body)]), 40)
