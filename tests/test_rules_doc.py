"""The codes registry is complete, and docs/rules.md is generated from it."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from dealcoach.adapters import rules_doc as docs
from dealcoach.core.rules.registry import all_rules
from tests.conftest import REPO as ROOT

RULES_MD = ROOT / "docs" / "rules.md"


def test_every_code_is_documented_with_an_example_and_its_fix() -> None:
    for code in all_rules().values():
        assert re.fullmatch(r"DC\d{3}", code.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code.name), code
        assert code.level in ("error", "warning")
        assert code.summary and code.description and code.bad and code.good, code.code
        assert code.bad != code.good, code.code
    assert len({c.name for c in all_rules().values()}) == len(all_rules())


def test_examples_other_than_broken_yaml_are_yaml() -> None:
    for code in all_rules().values():
        yaml.safe_load(code.good)
        if code.code not in ("DC002", "DC004", "DC006"):
            yaml.safe_load(code.bad)


def test_every_code_the_source_reports_is_registered() -> None:
    used = set()
    for path in (ROOT / "src" / "dealcoach").rglob("*.py"):
        used.update(re.findall(r"\bDC\d{3}\b", path.read_text(encoding="utf-8")))
    assert used - set(all_rules()) == set()


def test_docs_rules_md_is_up_to_date() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == docs.render(), (
        "docs/rules.md is out of date: run `python -m dealcoach.adapters.rules_doc > docs/rules.md`"
    )


def test_every_code_has_a_section_with_its_anchor() -> None:
    text = docs.render()
    for code in all_rules().values():
        assert f"\n## {code.code}\n" in text
        assert f"(#{code.anchor})" in text


def test_the_docs_module_runs_as_a_script() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "error", "-m", "dealcoach.adapters.rules_doc"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == docs.render()
    assert done.stderr == ""
