"""The stable problem codes: one place that names every code, its level and summary."""

from __future__ import annotations

from dataclasses import dataclass

from dealcoach.diagnostics import Level


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    level: Level
    summary: str


_ALL = [
    # The file and its YAML.
    Code(
        "DC001",
        "unreadable-file",
        "error",
        "The file cannot be read, is too large, or is not UTF-8 text.",
    ),
    Code("DC002", "yaml-syntax", "error", "The file is not valid YAML."),
    Code("DC003", "duplicate-key", "error", "A mapping repeats a key."),
    Code("DC004", "forbidden-tag", "error", "A YAML tag such as !!python/object is not allowed."),
    Code("DC005", "too-complex", "error", "Aliases expand too far, or nesting is too deep."),
    Code(
        "DC006",
        "document-shape",
        "error",
        "The file is empty, holds several documents, or is not a mapping.",
    ),
    # The schema.
    Code("DC101", "unknown-key", "error", "A key the format does not know (often a typo)."),
    Code("DC102", "missing-key", "error", "A required key is missing."),
    Code("DC103", "invalid-value", "error", "A value has the wrong type or is out of range."),
    Code(
        "DC104",
        "unquoted-scalar",
        "error",
        "An unquoted word or number was read as a boolean or number.",
    ),
    # Meaning.
    Code("DC201", "duplicate-id", "error", "Two items that must have unique ids share one."),
    Code("DC202", "unknown-reference", "error", "A reference names something that does not exist."),
    Code(
        "DC203",
        "placeholder-not-text",
        "error",
        "An {answers.ID} placeholder names a question that is not text.",
    ),
    Code("DC204", "reserved-option-id", "error", "An option uses the reserved id 'unknown'."),
    Code("DC205", "no-zero-band", "error", "Bands need exactly one band with min 0."),
    Code("DC206", "duplicate-band-min", "error", "Two bands share the same min."),
    Code("DC207", "no-default-next-step", "error", "The last next step must always hold."),
    Code(
        "DC208", "invalid-regex", "error", "A language pattern is not a valid regular expression."
    ),
    Code("DC209", "too-few-options", "error", "A choice question needs at least two options."),
    Code("DC210", "text-with-options", "error", "A text question cannot have options."),
    # Answers (answers files and scenarios).
    Code(
        "DC501",
        "unknown-question",
        "error",
        "An answer names a question the playbook does not have.",
    ),
    Code(
        "DC502", "unknown-option", "error", "An answer names an option the question does not have."
    ),
    Code("DC503", "answer-shape", "error", "An answer has the wrong shape for its question."),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}
