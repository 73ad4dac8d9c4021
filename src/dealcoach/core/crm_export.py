"""``dealcoach export``: the qualification as a CSV for the CRM's import tool (TEAM.md,
"CRM files"). A cell that a spreadsheet would run as a formula is prefixed with ``'``."""

from __future__ import annotations

import csv
import io

from dealcoach.core.crm_import import HUBSPOT, SALESFORCE
from dealcoach.core.figures import round1
from dealcoach.core.records import Deal, Session

# The columns, by CRM: the record's id, then the qualification (docs/crm.md gives each
# field's type for the admin who creates them).
COLUMNS = {
    SALESFORCE: (
        "Id", "Dealcoach_Score__c", "Dealcoach_Band__c", "Dealcoach_Next_Step__c",
        "Dealcoach_Next_Step_Say__c", "Dealcoach_Known__c", "Dealcoach_Verified__c",
        "Dealcoach_Last_Qualified__c",
    ),
    HUBSPOT: (
        "Record ID", "dealcoach_score", "dealcoach_band", "dealcoach_next_step",
        "dealcoach_next_step_say", "dealcoach_known", "dealcoach_verified",
        "dealcoach_last_qualified",
    ),
}  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what Excel and Sheets read as a formula


def guarded(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character is quoted."""
    return "'" + text if text.startswith(_FORMULA) else text


def row(deal: Deal, last: Session | None) -> list[str]:
    assert deal.crm_id is not None
    if last is None:  # never qualified: the id alone
        return [guarded(deal.crm_id), "", "", "", "", "", "", ""]
    return [
        guarded(deal.crm_id),
        f"{round1(last.score):g}",
        guarded(last.band_label),
        guarded(last.next_step_title),
        guarded(last.say),
        f"{round1(last.known):g}",
        f"{round1(last.verified):g}",
        last.created_at[:10],
    ]


def export_csv(crm: str, deals: list[tuple[Deal, Session | None]]) -> str:
    """The CSV: a header, then one row per deal with a CRM id; quoted where a value has
    a comma, a quote or a line break, so that it reads back whole."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS[crm])
    writer.writerows(row(deal, last) for deal, last in deals if deal.crm_id)
    return out.getvalue()
