"""Safe YAML loading that keeps the source position of every key and value.

The parser's events (libyaml's C parser when available) are turned into plain
dicts, lists and scalars (a :class:`~dealcoach.core.document.Document`) in one
iterative pass, which lets us:

- record the line and column of every key and value (``YMap`` / ``YSeq``);
- report duplicate keys at their second occurrence, and apply merge keys (``<<``);
- refuse tags (``!!python/object``...), deep nesting and alias bombs in
  bounded time, before anything walks the expanded data.
"""

from __future__ import annotations

from typing import Any

import yaml

from dealcoach.core._gc import gc_paused
from dealcoach.core.diagnostics import WHOLE_FILE, Pos
from dealcoach.core.document import START, Document, Packed, YMap, YSeq, unpack
from dealcoach.core.limits import ALIAS_BUDGET, DEFAULT_MAX_BYTES, MAX_DEPTH
from dealcoach.core.merge_keys import (
    MERGE_KEY,
    Merge,
    apply_merge,
    merge_sources,
    not_mergeable,
)
from dealcoach.core.reading import fatal, read_file
from dealcoach.core.rules.registry import problem
from dealcoach.core.textsafe import quoted
from dealcoach.core.yaml_errors import syntax_error

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


def load_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    return load_text(read_file(path, max_bytes), path)


_NO_KEY = object()


_MERGE = object()  # the key of a mapping entry that is a merge key (``<<``)


class _Frame:
    __slots__ = ("anchor", "container", "is_seq", "key", "key_pos", "merge", "size")

    def __init__(self, container: YMap | YSeq, anchor: str | None) -> None:
        self.container = container
        self.anchor = anchor
        self.is_seq = isinstance(container, YSeq)
        self.key: Any = _NO_KEY
        self.key_pos = START
        self.size = 1
        self.merge: Merge | None = None


def load_text(text: str, path: str) -> Document:
    """Turn YAML text into a :class:`Document`; raise :class:`LoadError` if impossible."""
    doc = Document(path=path, root=None, text=text)
    loader = _Loader(text)
    try:
        with gc_paused():  # the tree has no cycles; the collector would only slow it down
            _compose(loader, doc)
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(path, text, exc) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise fatal(
            path,
            _position_of(text, exc.position),
            "DC002",
            f"YAML syntax: the control character U+{ord(character):04X} is not allowed; "
            "remove it (inside double quotes, write it as an escape such as \\t)",
        ) from None
    except yaml.YAMLError as exc:
        raise fatal(path, WHOLE_FILE, "DC002", f"YAML syntax: {str(exc).splitlines()[0]}") from None
    finally:
        loader.dispose()
    return doc


