"""Validation of a playbook and of an answers file, into their plain records.

It runs the schemas generated from the pydantic models of :mod:`dealcoach.core.format`
(:mod:`dealcoach.core._compiled_schema`) with ``pydantic_core`` alone: the errors are
pydantic's own, and neither pydantic nor its validator building is paid for.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

    from dealcoach.core.answer import AnswerEntry
    from dealcoach.core.models import Playbook


@cache
def _validator(name: str) -> SchemaValidator:
    from pydantic_core import SchemaValidator

    from dealcoach.core import _compiled_schema

    schema = getattr(_compiled_schema, name)
    return SchemaValidator(schema)


def validate_playbook(data: Any) -> Playbook:
    """A playbook from its loaded YAML, or ``pydantic_core.ValidationError``."""
    return cast("Playbook", _validator("PLAYBOOK").validate_python(data))


def validate_answers_file(data: Any) -> dict[str, AnswerEntry]:
    """An answers file's entries, by question id, or ``pydantic_core.ValidationError``."""
    return cast("dict[str, AnswerEntry]", _validator("ANSWERS_FILE").validate_python(data))


def playbook_keys() -> frozenset[str]:
    """Every key that some part of a playbook accepts."""
    from dealcoach.core import _compiled_schema

    return frozenset(_compiled_schema.PLAYBOOK_KEYS)
