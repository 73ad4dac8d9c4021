"""YAML merge keys: ``<<: *defaults`` and ``<<: [*a, *b]`` in a mapping.

The keys of the merged mappings count as if written in the mapping, where they are
not written in it already: explicit keys override merged ones wherever the ``<<``
stands, and in a list of mappings the first that has a key gives it (as the YAML
merge key type says). A merged key keeps the position where it is written, so a
problem in a merged value points at the anchored mapping that holds it.
"""

from __future__ import annotations

from typing import Any

from dealcoach.core.diagnostics import Problem
from dealcoach.core.rules.registry import problem

MERGE_KEY = "<<"


class Merge:
    """The merge key of a mapping being read: where it stands, and what it merges."""

    __slots__ = ("key_pos", "sources")

    def __init__(self, key_pos: int) -> None:
        self.key_pos = key_pos
        self.sources: list[Any] = []


def merge_sources(value: Any) -> list[Any] | None:
    """The mappings a merge key's value names, first first; None if it names other things."""
    if _is_mapping(value):
        return [value]
    if isinstance(value, list) and value and all(_is_mapping(each) for each in value):
        return list(value)
    return None


def _is_mapping(value: Any) -> bool:
    return isinstance(value, dict) and hasattr(value, "key_pos")


def apply_merge(container: Any, merge: Merge) -> None:
    """Add to ``container`` (a YMap) every merged key it does not have, with positions."""
    for source in merge.sources:
        for key, value in source.items():
            if key not in container:
                container[key] = value
                container.key_pos[key] = source.key_pos[key]
                container.value_pos[key] = source.value_pos[key]


def not_mergeable(path: str, pos: Any) -> Problem:
    """The problem of a merge key whose value is not a mapping nor a list of mappings."""
    return problem(
        "DC002",
        path,
        pos,
        f"YAML syntax: the merge key '{MERGE_KEY}' takes a mapping, an alias of one "
        "(*defaults) or a list of them ([*a, *b]); fix its value",
    )
