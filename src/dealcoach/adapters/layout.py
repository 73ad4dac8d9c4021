"""Laying views out for the terminal's width: hanging indents, a wide and a narrow form,
and tables whose wrapping columns never cut a word."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text


def indented(line: Text, indent: int = 2) -> Padding:
    """A line indented by ``indent``, whose wrapped lines keep the indent."""
    return Padding(line, (0, 0, 0, indent), expand=False)


class ByWidth:
    """A renderable built for the width it is given."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


class Fit:
    """The first of its forms whose every line fits the width, else the last: a wide
    layout for a wide terminal, a narrow one that wraps cleanly."""

    def __init__(self, *forms: RenderableType) -> None:
        self.forms = forms

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        unbounded = options.update(max_width=10_000)  # measured as wide as it would be
        for form in self.forms[:-1]:
            if console.measure(form, options=unbounded).maximum <= options.max_width:
                yield form
                return
        yield self.forms[-1]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    wrap: bool = False  # wraps at words; the others keep each line whole
    justify: Literal["left", "right"] = "left"
    style: str = ""


def _longest_line(cell: Text) -> int:
    return max((cell_len(line) for line in cell.plain.split("\n")), default=0)


def _longest_word(cell: Text) -> int:
    return max((cell_len(word) for word in cell.plain.split()), default=0)


class FittedTable:
    """A table laid out for the width it is printed at. The columns that do not wrap keep
    their width; the wrapping ones share the room left, each at least as wide as its
    longest word. When even that does not fit, ``narrow`` is printed instead, so that no
    word is ever cut."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Text]],
        narrow: RenderableType,
    ) -> None:
        self.title = title
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]
        self.narrow = narrow

    def widths(self, max_width: int) -> list[int] | None:
        """Each column's width at ``max_width``, or None when the table cannot fit."""
        cells = [[Text(c.name), *(r[i] for r in self.rows)] for i, c in enumerate(self.columns)]
        natural = [max(_longest_line(cell) for cell in column) for column in cells]
        least = [
            max(_longest_word(cell) for cell in column) if c.wrap else natural[i]
            for i, (c, column) in enumerate(zip(self.columns, cells, strict=True))
        ]
        room = max_width - 3 * len(self.columns) - 1  # borders, and a space either side
        if sum(natural) <= room:
            return natural
        if sum(least) > room:
            return None
        spare, give = room - sum(least), [n - m for n, m in zip(natural, least, strict=True)]
        widths = [m + spare * g // sum(give) for m, g in zip(least, give, strict=True)]
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths(options.max_width)
        if widths is None:
            yield self.narrow
            return
        table = Table(title=self.title, title_justify="left")
        for column, width in zip(self.columns, widths, strict=True):
            table.add_column(
                column.name,
                width=width,
                no_wrap=not column.wrap,
                justify=column.justify,
                style=column.style,
                overflow="fold",
            )
        for row in self.rows:
            table.add_row(*row)
        yield table


class Bullets:
    """Markers in a column of their own, each body beside its marker: the layout of a
    two-column ``Table.grid(padding=(0, 1))`` whose first column does not wrap (a test
    holds the two to the same output), laid out directly: a review lists thousands of
    items, and a table's work per cell took seconds."""

    def __init__(self, items: list[tuple[Text, RenderableType]]) -> None:
        self.items = items

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As the grid measures: the markers, a space, and the bodies' widths."""
        if not self.items:
            return Measurement(0, 0)
        mark = max(marker.cell_len for marker, _ in self.items)
        bodies = [Measurement.get(console, options, body) for _, body in self.items]
        marks = [Measurement.get(console, options, marker).minimum for marker, _ in self.items]
        least = max(marks) + 1 + max(b.minimum for b in bodies)
        most = mark + 1 + max(b.maximum for b in bodies)
        return Measurement(least, most).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.items:
            return
        mark = max(marker.cell_len for marker, _ in self.items)
        room = max(options.max_width - mark - 1, 1)
        widest = max(
            Measurement.get(console, options.update_width(room), body).maximum
            for _, body in self.items
        )
        body_options = options.update(  # as a grid's column: a word too long is cut "…"
            width=max(1, min(widest, room)), justify="left", overflow="ellipsis", height=None
        )
        width = body_options.max_width
        blank = Segment(" " * (mark + 1))
        gap = Segment(" ")
        for marker, body in self.items:
            head = _line(console, marker, mark)
            for n, line in enumerate(_lines(console, body, body_options, width)):
                if n == 0:
                    yield from head
                    yield gap
                else:
                    yield blank
                yield from line
                yield Segment.line()


def _lines(
    console: Console, body: RenderableType, options: ConsoleOptions, width: int
) -> list[list[Segment]]:
    """A body's lines, padded to ``width``. A plain one-line text that fits is padded
    and rendered as it is, as wrapping it would (most of a review's thousands of lines;
    wrapping one costs more than twice as much)."""
    if isinstance(body, Text) and body.justify is None and body.cell_len <= width:
        plain = body.plain
        if "\n" not in plain and "\t" not in plain:
            return [_line(console, body, width)]
    return console.render_lines(body, options, pad=True)


def _line(console: Console, text: Text, width: int) -> list[Segment]:
    """One line of text padded to ``width``; joined, as a wrapped text is, so that the
    text's own style applies under its spans."""
    line = text.copy()
    line.pad_right(width - text.cell_len)
    return list(Text().join([line]).render(console))
