"""A deal's attribute values as a user types them: amounts, dates, names."""

from __future__ import annotations

import math
import re
from datetime import date

from dealcoach.core.errors import DealcoachError
from dealcoach.core.textsafe import quoted

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def amount(text: str, what: str = "--amount") -> float:
    """A deal amount: a number at or above 0, with or without thousands separators
    (``120000``, ``120,000``, ``120000.50``)."""
    value = text.strip()
    if _NUMBER.fullmatch(value):
        number = float(value.replace(",", ""))
        if math.isfinite(number):
            return number
    raise DealcoachError(
        f"{what} '{quoted(text)}': an amount is a number at or above 0, such as 120000 or "
        "120,000.50; give it without a currency"
    )


def close_date(text: str, what: str = "--close-date") -> str:
    """A date in ISO form, YYYY-MM-DD."""
    value = text.strip()
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise DealcoachError(
        f"{what} '{quoted(text)}': a date is written YYYY-MM-DD (for example 2026-12-31)"
    )


def label(text: str, what: str) -> str:
    """A name or label: one line of text, not empty."""
    value = " ".join(text.split())
    if not value:
        raise DealcoachError(f"{what} is empty; give a value, or leave the option out")
    return value


def shown_amount(amount: float) -> str:
    """An amount as people read it: thousands separated, cents only when there are."""
    shown = f"{amount:,.2f}"
    return shown[:-3] if shown.endswith(".00") else shown


def shown_value(value: object) -> str:
    """An attribute's value in a sentence."""
    if value is None:
        return "(unset)"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return shown_amount(float(value))
    return str(value)
