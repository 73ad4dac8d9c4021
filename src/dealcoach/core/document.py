"""A YAML document as loaded: plain data that knows where each key and value is written."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dealcoach.core.diagnostics import Pos, Problem

# Positions in the tree are packed into one int, ``line << 32 | column`` (0-based, as
# libyaml counts): quicker to make than a Pos and a fifth of its memory, which counts
# on large files. They become a Pos when asked for (Document.locate).
Packed = int
START: Packed = 0


def unpack(packed: Packed) -> Pos:
    return Pos((packed >> 32) + 1, (packed & 0xFFFFFFFF) + 1)


def pack(pos: Pos) -> Packed:
    return ((pos.line - 1) << 32) | (pos.column - 1)


class YMap(dict[Any, Any]):
    """A mapping that knows where it, its keys and its values stand (packed)."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Packed) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, Packed] = {}
        self.value_pos: dict[Any, Packed] = {}


class YSeq(list[Any]):
    """A sequence that knows where it and each item stand (packed)."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Packed) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Packed] = []


@dataclass
class Document:
    """Data loaded from one YAML file, with positions."""

    path: str
    root: Any
    text: str
    # Source text of plain scalars that YAML read as something other than a string,
    # by packed position.
    raw: dict[Packed, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def resolve(self, loc: Sequence[str | int]) -> list[str | int]:
        """The parts of ``loc`` that name real keys and items (union tags dropped)."""
        node = self.root
        parts: list[str | int] = []
        for part in loc:
            if _has_child(node, part):
                node = node[part]
                parts.append(part)
        return parts

    def locate(self, loc: Sequence[str | int], *, at_key: bool = False) -> Pos:
        """The position of the node at ``loc``, or of its nearest existing parent.

        Elements of ``loc`` that do not name a child (such as the tags pydantic
        adds for unions) are skipped. With ``at_key``, a mapping entry is
        located at its key instead of its value.
        """
        node = self.root
        pos: Packed = getattr(node, "pos", START)
        key_pos: Packed | None = None
        for part in loc:
            if not _has_child(node, part):
                continue
            if isinstance(node, YMap):
                key_pos, pos = node.key_pos[part], node.value_pos[part]
            else:
                key_pos, pos = None, node.item_pos[int(part)]
            node = node[part]
        if at_key and key_pos is not None:
            return unpack(key_pos)
        return unpack(pos)

    def raw_text(self, pos: Pos) -> str | None:
        return self.raw.get(pack(pos))

    def line_starts(self) -> list[int]:
        """The offset in :attr:`text` where each line starts (made on first use)."""
        if self._line_starts is None:
            starts = [0]
            find, at = self.text.find, self.text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = find("\n", at + 1)
            self._line_starts = starts
        return self._line_starts


def _has_child(node: Any, part: object) -> bool:
    if isinstance(node, YMap):
        return _hashable(part) and part in node
    return isinstance(node, YSeq) and isinstance(part, int) and 0 <= part < len(node)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def find_in_value(doc: Document, start: Pos, needle: str, nth: int) -> Pos | None:
    """Where the ``nth`` (0-based) ``needle`` of the text value at ``start`` is written.

    For a needle written as it reads (no escapes, no line break in it, as a
    placeholder is), the nth one in the value is the nth one in the source from the
    value's start: inside a scalar nothing else can come between. A block scalar
    (``|`` or ``>``) starts on the line after its indicator, whose comment is skipped.
    None when the needle is not written as it reads (an escape spells it).
    """
    text = doc.text
    starts = doc.line_starts()
    if start.line > len(starts):
        return None
    offset = starts[start.line - 1] + start.column - 1
    if text[offset : offset + 1] in ("|", ">"):
        offset = text.find("\n", offset) + 1 or len(text)
    found = offset - len(needle)
    for _ in range(nth + 1):
        found = text.find(needle, found + len(needle))
        if found < 0:
            return None
    line = bisect_right(starts, found)
    return Pos(line, found - starts[line - 1] + 1)
