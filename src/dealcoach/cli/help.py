"""Help as people read it: names instead of Python types, short lines that fit the
command list, and real examples under each command."""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperArgument, TyperCommand

SHORT = {
    "qualify": "Before a call: score a deal, plan the call, get the next step.",
    "next-step": "After a call: record what you learned, see what changed.",
    "deals": "The pipeline: every deal, the ones that need attention first.",
    "show": "One deal: its scorecard, its sessions and every answer.",
    "update": "Set a deal's owner, stage, amount, close date or CRM id.",
    "close": "Record a deal's outcome: won or lost.",
    "reopen": "Put a closed deal back into the open pipeline.",
    "review": "The pipeline review: posture, what moved, risks, evidence.",
    "outcomes": "Does the playbook predict? Win rates by band, won vs lost.",
    "import": "Import deals from a Salesforce or HubSpot CSV export.",
    "export": "Export the qualification as a CSV for the CRM to import.",
    "db": "The team database: set it up (PostgreSQL).",
    "init": "Set up a team database: schema, roles, who may change what.",
    "template": "An answers file for a playbook, every question listed.",
    "playbooks": "The playbooks dealcoach can load, and where from.",
    "lint": "Check playbook files and run their scenarios (for CI).",
    "schema": "Print the playbook JSON Schema (for editors and CI).",
}

EXAMPLES = {
    "qualify": [
        'dealcoach qualify "Acme Corp"',
        'dealcoach qualify "Acme Corp" --answers first-call.yaml --objective "I need to'
        ' understand their close"',
        'dealcoach qualify "Globex renewal" --playbook meddicc --json',
        'dealcoach qualify "Acme Corp" --answers first-call.yaml --say',
    ],
    "next-step": [
        'dealcoach next-step "Acme Corp"',
        'dealcoach next-step "Acme Corp" --answers after-call.yaml --note "CFO joined"',
        'dealcoach next-step "Acme Corp" --answers after-call.yaml --say',
    ],
    "deals": ["dealcoach deals", "dealcoach deals --mine", "dealcoach deals --all --json"],
    "update": [
        'dealcoach update "Acme Corp" --stage Proposal --amount 120000 --close-date 2026-12-31',
        'dealcoach update "Acme Corp" --owner dana',
    ],
    "close": [
        'dealcoach close "Acme Corp" --won',
        'dealcoach close "Globex" --lost --reason "chose to build it in-house"',
    ],
    "reopen": ['dealcoach reopen "Globex"'],
    "review": [
        "dealcoach review",
        "dealcoach review --owner dana --since 2026-11-01",
        "dealcoach review --format markdown > review.md",
        "dealcoach review --format html --output review.html",
    ],
    "outcomes": ["dealcoach outcomes", "dealcoach outcomes --playbook customer-first --json"],
    "import": [
        "dealcoach import opportunities.csv --dry-run",
        "dealcoach import hubspot-deals.csv --from hubspot --owners owners.yaml",
    ],
    "export": [
        "dealcoach export --to salesforce --output dealcoach-salesforce.csv",
        "dealcoach export --to hubspot > dealcoach-hubspot.csv",
    ],
    "init": ["DEALCOACH_DATABASE_URL=postgresql://admin@db.example/sales dealcoach db init"],
    "show": ['dealcoach show "Acme Corp"', 'dealcoach show "Acme Corp" --say'],
    "template": [
        "dealcoach template customer-first > first-call.yaml",
        "dealcoach template playbooks/my-playbook.yaml",
    ],
    "playbooks": ["dealcoach playbooks", "dealcoach playbooks --json"],
    "lint": [
        "dealcoach lint",
        "dealcoach lint --strict playbooks/",
        "dealcoach lint --format sarif playbooks/ > dealcoach.sarif",
        "dealcoach lint --json my-playbook.yaml",
    ],
    "schema": ["dealcoach schema > playbook.schema.json"],
}


class HelpCommand(TyperCommand):
    """A command whose help shows its arguments by name, and its examples as written."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        arguments = [p for p in self.get_params(ctx) if isinstance(p, TyperArgument)]
        pieces = [_argument_usage(p) for p in arguments]
        return [*pieces, "[OPTIONS]"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments = [
            (_argument_name(p), _argument_help(p))
            for p in self.get_params(ctx)
            if isinstance(p, TyperArgument)
        ]
        options = [
            record
            for p in self.get_params(ctx)
            if not isinstance(p, TyperArgument) and (record := p.get_help_record(ctx))
        ]
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        examples = EXAMPLES.get(self.name or "")
        if not examples:
            return
        formatter.write_paragraph()
        formatter.write_text("Examples:")
        with formatter.indentation():
            for example in examples:  # as written: never re-wrapped
                formatter.write(f"{' ' * formatter.current_indent}{example}\n")


def _argument_name(param: TyperArgument) -> str:
    return param.metavar or (param.name or "").upper()


def _argument_usage(param: TyperArgument) -> str:
    name = _argument_name(param)
    if param.nargs != 1:
        name = f"{name}..."
    return name if param.required else f"[{name}]"


def _argument_help(param: TyperArgument) -> str:
    text = inspect.cleandoc(param.help or "")
    return f"{text}  [required]" if param.required else text


def command(name: str) -> dict[str, Any]:
    """What every command is declared with: its short help and this help's class."""
    return {"name": name, "short_help": SHORT[name], "cls": HelpCommand}
