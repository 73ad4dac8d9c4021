"""``show DEAL --as ID``: the deal through another framework, as JSON and in words."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from dealcoach.adapters.views import answer_label, bullets, text
from dealcoach.core.crosswalk import AMBER, GREEN, Element
from dealcoach.core.models import Playbook

STYLE = {GREEN: "bold green", AMBER: "bold yellow"}


def crosswalk_json(framework: Playbook, elements: list[Element]) -> dict[str, Any]:
    return {
        "as": framework.id,
        "elements": [
            {
                "id": e.dimension.id,
                "name": e.dimension.name,
                "status": e.status,
                "questions": [q.id for q, _ in e.questions],
            }
            for e in elements
        ],
    }


def crosswalk_view(
    name: str, source: Playbook, framework: Playbook, elements: list[Element]
) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble(
            text(name, "bold"),
            ("  ·  seen as ", "dim"),
            text(framework.name, "bold"),
            (f"  (answers of {source.id}, mapped to {framework.id})", "dim"),
        ),
        Text(),
    ]
    for element in elements:
        parts.append(
            Text.assemble(
                (f"{element.status.upper():<5} ", STYLE.get(element.status, "bold red")),
                text(element.dimension.name, "bold"),
            )
        )
        if not element.questions:
            parts.append(Text("      no question of this playbook answers it", style="dim"))
            continue
        evidence = [
            (
                "-",
                Text.assemble(
                    text(q.ask), ": ", text(answer_label(q, a.value if a.known else None)),
                    (f" ({'unknown' if not a.known else a.evidence})", "dim"),
                ),
            )
            for q, a in element.questions
        ]  # fmt: skip
        parts.append(bullets(evidence, indent=6))  # type: ignore[arg-type]
    return Group(*parts)
