"""What a store error says: one line with what is wrong and what to do.

A passing problem (a lock, a full disk) never gets the advice to move a good database
away; a damaged one is left as it is, with the way to check it.
"""

from __future__ import annotations

from pathlib import Path

from dealcoach.core.errors import DealcoachError


def fail(path: Path | str, what: str) -> DealcoachError:
    return DealcoachError(f"{path}: {what}")


def passing(exc: BaseException) -> str | None:
    """What to say about an error that passes (a lock, a full disk), or None."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "another dealcoach is writing to the deal database; try again in a moment"
    if "full" in text:
        return f"the disk is full ({exc}); free some space and try again"
    if "disk I/O" in text:
        return (
            f"the disk refused a read or a write ({exc}); it may be full: free some space, "
            "check the disk, and try again"
        )
    return None


def damaged(path: Path | str, exc: BaseException) -> DealcoachError:
    shown = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return fail(
        path,
        f"the deal database is damaged ({shown}); it was left as it is: check it with "
        f"`sqlite3 {path} 'PRAGMA integrity_check'` and restore a backup",
    )


def cannot_write(path: Path | str, exc: BaseException) -> DealcoachError:
    return fail(
        path,
        f"cannot write the deal database ({exc}); set DEALCOACH_HOME to a folder you "
        "can write, or make this file writable",
    )


def on_open(path: Path | str, exc: BaseException) -> DealcoachError:
    """The message for an error while opening the store."""
    text = str(exc)
    reason = passing(exc)
    if reason is not None:
        return fail(path, reason)
    if "readonly" in text or "unable to open" in text or "read-only" in text:
        return cannot_write(path, exc)
    if "malformed" in text or "decode" in text:
        return damaged(path, exc)
    return fail(
        path,
        f"is not a dealcoach database ({exc}); move it away, "
        "or set DEALCOACH_HOME to another folder",
    )


def conflict(where: str, exc: BaseException) -> DealcoachError:
    """A write refused by a uniqueness rule of the store (a CRM id kept by another deal)."""
    return fail(where, f"the write conflicts with another deal ({exc}); nothing was written")
