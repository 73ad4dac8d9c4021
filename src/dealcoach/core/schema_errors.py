"""Turn pydantic validation errors into problems at the YAML line and column."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from dealcoach.core.diagnostics import Problem
from dealcoach.core.document import Document
from dealcoach.core.rules.registry import problem
from dealcoach.core.suggestions import DID_YOU_MEAN, closest, did_you_mean
from dealcoach.core.textsafe import quoted

if TYPE_CHECKING:
    from pydantic_core import ValidationError

_ID_PATTERNS = {
    "^[a-z0-9][a-z0-9-]*$": "lowercase letters, digits and '-' (starting with a letter or digit)",
    "^[a-z0-9_]+$": "lowercase letters, digits and '_'",
}


def where(loc: Sequence[str | int]) -> str:
    """A readable path such as ``dimensions[0].questions[2].weight``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.startswith("<"):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return f"the number {value}"


def _is_number(text: str) -> bool:
    """Whether ``text``, written without quotes, is a number as YAML reads it."""
    import yaml

    resolver: Any = yaml.resolver.Resolver()
    tag = resolver.resolve(yaml.ScalarNode, text.strip(), (True, False))
    return tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


_WHAT = {
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "string_type": "a text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
}


def _given(value: Any) -> str:
    if isinstance(value, str):
        return f"the text '{quoted(value)}'"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "nothing (null)"}[value]
    if isinstance(value, int | float):
        return f"the number {value:g}"
    return "a list" if isinstance(value, list) else "a mapping"


def _plain(kind: str, value: Any, key: object) -> str | None:
    """Plain words for a value of the wrong type, or None where pydantic's are fine."""
    what = _WHAT.get(kind)
    if what is None:
        return None
    if isinstance(value, str) and kind in ("float_type", "int_type") and _is_number(value):
        return (
            f'"{quoted(value)}" is a quoted number, which YAML reads as text; '
            f"remove the quotes: {key}: {value.strip()}"
        )
    if isinstance(value, str) and kind == "bool_type" and value.lower() in _BOOLEAN_WORDS:
        word = _BOOLEAN_WORDS[value.lower()]
        return (
            f'"{quoted(value)}" is in quotes, which makes it a text; '
            f"write {word} without quotes: {key}: {word}"
        )
    return f"expected {what}, not {_given(value)}"


_BOOLEAN_WORDS = {"true": "true", "false": "false", "yes": "true", "no": "false"}


def schema_problems(
    doc: Document,
    error: ValidationError,
    vocabulary: AbstractSet[str],
    prefix: Sequence[str | int] = (),
) -> list[Problem]:
    """One problem per pydantic error, placed at the offending key or value.

    A missing key that an unknown key beside it misspells is not reported: the unknown
    key is, with the missing key as its suggestion (one typo, one problem).
    """
    errors = [((*prefix, *err["loc"]), err) for err in error.errors(include_url=False)]
    missing: dict[tuple[str | int, ...], set[str]] = {}
    for loc, err in errors:
        if err["type"] == "missing":
            missing.setdefault(tuple(doc.resolve(loc[:-1])), set()).add(str(loc[-1]))
    # (mapping, key) of the missing keys that an unknown key beside them misspells
    misspelt = {
        (parent, meant)
        for loc, err in errors
        if err["type"] == "extra_forbidden"
        for parent in [tuple(doc.resolve(loc[:-1]))]
        if (meant := closest(loc[-1], missing.get(parent, ()))) is not None
    }
    problems: list[Problem] = []
    for loc, err in errors:
        kind = err["type"]
        value = err.get("input")
        path = where(doc.resolve(loc))
        if kind == "extra_forbidden":
            key = loc[-1]
            parent = tuple(doc.resolve(loc[:-1]))
            meant = closest(key, missing.get(parent, ()))
            if meant is not None:
                suggestion = f"; {DID_YOU_MEAN} '{meant}'?"
            elif key in vocabulary:
                suggestion = "; it does not belong here, remove it"
            else:
                hint = did_you_mean(key, vocabulary)
                suggestion = f"; {hint}" if hint else "; remove it"
            problems.append(
                problem(
                    "DC101",
                    doc.path,
                    doc.locate(loc, at_key=True),
                    f"unknown key '{quoted(key)}' in {where(loc[:-1]) or 'the file'}{suggestion}",
                )
            )
            continue
        if kind == "missing":
            if (tuple(doc.resolve(loc[:-1])), str(loc[-1])) in misspelt:
                continue  # the unknown key beside it says "did you mean" this one
            problems.append(
                problem(
                    "DC102",
                    doc.path,
                    doc.locate(loc[:-1]),
                    f"missing required key '{loc[-1]}' in {where(loc[:-1]) or 'the file'}; add it",
                )
            )
            continue
        pos = doc.locate(loc)
        raw = doc.raw_text(pos)
        if (
            raw is not None
            and isinstance(value, (bool, int, float))
            and (kind == "string_type" or kind.startswith("invalid_"))
        ):
            problems.append(
                problem(
                    "DC104",
                    doc.path,
                    pos,
                    f"{path}: YAML read `{quoted(raw)}` as {_describe(value)} because it is "
                    f'unquoted; write it in quotes: "{quoted(raw)}"',
                )
            )
            continue
        message = _plain(kind, value, loc[-1] if loc else "") or err["msg"]
        if kind == "string_pattern_mismatch":
            pattern = str((err.get("ctx") or {}).get("pattern", ""))
            allowed = _ID_PATTERNS.get(pattern, f"the pattern {pattern}")
            message = f"not a valid id: use {allowed}"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        problems.append(problem("DC103", doc.path, pos, f"{path}: {message}"))
    # A value that fits no member of a union is reported once, not once per member.
    unique = {(p.line, p.column, p.code): p for p in reversed(problems)}
    # ...and where one member explains it (an unquoted `no`), that explanation is enough.
    hinted = {(line, column) for line, column, code in unique if code == "DC104"}
    kept = [p for p in unique.values() if p.code != "DC103" or (p.line, p.column) not in hinted]
    return sorted(kept, key=lambda p: (p.line, p.column, p.code))
