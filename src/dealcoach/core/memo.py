"""What a command may remember between runs: results keyed by the exact input they
came from (a playbook's text), so that a second run on an unchanged file skips the
work. The core says what to remember and under which key; an adapter keeps it."""

from __future__ import annotations

from typing import Protocol


class Memo(Protocol):
    """Results by key. ``get`` gives None for anything unknown, unreadable or corrupt;
    ``put`` may keep nothing (a read-only folder): both are only ever an optimisation."""

    def get(self, key: str) -> object | None: ...

    def put(self, key: str, value: object) -> None: ...


class NoMemo:
    """Remembers nothing: every run does all the work."""

    def get(self, key: str) -> object | None:
        return None

    def put(self, key: str, value: object) -> None:
        return None


def memo_key(kind: str, *parts: str | int) -> str:
    """The key of the result of ``kind`` from exactly ``parts`` (a path, the text it
    reads as now, the options that change the result)."""
    import hashlib

    digest = hashlib.sha256(kind.encode())
    for part in parts:
        digest.update(b"\0" + str(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
