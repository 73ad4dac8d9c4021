"""`dealcoach schema`: the playbook JSON Schema, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from dealcoach.core.schema import JSON_SCHEMA_DIALECT, playbook_schema
from tests.conftest import LINT_CASES, SHIPPED, RunCli

# A small valid playbook (its first line is a comment for the lint cases).
MINIMAL_PLAYBOOK = (LINT_CASES / "good" / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = playbook_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_a_titled_json_schema(run_cli: RunCli) -> None:
    schema = playbook_schema()
    assert schema["$schema"] == JSON_SCHEMA_DIALECT
    assert "playbook" in schema["title"]
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    printed = run_cli("schema")
    assert (printed.returncode, printed.stderr) == (0, "")
    assert json.loads(printed.stdout) == schema


def test_a_minimal_playbook_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(yaml.safe_load(MINIMAL_PLAYBOOK))) == []


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [
        ("typo in a key", "    name: Need\n", "    nmae: Need\n"),
        ("format version 2", "dealcoach: 1", "dealcoach: 2"),
        ("missing required key", "  - {id: go, min: 50, label: Go}", "  - {id: go, min: 50}"),
        (
            "unknown kind",
            "        ask: Is there pain?\n",
            "        ask: Is there pain?\n        kind: x\n",
        ),
        ("version read as a number", 'version: "1"', "version: 1.0"),
    ],
)
def test_schema_rejects_what_lint_rejects(
    validator: jsonschema.Draft202012Validator, change: str, old: str, new: str
) -> None:
    assert old in MINIMAL_PLAYBOOK
    assert list(validator.iter_errors(yaml.safe_load(MINIMAL_PLAYBOOK.replace(old, new)))), change


def _valid_playbooks() -> list[Path]:
    return [*sorted((LINT_CASES / "good").glob("*.yaml")), *sorted(SHIPPED.glob("*.yaml"))]


@pytest.mark.parametrize("path", _valid_playbooks(), ids=lambda p: p.name)
def test_valid_playbooks_are_valid_against_the_schema(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []
