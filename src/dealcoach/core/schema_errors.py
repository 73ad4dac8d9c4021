"""Turn pydantic validation errors into problems at the YAML line and column."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from dealcoach.core.diagnostics import Problem
from dealcoach.core.rules.registry import problem
from dealcoach.core.textsafe import quoted
from dealcoach.core.yamlsource import Document

_ID_PATTERNS = {
    "^[a-z0-9][a-z0-9-]*$": "lowercase letters, digits and '-' (starting with a letter or digit)",
    "^[a-z0-9_]+$": "lowercase letters, digits and '_'",
}


def known_keys(*models: type[BaseModel]) -> set[str]:
    """Every key the given models (and the models they contain) accept."""
    keys: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo = list(models)
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            keys.add(info.alias or name)
        for sub in _submodels(model):
            todo.append(sub)
    return keys


def _submodels(model: type[BaseModel]) -> Iterable[type[BaseModel]]:
    def walk(tp: Any) -> Iterable[type[BaseModel]]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            yield tp
            return
        for arg in typing.get_args(tp):
            yield from walk(arg)

    for info in model.model_fields.values():
        yield from walk(info.annotation)
        for meta in info.metadata:
            yield from walk(meta)


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


def schema_problems(
    doc: Document, error: ValidationError, vocabulary: set[str], prefix: Sequence[str | int] = ()
) -> list[Problem]:
    """One problem per pydantic error, placed at the offending key or value."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        kind = err["type"]
        value = err.get("input")
        path = where(doc.resolve(loc))
        if kind == "extra_forbidden":
            key = loc[-1]
            hint = difflib.get_close_matches(str(key), sorted(vocabulary), n=1)
            if key in vocabulary:
                suggestion = "; it does not belong here, remove it"
            elif hint:
                suggestion = f"; did you mean '{hint[0]}'?"
            else:
                suggestion = "; remove it"
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
        message = err["msg"]
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
