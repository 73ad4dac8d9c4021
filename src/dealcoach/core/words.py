"""Counts in English: "1 problem", "2 problems"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, in the plural (``many``, else ``word`` + s) unless one."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
