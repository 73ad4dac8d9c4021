"""The playbook format doc names every key the models accept."""

from __future__ import annotations

from pathlib import Path

from dealcoach.core.format import Playbook
from dealcoach.core.schema_compiler import known_keys

DOC = Path(__file__).resolve().parents[1] / "docs" / "playbook-format.md"


def test_every_key_is_documented() -> None:
    text = DOC.read_text()
    missing = sorted(
        k for k in known_keys(Playbook) if f"`{k}`" not in text and f"{k}:" not in text
    )
    assert missing == []
