"""Reading a CRM's CSV export (TEAM.md, "CRM files"): Salesforce opportunities or
HubSpot deals, told apart by their header, into rows of deal attributes, each with its
line in the file; a bad value is an error at its line and column."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dealcoach.core.errors import DealcoachError
from dealcoach.core.textsafe import one_line, quoted

SALESFORCE, HUBSPOT = "salesforce", "hubspot"
CRMS = (SALESFORCE, HUBSPOT)

# Each CRM's header names (report labels, API and internal names), lowercased, by the
# attribute they hold.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    SALESFORCE: {
        "crm_id": ("opportunity id", "id"),
        "name": ("opportunity name", "name"),
        "owner": ("opportunity owner", "owner name", "ownerid", "owner id"),
        "stage": ("stage", "stagename"),
        "amount": ("amount",),
        "close_date": ("close date", "closedate"),
    },
    HUBSPOT: {
        "crm_id": ("record id", "hs_object_id", "deal id"),
        "name": ("deal name", "dealname"),
        "owner": ("deal owner", "hubspot_owner_id"),
        "stage": ("deal stage", "dealstage"),
        "amount": ("amount",),
        "close_date": ("close date", "closedate"),
    },
}
# Stages that close a deal, lowercased: Salesforce's names and HubSpot's ids and labels.
CLOSED = {"closed won": "won", "closedwon": "won", "closed lost": "lost", "closedlost": "lost"}

_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_CURRENCY = re.compile(r"^(?:[A-Z]{3}\s*)?[$€£¥]?\s*|\s*(?:[$€£¥]|[A-Z]{3})?$")


@dataclass(frozen=True, slots=True)
class CrmRow:
    """A record of the export: its line in the file and its attributes (None: empty)."""

    line: int
    crm_id: str
    name: str
    owner: str | None
    stage: str | None
    amount: float | None
    close_date: str | None
    status: str | None  # won or lost for a closed stage, else None (left as it is)


@dataclass(frozen=True, slots=True)
class CrmFile:
    crm: str
    rows: list[CrmRow]
    notes: list[str]
    columns: frozenset[str]  # the attributes the export has a column for


def decoded(path: str, data: bytes) -> tuple[str, list[str]]:
    """The file's text: UTF-8 (a byte-order mark dropped), else Windows-1252, said so."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DealcoachError(
            f"{path}: is neither UTF-8 nor Windows-1252 text; export it again as CSV (UTF-8)"
        ) from None
    return text, [f"{path}: is not UTF-8; read it as Windows-1252 (export as UTF-8 to be sure)"]


