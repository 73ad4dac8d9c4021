"""An answers file for a playbook: every question, each set to ``unknown``, with what it
asks and what it allows as comments. It works as ``--answers`` as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealcoach.core.answer import UNKNOWN
from dealcoach.core.textsafe import safe

if TYPE_CHECKING:
    from dealcoach.core.models import Playbook, Question


def _yaml_text(value: str) -> str:
    """``value`` as a YAML scalar that reads back as this text: quoted when YAML would
    read it plain as something else (``on``, ``null``, ``1_0``)."""
    import yaml

    return (
        str(yaml.safe_dump(value, allow_unicode=True, width=1_000_000))
        .removesuffix("...\n")
        .strip()
    )


def _comment(text: str) -> str:
    """Playbook text on one comment line, with control characters shown as escapes."""
    return " ".join(safe(text).split())


def template(playbook: Playbook) -> str:
    """The answers file of ``playbook``, every question unknown."""
    lines = [
        f"# Answers for the playbook {playbook.id} {playbook.version} ({_comment(playbook.name)}).",
        "# For each question: an option id (the customer said or showed it), or",
        "# {answer: ID, evidence: assumed} for what you only believe; unknown while you",
        "# don't know. A text question takes the customer's own words.",
        '# Then: dealcoach qualify "DEAL" --answers THIS-FILE',
    ]
    for dimension in playbook.dimensions:
        lines += ["", f"# --- {_comment(dimension.name)} ---"]
        for question in dimension.questions:
            lines += ["", *_question(question), f"{_yaml_text(question.id)}: {UNKNOWN}"]
    return "\n".join(lines) + "\n"


def _question(question: Question) -> list[str]:
    lines = [f"# {_comment(question.ask)}"]
    if question.kind == "text" and not question.evidence:
        lines.append("#   (text: the customer's words)")
    elif question.kind == "text":
        lines.append("#   (text, or {answer: TEXT, evidence: assumed} for what you only believe)")
    else:
        if question.kind == "many":
            lines.append("#   (several: a list of ids, such as [a, b])")
        lines += [f"#   {_yaml_text(o.id)}: {_comment(o.label)}" for o in question.options]
    if question.evidence and question.kind != "text":
        lines.append("#   (what you only believe: {answer: ID, evidence: assumed})")
    return lines
