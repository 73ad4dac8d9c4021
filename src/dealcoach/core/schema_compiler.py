"""Compile the pydantic models of :mod:`dealcoach.core.format` into the plain validation
schemas of :mod:`dealcoach.core._compiled_schema`, which pydantic_core runs alone.

Each model is swapped for the plain record of the same name (in
:mod:`dealcoach.core.models`, :mod:`dealcoach.core.condition_models` or
:mod:`dealcoach.core.answer`); what only pydantic uses (metadata, serialisation) is
dropped; the functions the schema calls must be those records' own. After a change to
the models: ``python -m dealcoach.core.schema_compiler``.
"""

from __future__ import annotations

import pprint
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter

from dealcoach.core import answer, condition_models, models
from dealcoach.core.format import AnswersFile, Playbook

COMPILED = Path(__file__).with_name("_compiled_schema.py")

# Where the plain record of each model lives, by the model's name.
_RECORD_MODULES = (models, condition_models, answer)


def known_keys(*roots: type[BaseModel]) -> set[str]:
    """Every key the given models (and the models they contain) accept."""
    keys: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo = list(roots)

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            todo.append(tp)
            return
        for arg in typing.get_args(tp):
            walk(arg)

    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            keys.add(info.alias or name)
            walk(info.annotation)
            for meta in info.metadata:
                walk(meta)
    return keys


class _Name:
    """A reference written into the generated module as it is (``models.Gate``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _record_of(model: type[BaseModel]) -> _Name:
    for module in _RECORD_MODULES:
        record = module.__dict__.get(model.__name__)
        if isinstance(record, type):
            return _Name(f"{module.__name__.rsplit('.', 1)[1]}.{model.__name__}")
    raise LookupError(f"no plain record for the model {model.__qualname__}")


def _reference(value: Any) -> _Name:
    """How the generated module names a class or function of the schema."""
    if isinstance(value, type) and issubclass(value, BaseModel):
        return _record_of(value)
    if value in (list, dict):
        return _Name(value.__name__)
    module = getattr(value, "__module__", "")
    if module in {m.__name__ for m in _RECORD_MODULES}:
        return _Name(f"{module.rsplit('.', 1)[1]}.{value.__qualname__}")
    raise LookupError(f"the schema calls {value!r}, which is not a record's own function")


# An answers file is read as strictly as a playbook (whose models say so themselves).
STRICT_ANSWERS = True


def _resolve(name: _Name) -> Any:
    """The object that ``name`` stands for (``models.Gate.cap_or_floor``...)."""
    first, *rest = name.text.split(".")
    if not rest:
        return {"list": list, "dict": dict}[first]
    found: Any = next(m for m in _RECORD_MODULES if m.__name__.endswith(f".{first}"))
    for part in rest:
        found = getattr(found, part)
    return found


def _plain(schema: Any, refs: dict[str, str], live: bool) -> Any:
    """``schema`` without what only pydantic uses (metadata, serialisation), its models
    swapped for their records and its reference names made stable. The classes and
    functions it calls are named (for the generated module) or, ``live``, themselves."""
    if isinstance(schema, dict):
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key in ("metadata", "serialization"):
                continue
            if key in ("ref", "schema_ref"):
                out[key] = refs.setdefault(value, value.split(":")[0].rsplit(".", 1)[-1])
            elif callable(value):
                name = _reference(value)
                out[key] = _resolve(name) if live else name
            else:
                out[key] = _plain(value, refs, live)
        return out
    if isinstance(schema, list):
        return [_plain(item, refs, live) for item in schema]
    return schema


def tables(*, live: bool = False) -> dict[str, Any]:
    """The schemas of :mod:`dealcoach.core._compiled_schema`, from the models as they
    are now, and the version of pydantic_core they are written for."""
    from pydantic_core import __version__ as core_version

    Playbook.model_rebuild()
    playbook = Playbook.__pydantic_core_schema__
    answers = TypeAdapter(AnswersFile, config=ConfigDict(strict=STRICT_ANSWERS)).core_schema
    refs: dict[str, str] = {}
    found = {
        "PYDANTIC_CORE": core_version,
        "PLAYBOOK": _plain(playbook, refs, live),
        "ANSWERS_FILE": _plain(answers, refs, live),
        # A TypeAdapter's settings are not in its schema: its validator is given them.
        "ANSWERS_FILE_CONFIG": {"strict": STRICT_ANSWERS},
        "PLAYBOOK_KEYS": sorted(known_keys(Playbook)),
    }
    if len(set(refs.values())) != len(refs):
        raise ValueError(f"two models share a name: {sorted(refs)}")
    return found


_KINDS = {"PYDANTIC_CORE": "str", "PLAYBOOK_KEYS": "list[str]", "ANSWERS_FILE_CONFIG": "Any"}


def compiled_source() -> str:
    """The text of :mod:`dealcoach.core._compiled_schema`, from the models as they are."""
    parts = [
        '"""Generated by `python -m dealcoach.core.schema_compiler` from the pydantic models of\n'
        ":mod:`dealcoach.core.format`: do not edit. The validation schemas of a playbook and\n"
        "of an answers file, each model swapped for its plain record, for the version of\n"
        "pydantic_core named here (validation compiles the models anew for another).\n"
        '"""\n',
        "# ruff: noqa: E501\n",
        "from typing import Any\n",
        "from dealcoach.core import answer, condition_models, models\n",
    ]
    for name, value in tables().items():
        kind = _KINDS.get(name, "dict[str, Any]")
        text = pprint.pformat(value, width=100, sort_dicts=False)
        parts.append(f"{name}: {kind} = {text}\n")
    return "\n".join(parts)


if __name__ == "__main__":
    COMPILED.write_text(compiled_source(), encoding="utf-8")
    print(f"wrote {COMPILED}")
