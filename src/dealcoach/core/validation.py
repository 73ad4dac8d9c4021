"""Validation of a playbook and of an answers file, into their plain records.

It runs the schemas generated from the pydantic models of :mod:`dealcoach.core.format`
(:mod:`dealcoach.core._compiled_schema`) with ``pydantic_core`` alone: the errors are
pydantic's own, and neither pydantic nor its validator building is paid for.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator, ValidationError

    from dealcoach.core.answer import AnswerEntry
    from dealcoach.core.models import Playbook


@cache
def _validator(name: str) -> SchemaValidator:
    schemas = _schemas()
    config = schemas.get(f"{name}_CONFIG")
    return core().SchemaValidator(schemas[name], config)  # type: ignore[no-any-return]


@cache
def _schemas() -> dict[str, Any]:
    """The generated schemas, when they are written for the pydantic_core installed;
    else the same, compiled from the models now (slower: pydantic is imported)."""
    from dealcoach.core import _compiled_schema

    if core().__version__ == _compiled_schema.PYDANTIC_CORE:
        return vars(_compiled_schema)
    from dealcoach.core.schema_compiler import tables

    return tables(live=True)


@cache
def core() -> Any:
    """pydantic_core's compiled module, the validator itself.

    Loaded without the package around it, whose ``__init__`` imports the Python typing
    of every core schema (``pydantic_core.core_schema``): most of its import time, and
    never used here. It is registered under its own name, so a later ``import
    pydantic_core`` (pydantic's, in the same process) finds it and shares its classes.
    Wherever that cannot be done, the package is imported as usual.
    """
    import sys

    name = "pydantic_core._pydantic_core"
    if name in sys.modules:
        return sys.modules[name]
    try:
        module = _load_alone(name)
    except Exception:  # any surprise in the package's layout: the ordinary import
        module = None
    if module is None:
        import pydantic_core._pydantic_core as compiled

        return compiled
    return module


def _load_alone(name: str) -> Any:
    import os
    import sys
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec

    for folder in sys.path:
        package = os.path.join(folder or ".", "pydantic_core")
        for suffix in EXTENSION_SUFFIXES:
            path = os.path.join(package, "_pydantic_core" + suffix)
            if os.path.isfile(path):
                loader = ExtensionFileLoader(name, path)
                spec = ModuleSpec(name, loader, origin=path)
                spec.has_location = True
                module = loader.create_module(spec)
                # What an ordinary import sets, as importlib.util.module_from_spec would
                # (importing importlib.util alone takes about 4 ms).
                module.__spec__, module.__loader__ = spec, loader
                module.__file__, module.__package__ = path, "pydantic_core"
                sys.modules[name] = module
                try:
                    loader.exec_module(module)
                except BaseException:
                    del sys.modules[name]
                    raise
                return module
        if os.path.isdir(package):
            return None  # the package is here, but not its compiled module
    return None


def validate_playbook(data: Any) -> Playbook:
    """A playbook from its loaded YAML, or ``pydantic_core.ValidationError``."""
    return cast("Playbook", _validator("PLAYBOOK").validate_python(data))


def validate_answers_file(data: Any) -> dict[str, AnswerEntry]:
    """An answers file's entries, by question id, or ``pydantic_core.ValidationError``."""
    return cast("dict[str, AnswerEntry]", _validator("ANSWERS_FILE").validate_python(data))


def validation_error() -> type[ValidationError]:
    """The exception of a failed validation: ``pydantic_core.ValidationError``."""
    return core().ValidationError  # type: ignore[no-any-return]


def playbook_keys() -> frozenset[str]:
    """Every key that some part of a playbook accepts."""
    return frozenset(_schemas()["PLAYBOOK_KEYS"])
