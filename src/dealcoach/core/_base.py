"""The base of every checked playbook part: a plain, read-only record.

Records are made by validation (:mod:`dealcoach.core.validation`, which runs the schema
that :mod:`dealcoach.core.schema_compiler` compiles from the pydantic models of
:mod:`dealcoach.core.format`) or by unpickling a remembered playbook, so a run that only
reads playbooks never imports pydantic.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Record:
    """Fields in declaration order (annotations), compared, hashed and shown by value."""

    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: dict[str, None] = {}
        for base in reversed(cls.__mro__):
            # Not inspect.get_annotations: importing inspect costs a rep command 7 ms.
            for name in base.__dict__.get("__annotations__", {}):  # noqa: RUF063
                if not name.startswith("_"):
                    names[name] = None
        cls._fields = tuple(names)

    def __init__(self, **values: Any) -> None:
        """A record from its field values; fields left out take their class default."""
        unknown = set(values) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(unknown)}")
        for name in self._fields:
            if name in values:
                value = values[name]
            elif hasattr(type(self), name):
                value = getattr(type(self), name)
            else:
                raise TypeError(f"{type(self).__name__}: missing field '{name}'")
            self.__dict__[name] = value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"
