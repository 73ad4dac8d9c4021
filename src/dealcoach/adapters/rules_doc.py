"""The rules doc, generated from the rule registry.

Regenerate with ``python -m dealcoach.adapters.rules_doc > docs/rules.md``; a test
fails when the committed file is out of date.
"""

from __future__ import annotations

import sys

from dealcoach.core.rules.registry import Rule, all_rules

_HEADER = """\
# Lint rules

<!-- Generated from the rules in src/dealcoach/core/rules/ by
     `python -m dealcoach.adapters.rules_doc > docs/rules.md`. Do not edit by hand. -->

`dealcoach lint` reports every problem it finds with the file, line and column of the
offending key or value, a stable code and a message that says how to fix it. Errors make
`dealcoach lint` fail (exit code 1); warnings fail only with `--strict`.

A warning can be silenced on its own line with a comment naming its code:

```yaml
      - id: budget_words  # dealcoach: disable=DC306
```

Several codes are separated by commas (`# dealcoach: disable=DC305,DC306`). Errors cannot
be silenced.
"""


def _section(code: Rule) -> str:
    return "\n".join(
        [
            f"## {code.code}",
            "",
            f"**{code.name}** ({code.level}): {code.summary}",
            "",
            code.description,
            "",
            "Fails:",
            "",
            "```yaml",
            code.bad,
            "```",
            "",
            "Fixed:",
            "",
            "```yaml",
            code.good,
            "```",
            "",
        ]
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """The whole of docs/rules.md."""
    rows = [
        f"| [{c.code}](#{c.anchor}) | {c.name} | {c.level} | {_cell(c.summary)} |"
        for c in all_rules().values()
    ]
    table = "\n".join(["| code | name | level | summary |", "|---|---|---|---|", *rows])
    sections = "\n".join(_section(c) for c in all_rules().values())
    return f"{_HEADER}\n{table}\n\n{sections}"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
