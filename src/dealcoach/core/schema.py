"""The JSON Schema of a playbook, for editors and CI (`dealcoach schema`).

Generated from the pydantic models of the format, plus the few facts that the models check
in validators rather than in their types.
"""

from __future__ import annotations

from typing import Any

from dealcoach.core.format import Playbook

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema of a playbook file, format version 1."""
    generated = Playbook.model_json_schema(by_alias=True)
    # Facts that validators check: only format version 1 exists, and a language rule's
    # `match` may be one pattern instead of a list.
    generated["properties"]["dealcoach"]["const"] = 1
    rule = generated["$defs"]["LanguageRule"]["properties"]
    rule["match"] = {"anyOf": [{"type": "string", "minLength": 1}, rule["match"]]}
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "dealcoach playbook, format version 1",
        "description": (
            "A dealcoach playbook: dimensions of questions, bands, gates, next steps, "
            "tell-language and scenarios. Check a file with `dealcoach lint`."
        ),
        **{k: v for k, v in generated.items() if k not in ("title", "description")},
    }