def read_crm(
    path: str, data: bytes, crm: str | None, owners: Mapping[str, str] | None = None
) -> CrmFile:
    text, notes = decoded(path, data)
    if not text.strip():
        raise DealcoachError(f"{path}: is empty; export the opportunities or deals as CSV")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DealcoachError(f"{path}:1: the header is not CSV ({exc})") from None
    kind, where = _columns(path, header, crm)
    rows: list[CrmRow] = []
    line = 2
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(_row(path, line, header, record, where, owners or {}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DealcoachError(
            f"{path}:{reader.line_num}: is not valid CSV ({exc}); a quote is probably never closed"
        ) from None
    return CrmFile(kind, rows, notes, frozenset(where))


def _columns(path: str, header: list[str], crm: str | None) -> tuple[str, dict[str, int]]:
    """Which CRM the header is from, and the column of each attribute it has."""
    names = [h.strip().lower() for h in header]
    found: dict[str, dict[str, int]] = {}
    for kind in (crm,) if crm else CRMS:
        found[kind] = {
            attribute: names.index(next(n for n in labels if n in names))
            for attribute, labels in COLUMNS[kind].items()
            if any(n in names for n in labels)
        }
    usable = {k: v for k, v in found.items() if "crm_id" in v and "name" in v}
    if not usable:
        wanted = crm or "salesforce or hubspot"
        expected = {
            SALESFORCE: "'Opportunity ID' and 'Opportunity Name' (or 'Id' and 'Name')",
            HUBSPOT: "'Record ID' and 'Deal Name' (or 'hs_object_id' and 'dealname')",
        }
        said = " or ".join(expected[k] for k in ((crm,) if crm else CRMS))
        raise DealcoachError(
            f"{path}:1: the header has no id and name columns of a {wanted} export; it needs {said}"
        )
    kind = max(usable, key=lambda k: len(usable[k]))
    return kind, usable[kind]


def _row(
    path: str,
    line: int,
    header: list[str],
    record: list[str],
    where: dict[str, int],
    owners: Mapping[str, str],
) -> CrmRow:
    def cell(attribute: str) -> str | None:
        at = where.get(attribute)
        if at is None or at >= len(record):
            return None
        value = " ".join(record[at].split())
        return value or None

    def fail(attribute: str, what: str) -> DealcoachError:
        column = header[where[attribute]].strip()
        return DealcoachError(f"{path}:{line}: column '{column}': {what}; nothing was imported")

    if any("\x00" in value for value in record):
        column = header[next(i for i, v in enumerate(record) if "\x00" in v)].strip()
        raise DealcoachError(
            f"{path}:{line}: column '{column}': holds a NUL byte; nothing was imported"
        )
    crm_id, name = cell("crm_id"), cell("name")
    if crm_id is None:
        raise fail("crm_id", "the record has no id; every row needs the CRM's id")
    if name is None:
        raise fail("name", "the record has no name")
    owner = cell("owner")
    if owner is not None:
        owner = owners.get(owner, owner)
    stage = cell("stage")
    amount_text, close_text = cell("amount"), cell("close_date")
    try:
        amount = _amount(amount_text) if amount_text is not None else None
    except ValueError:
        raise fail(
            "amount", f"'{quoted(amount_text)}' is not an amount, such as 12,500.00"
        ) from None
    try:
        close = _date(close_text) if close_text is not None else None
    except ValueError:
        raise fail(
            "close_date", f"'{quoted(close_text)}' is not a date (YYYY-MM-DD or M/D/YYYY)"
        ) from None
    status = CLOSED.get(stage.lower()) if stage else None
    return CrmRow(line, crm_id, name, owner, stage, amount, close, status)


MOST = 1e15  # no deal is worth more: a longer number is a mistake in the file


def _amount(text: str) -> float:
    """An amount with or without thousands separators, a currency symbol or code:
    ``$12,500.00``, ``EUR 12.500,00``, ``12500``, ``0.125``. With both ``.`` and
    ``,`` the last is the decimal mark; one of them alone, repeated or before exactly
    three digits (``1,234``, ``€3.000``), separates thousands, else it is the mark."""
    value = _CURRENCY.sub("", text.strip())
    value = value.replace(" ", "").replace("\u00a0", "").replace("'", "")
    if not re.fullmatch(r"\d[\d.,]*", value):
        raise ValueError(text)
    marks = [c for c in value if c in ".,"]
    if not marks:
        whole, cents = value, ""
    elif len(set(marks)) == 2:
        at = max(value.rfind("."), value.rfind(","))
        whole, cents = value[:at], value[at + 1 :]
        if value[at] in whole:
            raise ValueError(text)  # "1.234.56": the mark twice
    else:
        head, _, tail = value.rpartition(marks[0])
        thousands = len(marks) > 1 or (len(tail) == 3 and head != "0")
        whole, cents = (value, "") if thousands else (head, tail)
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise ValueError(text)  # "1,23,4": not thousands
    number = float(f"{''.join(groups)}.{cents or 0}")
    if (not cents.isdigit() and cents) or not math.isfinite(number) or number > MOST:
        raise ValueError(text)
    return number


def _date(text: str) -> str:
    """A date in ISO form (a time part ignored) or M/D/YYYY, as YYYY-MM-DD."""
    us = _US_DATE.fullmatch(text)
    if us:
        month, day, year = map(int, us.groups())
        return date(year, month, day).isoformat()
    iso = _ISO_DATE.fullmatch(text)
    if iso:
        year, month, day = map(int, iso.groups())
        return date(year, month, day).isoformat()
    raise ValueError(text)


def owners_map(path: str, data: object) -> dict[str, str]:
    """``--owners FILE``: a YAML mapping of CRM owner name to dealcoach user."""
    if not isinstance(data, dict) or not all(
        isinstance(k, str | int) and isinstance(v, str) and v.strip() for k, v in data.items()
    ):
        raise DealcoachError(
            f"{path}: --owners needs a YAML mapping of CRM owner name to user, such as "
            "'Dana Smith: dana'"
        )
    return {" ".join(str(k).split()): one_line(v) for k, v in data.items()}
