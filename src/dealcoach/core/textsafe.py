"""Make user-supplied text safe to print: control characters shown as escapes."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(value: object) -> str:
    """Text with control characters shown as escapes (``\\x1b``), never executed."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], str(value))


def one_line(value: object) -> str:
    """:func:`safe`, with line breaks shown too: for names quoted inside a message."""
    return safe(value).replace("\n", "\\n").replace("\t", "\\t")
