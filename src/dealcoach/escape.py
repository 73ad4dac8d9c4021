"""Showing untrusted text safely: control characters as visible escapes.

Kept apart from the rich views so that plain-text output (lint in CI) does not
import rich.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(value: object) -> str:
    """Text with control characters shown as escapes (``\\x1b``), never executed."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], str(value))