def _position_of(text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    return Pos(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


# The first characters of plain scalars that YAML may read as something else than a
# string (numbers, booleans, null, ...): any other plain scalar is a string for sure.
_RESOLVED_FIRST = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)
_ANY_FIRST = None in _Loader.yaml_implicit_resolvers  # resolvers for every scalar


def _compose(loader: Any, doc: Document) -> None:  # one event loop, hot: kept flat
    path = doc.path
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    expanded = 0
    documents = 0
    root: Any = None
    have_root = False
    get_event = loader.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    fast = not _ANY_FIRST
    seen: dict[str, Any] = {}  # plain scalar text -> its value, or _TEXT

    while (event := get_event()) is not None:
        kind = type(event)
        if kind is scalar_event:
            nodes += 1
            mark = event.start_mark
            pos = (mark.line << 32) | mark.column
            value = event.value
            if not fast or event.tag is not None:
                value = _scalar(loader, event, path, pos, doc)
            elif event.implicit[0] and (not value or value[0] in _RESOLVED_FIRST):
                # A plain scalar that may be a number, boolean or null: the same text
                # always gives the same value, and playbooks repeat them (weights, scores).
                plain = seen.get(value, _MISSING)
                if plain is _MISSING:
                    plain = seen[value] = _plain(loader, value)
                if plain is not _TEXT:
                    doc.raw[pos] = value
                    value = plain
            # else: a quoted scalar, or a plain one that no resolver claims: a string.
            size = 1
            if event.anchor:
                anchors[event.anchor] = (value, 1)
        elif kind is mapping_start or kind is sequence_start:
            nodes += 1
            mark = event.start_mark
            pos = (mark.line << 32) | mark.column
            _check_tag(event.tag, path, pos)
            if len(stack) >= MAX_DEPTH:
                raise fatal(
                    path,
                    unpack(pos),
                    "DC005",
                    f"nesting is deeper than {MAX_DEPTH} levels; flatten it",
                )
            container: YMap | YSeq = YMap(pos) if kind is mapping_start else YSeq(pos)
            stack.append(_Frame(container, event.anchor))
            continue
        elif kind is mapping_end or kind is sequence_end:
            frame = stack.pop()
            value, pos, size = frame.container, frame.container.pos, frame.size
            if frame.merge is not None:
                apply_merge(value, frame.merge)
            if frame.anchor:
                anchors[frame.anchor] = (value, size)
        elif kind is alias_event:
            mark = event.start_mark
            pos = (mark.line << 32) | mark.column
            if event.anchor not in anchors:
                raise fatal(
                    path, unpack(pos), "DC002", f"alias *{event.anchor} names no anchor before it"
                )
            value, size = anchors[event.anchor]
            expanded += size
            if expanded > max(ALIAS_BUDGET, nodes):
                raise fatal(
                    path,
                    unpack(pos),
                    "DC005",
                    "aliases expand to too many nodes (an alias bomb?); "
                    "repeat the content instead of nesting aliases",
                )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                pos = Pos(mark.line + 1, mark.column + 1)
                raise fatal(path, pos, "DC006", "holds more than one YAML document; keep one")
            continue
        else:
            continue

        # Attach the node (value, pos, size) to its parent.
        if not stack:
            root, have_root = value, True
            continue
        frame = stack[-1]
        frame.size += size
        parent: Any = frame.container  # a YSeq when frame.is_seq, else a YMap
        if frame.is_seq:
            parent.append(value)
            parent.item_pos.append(pos)
        elif frame.key is _NO_KEY:
            if isinstance(value, (YMap, YSeq)):
                raise fatal(path, unpack(pos), "DC002", "a mapping key must be a plain value")
            frame.key, frame.key_pos = value, pos
            if value == MERGE_KEY and kind is scalar_event and event.implicit[0]:
                frame.key = _MERGE  # plain <<, a merge key (a quoted "<<" is a key)
        else:
            key = frame.key
            frame.key = _NO_KEY
            if key is _MERGE:
                _merge_entry(frame, value, pos, doc)
                continue
            if key in parent:
                doc.problems.append(
                    problem(
                        "DC003",
                        path,
                        unpack(frame.key_pos),
                        f"duplicate key '{quoted(key)}' "
                        f"(first at line {(parent.key_pos[key] >> 32) + 1}); "
                        "remove one of them",
                    )
                )
                continue
            parent[key] = value
            parent.key_pos[key] = frame.key_pos
            parent.value_pos[key] = pos
    doc.root = root if have_root else None


def _merge_entry(frame: _Frame, value: Any, pos: Packed, doc: Document) -> None:
    """Record the merge key ``<<: value`` of the mapping ``frame`` reads."""
    if frame.merge is not None:
        doc.problems.append(
            problem(
                "DC003",
                doc.path,
                unpack(frame.key_pos),
                f"duplicate key '{MERGE_KEY}' (first at line {(frame.merge.key_pos >> 32) + 1}); "
                f"merge several mappings with one key: {MERGE_KEY}: [*a, *b]",
            )
        )
        return
    sources = merge_sources(value)
    if sources is None:
        doc.problems.append(not_mergeable(doc.path, unpack(pos)))
        return
    frame.merge = Merge(frame.key_pos)
    frame.merge.sources = sources


def _check_tag(tag: str | None, path: str, pos: Packed) -> None:
    if tag is not None and tag not in _PLAIN_TAGS:
        raise fatal(path, unpack(pos), "DC004", f"the tag {tag} is not allowed; remove it")


_MISSING = object()
_TEXT = object()


def _plain(loader: Any, text: str) -> Any:
    """The value of an untagged plain scalar, or ``_TEXT`` when it stays a string."""
    tag = loader.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR or tag not in _PLAIN_TAGS:
        return _TEXT
    return _construct(loader, yaml.ScalarNode(tag, text), tag)


def _construct(loader: Any, node: Any, tag: str) -> Any:
    """A null, boolean, int or float node's value, or ``_TEXT`` if it is none after all."""
    try:
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return loader.construct_yaml_bool(node)
        if tag.endswith(":int"):
            return loader.construct_yaml_int(node)
        return loader.construct_yaml_float(node)
    except ValueError:  # looks like a number to YAML 1.1 but is none (``0x_``): keep the text
        return _TEXT


def _scalar(loader: Any, event: Any, path: str, pos: Packed, doc: Document) -> Any:
    tag = event.tag
    _check_tag(tag, path, pos)
    if tag is None or tag == "!":
        tag = _STR if tag == "!" else loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR or tag not in _PLAIN_TAGS:
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    value = _construct(loader, node, tag)
    if value is _TEXT:
        return event.value
    doc.raw[pos] = event.value
    return value
