"""Make text from a file or a user safe to print: shown, never acted on.

Control characters (C0, C1 and DEL), bidi overrides and isolates, zero-width
characters and line separators are shown as escapes (``\\x1b``, ``\\u202e``), so that
no name, key or answer can move the cursor, reorder a line, hide text, or print a line
that looks like one of ours.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL and C1; then zero-width characters, line and
# paragraph separators, bidi embeddings, overrides and isolates, and the BOM.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_BREAKS = re.compile("[\t\n]")
QUOTE_LIMIT = 40  # at most this much of a name is quoted in a message


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return repr(char)[1:-1] if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def safe(value: object) -> str:
    """Text with control and invisible characters shown as escapes; tabs and line breaks
    kept (for text shown as a block, such as a note in a view)."""
    return _CONTROL.sub(_escape, str(value))


def one_line(value: object) -> str:
    """:func:`safe`, with tabs and line breaks shown too: for text inside one line."""
    return _BREAKS.sub(_escape, safe(value))


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A name as a message quotes it: on one line, and cut at ``limit`` characters."""
    text = one_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pasteable(text: str) -> str:
    """Text to paste into an email: its paragraphs kept, the lines of each joined, and
    control characters shown as escapes."""
    paragraphs = (" ".join(safe(word) for word in p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p) + "\n"
