"""Each lint output format, on one result with errors and warnings in two files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from dealcoach.adapters.lint_formatters import FORMATTERS, artifact_uri, summary
from dealcoach.core.diagnostics import Problem
from dealcoach.core.lint import LintResult
from dealcoach.core.rules.registry import all_rules

SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json"

RESULT = LintResult(
    files=["playbooks/a.yaml", "playbooks/b, c.yaml", "playbooks/clean.yaml"],
    problems=[
        Problem(
            "playbooks/a.yaml",
            3,
            5,
            "error",
            "DC101",
            "unknown key 'wieght'; did you mean 'weight'?",
        ),
        Problem("playbooks/a.yaml", 9, 16, "warning", "DC305", 'begin it with "I need to"'),
        Problem("playbooks/b, c.yaml", 1, 1, "error", "DC002", "100% wrong:\nsecond line"),
    ],
)


def render(name: str, result: LintResult = RESULT) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    FORMATTERS[name]().write(result, out, err)
    return out.getvalue(), err.getvalue()


def test_the_registry_names_every_format() -> None:
    assert list(FORMATTERS) == ["text", "github", "json", "sarif"]


def test_text_groups_problems_by_file() -> None:
    out, err = render("text")
    assert out == (
        "playbooks/a.yaml:3:5: error DC101 unknown key 'wieght'; did you mean 'weight'?\n"
        'playbooks/a.yaml:9:16: warning DC305 begin it with "I need to"\n'
        "\n"
        "playbooks/b, c.yaml:1:1: error DC002 100% wrong:\\nsecond line\n"
    )
    assert err == "Found 2 errors and 1 warning in 2 of 3 playbook files.\n"


def test_text_never_wraps_or_reads_markup() -> None:
    long = "x" * 300 + " [bold]not markup[/bold] :smile:"
    result = LintResult(["f.yaml"], [Problem("f.yaml", 1, 1, "error", "DC103", long)])
    out, _ = render("text", result)
    assert out == f"f.yaml:1:1: error DC103 {long}\n"


def test_summaries() -> None:
    assert summary(LintResult([], [])).startswith("No playbook files")
    assert summary(LintResult(["a.yaml"], [])) == "Checked 1 playbook file: no problems."


def test_github_writes_one_workflow_command_per_problem() -> None:
    out, err = render("github")
    assert out.splitlines() == [
        "::error file=playbooks/a.yaml,line=3,col=5::DC101 unknown key 'wieght'; "
        "did you mean 'weight'?",
        '::warning file=playbooks/a.yaml,line=9,col=16::DC305 begin it with "I need to"',
        "::error file=playbooks/b%2C c.yaml,line=1,col=1::DC002 100%25 wrong:%0Asecond line",
    ]
    assert err.startswith("Found 2 errors")


def test_github_escapes_colons_in_properties() -> None:
    result = LintResult(["C:/x.yaml"], [Problem("C:/x.yaml", 1, 1, "error", "DC002", "a%b")])
    out, _ = render("github", result)
    assert out == "::error file=C%3A/x.yaml,line=1,col=1::DC002 a%25b\n"


@pytest.mark.parametrize("name", ["text", "github"])
def test_terminal_escapes_in_playbook_text_are_shown_not_run(name: str) -> None:
    message = "unknown key '\x1b[2Jx\r'"
    result = LintResult(["f.yaml"], [Problem("f\x1b.yaml", 1, 1, "error", "DC101", message)])
    out, _ = render(name, result)
    assert "\x1b" not in out
    assert "\r" not in out
    assert "\\x1b[2Jx\\r" in out


def test_json_has_the_documented_shape() -> None:
    out, err = render("json")
    data = json.loads(out)
    assert err == ""
    assert data["files"] == 3
    assert list(data) == ["files", "problems"]
    assert data["problems"][0] == {
        "file": "playbooks/a.yaml",
        "line": 3,
        "column": 5,
        "level": "error",
        "code": "DC101",
        "message": "unknown key 'wieght'; did you mean 'weight'?",
    }
    assert [p["code"] for p in data["problems"]] == ["DC101", "DC305", "DC002"]


def test_json_of_a_clean_run() -> None:
    out, _ = render("json", LintResult(["a.yaml"], []))
    assert json.loads(out) == {"files": 1, "problems": []}


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("result", [RESULT, LintResult(["a.yaml"], [])], ids=["problems", "clean"])
def test_sarif_is_valid_against_the_sarif_2_1_0_schema(
    result: LintResult, sarif_validator: jsonschema.Draft4Validator
) -> None:
    out, err = render("sarif", result)
    log = json.loads(out)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert errors == []
    assert err == ""


def test_sarif_lists_every_rule_and_points_results_at_them() -> None:
    log = json.loads(render("sarif")[0])
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dealcoach"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(all_rules())
    for rule in rules:
        code = all_rules()[rule["id"]]
        assert rule["name"] == code.name
        assert rule["shortDescription"]["text"] == code.summary
        assert rule["fullDescription"]["text"]
        assert "Fails:" in rule["help"]["markdown"] and "Fixed:" in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == code.level
    first, _, third = run["results"]
    assert first["ruleId"] == "DC101"
    assert rules[first["ruleIndex"]]["id"] == "DC101"
    assert first["level"] == "error"
    assert first["message"]["text"].startswith("unknown key")
    location = first["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "playbooks/a.yaml"},
        "region": {"startLine": 3, "startColumn": 5},
    }
    assert third["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "playbooks/b%2C%20c.yaml"
    )
    assert run["results"][1]["level"] == "warning"


def test_artifact_uris() -> None:
    assert artifact_uri("playbooks/x.yaml") == "playbooks/x.yaml"
    assert artifact_uri("/srv/my playbooks/x.yaml") == "file:///srv/my%20playbooks/x.yaml"
