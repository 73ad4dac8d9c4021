"""File and YAML problems (DC0xx), reported by the YAML reader as it reads a file, and by
lint as it reads the disable comments."""

from __future__ import annotations

from dealcoach.core.rules.registry import declare

declare(
    "DC001",
    "unreadable-file",
    "error",
    "The file cannot be read, is too large, or is not UTF-8 text.",
    description="""
        A playbook is UTF-8 text of at most 20 MB (set DEALCOACH_MAX_FILE_MB to raise the
        limit). A file that cannot be opened, a binary file or text in another encoding
        (such as UTF-16, which some editors and spreadsheet tools write) is reported at the
        first offending byte. Save the file as UTF-8.
    """,
    bad="""
        # The editor saved this file as UTF-16, or it holds NUL bytes:
        dealcoach: 1
    """,
    good="""
        # Saved as UTF-8, the default of most editors:
        dealcoach: 1
    """,
)


declare(
    "DC002",
    "yaml-syntax",
    "error",
    "The file is not valid YAML.",
    description="""
        The YAML parser stopped at this position; the message says in plain words what it
        found and what to do. The usual causes are indentation that does not line up with
        the sibling keys, a tab used to indent, a quote that is never closed, and an
        unquoted text that contains ": " (YAML reads it as a new key) or starts with a
        character YAML keeps for itself (`@`, `*`, `&`, `!`, `%`). Quote such texts. A merge
        key (`<<`) whose value is not a mapping or a list of them is reported here too.
    """,
    bad="""
        next_steps:
          - id: workshop
            title: Propose a workshop
            say: Here's my suggestion: a workshop with your team.
    """,
    good="""
        next_steps:
          - id: workshop
            title: Propose a workshop
            say: "Here's my suggestion: a workshop with your team."
    """,
)


declare(
    "DC003",
    "duplicate-key",
    "error",
    "A mapping repeats a key.",
    description="""
        The same key appears twice in one mapping. Plain YAML would silently keep the last
        one; dealcoach reports the second occurrence. Keep one of them. A key that
        overrides one merged in with `<<: *anchor` is not a duplicate; two `<<` keys in
        one mapping are (merge several mappings with one: `<<: [*a, *b]`).
    """,
    bad="""
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          weight: 2
          weight: 3
    """,
    good="""
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          weight: 3
    """,
)


declare(
    "DC004",
    "forbidden-tag",
    "error",
    "A YAML tag such as !!python/object is not allowed.",
    description="""
        Playbooks are plain data. Tags that ask the loader to build objects (or any tag
        other than the standard string, number, boolean, null, mapping and sequence tags)
        are refused. Remove the tag.
    """,
    bad="""
        description: !!python/object/apply:os.system ["echo hello"]
    """,
    good="""
        description: Qualify a deal from the customer's side of the table.
    """,
)


declare(
    "DC005",
    "too-complex",
    "error",
    "Aliases expand too far, or nesting is too deep.",
    description="""
        Anchors and aliases that expand to a huge number of nodes (an "alias bomb"), or
        nesting deeper than 40 levels, are refused before anything walks the data. Ordinary
        reuse of an anchor is fine; write repeated content out instead of nesting aliases.
    """,
    bad="""
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        # ... and so on, each level ten times the one before
    """,
    good="""
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          options: &yes_no
            - {id: "yes", label: "Yes", score: 1}
            - {id: "no", label: "No", score: 0}
        - id: budget_owner
          ask: Is there a named person who owns the budget?
          options: *yes_no
    """,
)


declare(
    "DC006",
    "document-shape",
    "error",
    "The file is empty, holds several documents, or is not a mapping.",
    description="""
        A playbook file holds exactly one YAML document, and that document is a mapping of
        keys (dealcoach, id, name, ...) to values. Put each playbook in a file of its own.
    """,
    bad="""
        dealcoach: 1
        id: customer-first
        # ...
        ---
        dealcoach: 1
        id: meddicc
    """,
    good="""
        # customer-first.yaml
        dealcoach: 1
        id: customer-first
        # ... and meddicc.yaml in a file of its own
    """,
)


declare(
    "DC007",
    "unknown-disabled-code",
    "warning",
    "A `# dealcoach: disable=` comment names a code that does not exist.",
    description="""
        A disable comment silences the warnings it names on its own line. A code that no
        rule has (a typo, or a code from another tool) silences nothing: the comment only
        seems to work. Name the code of the warning as `dealcoach lint` shows it (this page
        lists them all).
    """,
    bad="""
        - id: budget_words  # dealcoach: disable=DC36
    """,
    good="""
        - id: budget_words  # dealcoach: disable=DC306
    """,
)
