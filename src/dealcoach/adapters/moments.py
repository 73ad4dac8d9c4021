"""Times as a person reads them, in the local time zone: "22 Nov 09:30", "today at 09:30"."""

from __future__ import annotations

from datetime import datetime

from dealcoach.core import records


def local(stamp: str) -> datetime:
    """A stored UTC time (ISO form), in the local time zone."""
    return datetime.fromisoformat(stamp).astimezone()


def short(stamp: str, now: datetime | None = None) -> str:
    """``22 Nov 09:30``, with the year when it is not this one."""
    moment = local(stamp)
    year = (now or records.utcnow()).astimezone().year
    shown = f"{moment.day} {moment:%b}"
    if moment.year != year:
        shown += f" {moment.year}"
    return f"{shown} {moment:%H:%M}"


def spoken(stamp: str, now: datetime | None = None) -> str:
    """``today at 09:30``, ``yesterday at 17:05``, else ``on 22 Nov at 09:30``."""
    moment = local(stamp)
    today = (now or records.utcnow()).astimezone().date()
    days = (today - moment.date()).days
    if days == 0:
        return f"today at {moment:%H:%M}"
    if days == 1:
        return f"yesterday at {moment:%H:%M}"
    day = f"{moment.day} {moment:%b}" + (f" {moment.year}" if moment.year != today.year else "")
    return f"on {day} at {moment:%H:%M}"
