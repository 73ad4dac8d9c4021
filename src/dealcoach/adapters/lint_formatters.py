"""Lint output formats: one class per format, chosen by name from :data:`FORMATTERS`.

Machine formats (github, json, sarif) write nothing but their output on ``out``.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from itertools import groupby
from pathlib import PurePath
from typing import Any, ClassVar, TextIO
from urllib.parse import quote

from dealcoach import __version__
from dealcoach.core.lint import LintResult
from dealcoach.core.rules.registry import Rule, all_rules
from dealcoach.core.textsafe import one_line, safe
from dealcoach.core.words import plural


class Formatter(ABC):
    """One output format. ``colour``: style the text format (the caller decides when)."""

    name: ClassVar[str]

    def __init__(self, *, colour: bool = False) -> None:
        self.colour = colour

    @abstractmethod
    def write(self, result: LintResult, out: TextIO, err: TextIO) -> None:
        """Write ``result``: the format itself on ``out``, any summary on ``err``."""


def summary(result: LintResult) -> str:
    """One line: how many files were checked and what was found."""
    checked = plural(len(result.files), "playbook file")
    if not result.files:
        return "No playbook files (*.yaml, *.yml) found: nothing checked."
    if not result.problems:
        return f"Checked {checked}: no problems."
    found = [
        plural(count, word)
        for count, word in ((result.errors, "error"), (result.warnings, "warning"))
        if count
    ]
    files = len({p.file for p in result.problems})
    where = checked if files == len(result.files) == 1 else f"{files} of {checked}"
    return f"Found {' and '.join(found)} in {where}."


class TextFormatter(Formatter):
    """For people: problems grouped by file, ``FILE:LINE:COL: LEVEL CODE message``."""

    name = "text"

    def write(self, result: LintResult, out: TextIO, err: TextIO) -> None:
        if not self.colour:  # CI logs, files, pipes: no rich needed
            for index, (_, problems) in enumerate(groupby(result.problems, key=lambda p: p.file)):
                out.write("\n" if index else "")
                for p in problems:
                    out.write(
                        f"{one_line(p.file)}:{p.line}:{p.column}: {p.level} {p.code} "
                        f"{one_line(p.message)}\n"
                    )
            err.write(summary(result) + "\n")
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(
            file=out, force_terminal=True, highlight=False, soft_wrap=True, emoji=False
        )
        styles = {"error": "bold red", "warning": "yellow"}
        for index, (_, problems) in enumerate(groupby(result.problems, key=lambda p: p.file)):
            if index:
                console.print()
            for p in problems:
                console.print(
                    Text.assemble(
                        (f"{one_line(p.file)}:{p.line}:{p.column}:", "bold"),
                        " ",
                        (p.level, styles[p.level]),
                        " ",
                        (p.code, "bold"),
                        " ",
                        one_line(p.message),
                    )
                )
        Console(file=err, force_terminal=True, highlight=False, soft_wrap=True, emoji=False).print(
            Text(summary(result), style="bold" if result.problems else "green")
        )


def _command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    """GitHub Actions workflow commands: each problem becomes an annotation."""

    name = "github"

    def write(self, result: LintResult, out: TextIO, err: TextIO) -> None:
        for p in result.problems:
            out.write(
                f"::{p.level} file={_command_property(safe(p.file))},"
                f"line={p.line},col={p.column}"
                f"::{_command_data(safe(f'{p.code} {p.message}'))}\n"
            )
        err.write(summary(result) + "\n")


class JsonFormatter(Formatter):
    """``{"files": N, "problems": [{"file", "line", "column", "level", "code", "message"}]}``."""

    name = "json"

    def write(self, result: LintResult, out: TextIO, err: TextIO) -> None:
        keys = ("file", "line", "column", "level", "code", "message")
        problems = [{key: getattr(p, key) for key in keys} for p in result.problems]
        data = {"files": len(result.files), "problems": problems}
        out.write(_dumps(data))


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(path: str) -> str:
    """A file's SARIF artifact URI: relative paths stay relative (to the repository root)."""
    if os.path.isabs(path):
        return PurePath(path).as_uri()
    return quote(PurePath(path).as_posix())


def _rule(code: Rule) -> dict[str, Any]:
    markdown = (
        f"{code.description}\n\nFails:\n\n```yaml\n{code.bad}\n```\n\n"
        f"Fixed:\n\n```yaml\n{code.good}\n```\n"
    )
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.summary},
        "fullDescription": {"text": code.description or code.summary},
        "help": {"text": code.description or code.summary, "markdown": markdown},
        "defaultConfiguration": {"level": code.level},
    }


class SarifFormatter(Formatter):
    """SARIF 2.1.0 (for code scanning): one run, every rule in ``tool.driver.rules``."""

    name = "sarif"

    def write(self, result: LintResult, out: TextIO, err: TextIO) -> None:
        rules = all_rules()
        index = {code: i for i, code in enumerate(rules)}
        results = [
            {
                "ruleId": p.code,
                "ruleIndex": index[p.code],
                "level": p.level,
                "message": {"text": p.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(p.file)},
                            "region": {"startLine": p.line, "startColumn": p.column},
                        }
                    }
                ],
            }
            for p in result.problems
        ]
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "dealcoach",
                            "version": __version__,
                            "rules": [_rule(code) for code in rules.values()],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        out.write(_dumps(log))


FORMATTERS: dict[str, type[Formatter]] = {
    f.name: f for f in (TextFormatter, GithubFormatter, JsonFormatter, SarifFormatter)
}


def _dumps(data: Any) -> str:
    """JSON as every command prints it (imported here: text lint does not need it)."""
    from dealcoach.adapters.json_views import dumps

    return dumps(data)
