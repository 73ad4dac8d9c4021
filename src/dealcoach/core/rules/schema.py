"""Schema problems (DC1xx), reported where a pydantic error is mapped to its position."""

from __future__ import annotations

from dealcoach.core.rules.registry import declare

declare(
    "DC101",
    "unknown-key",
    "error",
    "A key the format does not know (often a typo).",
    description="""
        Every key must be one the playbook format defines at that place, so that a typo
        never passes silently. The message suggests the closest known key. A key that is
        known elsewhere (such as `options` on a dimension) does not belong here: move or
        remove it.
    """,
    bad="""
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          wieght: 2
    """,
    good="""
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          weight: 2
    """,
)


declare(
    "DC102",
    "missing-key",
    "error",
    "A required key is missing.",
    description="""
        A required key is missing from this mapping; the problem is reported at the mapping.
        See docs/playbook-format.md (or `dealcoach schema`) for the keys each item needs.
    """,
    bad="""
        bands:
          - {id: advance, min: 75}
    """,
    good="""
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
    """,
)


declare(
    "DC103",
    "invalid-value",
    "error",
    "A value has the wrong type or is out of range.",
    description="""
        The value at this position has the wrong type (text where a number is expected, a
        list where a mapping is expected), is not one of the allowed words, is out of range
        (weights are greater than 0, scores at least 0, assumed_factor between 0 and 1), or
        is not a valid id.
    """,
    bad="""
        - id: stakeholders
          ask: Which stakeholders have we met?
          kind: several
          weight: 0
    """,
    good="""
        - id: stakeholders
          ask: Which stakeholders have we met?
          kind: many
          weight: 1
    """,
)


declare(
    "DC104",
    "unquoted-scalar",
    "error",
    "An unquoted word or number was read as a boolean or number.",
    description="""
        YAML 1.1 reads unquoted `yes`, `no`, `on`, `off`, `true` and `false` as booleans,
        and `1.0` or `012` as numbers. Where the format wants text (an id, a version, a
        label), put the value in quotes.
    """,
    bad="""
        version: 1.0
        options:
          - {id: yes, label: Yes, score: 1}
          - {id: no, label: No, score: 0}
    """,
    good="""
        version: "1.0"
        options:
          - {id: "yes", label: "Yes", score: 1}
          - {id: "no", label: "No", score: 0}
    """,
)
