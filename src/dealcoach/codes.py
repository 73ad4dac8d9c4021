"""The stable problem codes: one place that names every code, its level, summary and doc.

``docs/rules.md`` is generated from this registry (``python -m dealcoach.lint.docs``):
each code carries a longer description, a failing YAML example and its fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

from dealcoach.diagnostics import Level


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    level: Level
    summary: str
    description: str = ""
    bad: str = ""
    good: str = ""

    @property
    def anchor(self) -> str:
        """The fragment of this code's section in docs/rules.md."""
        return self.code.lower()


def _code(
    code: str, name: str, level: Level, summary: str, description: str, bad: str, good: str
) -> Code:
    def text(value: str) -> str:
        return dedent(value).strip("\n")

    return Code(code, name, level, summary, " ".join(description.split()), text(bad), text(good))


_ALL = [
    # The file and its YAML.
    _code(
        "DC001",
        "unreadable-file",
        "error",
        "The file cannot be read, is too large, or is not UTF-8 text.",
        """
        A playbook is UTF-8 text of at most 20 MB (set DEALCOACH_MAX_FILE_MB to raise the
        limit). A file that cannot be opened, a binary file or text in another encoding
        (such as UTF-16, which some editors and spreadsheet tools write) is reported at the
        first offending byte. Save the file as UTF-8.
        """,
        """
        # The editor saved this file as UTF-16, or it holds NUL bytes:
        dealcoach: 1
        """,
        """
        # Saved as UTF-8, the default of most editors:
        dealcoach: 1
        """,
    ),
    _code(
        "DC002",
        "yaml-syntax",
        "error",
        "The file is not valid YAML.",
        """
        The YAML parser stopped at this position. The usual causes are indentation that
        does not line up with the sibling keys, and an unquoted text that contains ": "
        (YAML reads it as a new key). Quote such texts.
        """,
        """
        next_steps:
          - id: workshop
            title: Propose a workshop
            say: Here's my suggestion: a workshop with your team.
        """,
        """
        next_steps:
          - id: workshop
            title: Propose a workshop
            say: "Here's my suggestion: a workshop with your team."
        """,
    ),
    _code(
        "DC003",
        "duplicate-key",
        "error",
        "A mapping repeats a key.",
        """
        The same key appears twice in one mapping. Plain YAML would silently keep the last
        one; dealcoach reports the second occurrence. Keep one of them.
        """,
        """
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          weight: 2
          weight: 3
        """,
        """
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          weight: 3
        """,
    ),
    _code(
        "DC004",
        "forbidden-tag",
        "error",
        "A YAML tag such as !!python/object is not allowed.",
        """
        Playbooks are plain data. Tags that ask the loader to build objects (or any tag other
        than the standard string, number, boolean, null, mapping and sequence tags) are
        refused. Remove the tag.
        """,
        """
        description: !!python/object/apply:os.system ["echo hello"]
        """,
        """
        description: Qualify a deal from the customer's side of the table.
        """,
    ),
    _code(
        "DC005",
        "too-complex",
        "error",
        "Aliases expand too far, or nesting is too deep.",
        """
        Anchors and aliases that expand to a huge number of nodes (an "alias bomb"), or
        nesting deeper than 40 levels, are refused before anything walks the data. Ordinary
        reuse of an anchor is fine; write repeated content out instead of nesting aliases.
        """,
        """
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        # ... and so on, each level ten times the one before
        """,
        """
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          options: &yes_no
            - {id: "yes", label: "Yes", score: 1}
            - {id: "no", label: "No", score: 0}
        - id: budget_owner
          ask: Is there a named person who owns the budget?
          options: *yes_no
        """,
    ),
    _code(
        "DC006",
        "document-shape",
        "error",
        "The file is empty, holds several documents, or is not a mapping.",
        """
        A playbook file holds exactly one YAML document, and that document is a mapping of
        keys (dealcoach, id, name, ...) to values. Put each playbook in a file of its own.
        """,
        """
        dealcoach: 1
        id: customer-first
        # ...
        ---
        dealcoach: 1
        id: meddicc
        """,
        """
        # customer-first.yaml
        dealcoach: 1
        id: customer-first
        # ... and meddicc.yaml in a file of its own
        """,
    ),
    # The schema.
    _code(
        "DC101",
        "unknown-key",
        "error",
        "A key the format does not know (often a typo).",
        """
        Every key must be one the playbook format defines at that place, so that a typo never
        passes silently. The message suggests the closest known key. A key that is known
        elsewhere (such as `options` on a dimension) does not belong here: move or remove it.
        """,
        """
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          wieght: 2
        """,
        """
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          weight: 2
        """,
    ),
    _code(
        "DC102",
        "missing-key",
        "error",
        "A required key is missing.",
        """
        A required key is missing from this mapping; the problem is reported at the mapping.
        See docs/playbook-format.md (or `dealcoach schema`) for the keys each item needs.
        """,
        """
        bands:
          - {id: advance, min: 75}
        """,
        """
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
        """,
    ),
    _code(
        "DC103",
        "invalid-value",
        "error",
        "A value has the wrong type or is out of range.",
        """
        The value at this position has the wrong type (text where a number is expected,
        a list where a mapping is expected), is not one of the allowed words, is out of
        range (weights are greater than 0, scores at least 0, assumed_factor between 0 and
        1), or is not a valid id.
        """,
        """
        - id: stakeholders
          ask: Which stakeholders have we met?
          kind: several
          weight: 0
        """,
        """
        - id: stakeholders
          ask: Which stakeholders have we met?
          kind: many
          weight: 1
        """,
    ),
    _code(
        "DC104",
        "unquoted-scalar",
        "error",
        "An unquoted word or number was read as a boolean or number.",
        """
        YAML 1.1 reads unquoted `yes`, `no`, `on`, `off`, `true` and `false` as booleans,
        and `1.0` or `012` as numbers. Where the format wants text (an id, a version, a
        label), put the value in quotes.
        """,
        """
        version: 1.0
        options:
          - {id: yes, label: Yes, score: 1}
          - {id: no, label: No, score: 0}
        """,
        """
        version: "1.0"
        options:
          - {id: "yes", label: "Yes", score: 1}
          - {id: "no", label: "No", score: 0}
        """,
    ),
    # Meaning.
    _code(
        "DC201",
        "duplicate-id",
        "error",
        "Two items that must have unique ids share one.",
        """
        Ids must be unique: dimensions, bands, gates, next steps, language rules and
        scenario names within their list, options within their question, and questions
        across the whole playbook (answers name questions by id alone). The second
        occurrence is reported.
        """,
        """
        dimensions:
          - id: pain
            questions:
              - id: owner
          - id: decision_context
            questions:
              - id: owner
        """,
        """
        dimensions:
          - id: pain
            questions:
              - id: pain_owner
          - id: decision_context
            questions:
              - id: decision_owner
        """,
    ),
    _code(
        "DC202",
        "unknown-reference",
        "error",
        "A reference names something that does not exist.",
        """
        A condition, a gate's cap, a scenario's expectation or an {answers.ID} placeholder
        names a question, option, dimension, band, gate or next step that the playbook does
        not have (often a typo). Gates cannot test the band, since gates decide it.
        """,
        """
        gates:
          - id: no-compelling-need
            when: {dimension: compeling_need, below: 40}
            cap: develop
        """,
        """
        gates:
          - id: no-compelling-need
            when: {dimension: compelling_need, below: 40}
            cap: develop
        """,
    ),
    _code(
        "DC203",
        "placeholder-not-text",
        "error",
        "An {answers.ID} placeholder names a question that is not text.",
        """
        A `say` text can quote the customer's own words with {answers.QUESTION_ID}, and only
        for a `text` question: choice answers are option ids, not words a rep would say.
        """,
        """
        # pain_confirmed is a choice question (kind: one)
        say: "You told us {answers.pain_confirmed}. Here's what I'd suggest next: ..."
        """,
        """
        # problem_words is a text question (kind: text)
        say: "You told us {answers.problem_words}. Here's what I'd suggest next: ..."
        """,
    ),
    _code(
        "DC204",
        "reserved-option-id",
        "error",
        "An option uses the reserved id 'unknown'.",
        """
        Every choice question already offers "don't know yet", whose answer id is
        `unknown`. Remove the option (or give it another id if it means something else).
        """,
        """
        options:
          - {id: met, label: We have met them, score: 2}
          - {id: unknown, label: Not sure, score: 0}
        """,
        """
        options:
          - {id: met, label: We have met them, score: 2}
          - {id: not_met, label: We have not met them, score: 0}
        """,
    ),
    _code(
        "DC205",
        "no-zero-band",
        "error",
        "Bands need exactly one band with min 0.",
        """
        A deal's band is the band with the highest `min` at or below its score, so one band
        must start at 0 for every score to have a band.
        """,
        """
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 25, label: Keep discovering}
        """,
        """
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 0, label: Keep discovering}
        """,
    ),
    _code(
        "DC206",
        "duplicate-band-min",
        "error",
        "Two bands share the same min.",
        """
        Two bands with the same `min` make the band of a score ambiguous. Give each band its
        own min.
        """,
        """
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: develop, min: 75, label: Developing}
          - {id: discover, min: 0, label: Keep discovering}
        """,
        """
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: develop, min: 50, label: Developing}
          - {id: discover, min: 0, label: Keep discovering}
        """,
    ),
    _code(
        "DC207",
        "no-default-next-step",
        "error",
        "The last next step must always hold.",
        """
        The first next step whose `when` holds is suggested, so the last one must always
        hold (no `when`, or `when: always`): a rep always leaves with a next step.
        """,
        """
        next_steps:
          - id: advance
            when: {band: advance}
            title: Propose the evaluation plan
            say: "Here's what I'd like to suggest as a next step: ..."
        """,
        """
        next_steps:
          - id: advance
            when: {band: advance}
            title: Propose the evaluation plan
            say: "Here's what I'd like to suggest as a next step: ..."
          - id: keep-learning
            title: Keep learning
            say: "Could we set up a call to understand how you work today?"
        """,
    ),
    _code(
        "DC208",
        "invalid-regex",
        "error",
        "A language pattern is not a valid regular expression.",
        """
        `language` patterns are Python regular expressions, matched case-insensitively.
        Fix the pattern; the message quotes the regular expression error. In YAML, write
        patterns in single quotes so that backslashes stay as they are.
        """,
        """
        language:
          - id: convince
            match: ['\\bconvinc(e|ed\\b']
            advice: That's a tell objective. What do you need to learn instead?
        """,
        """
        language:
          - id: convince
            match: ['\\bconvinc(e|ed)\\b']
            advice: That's a tell objective. What do you need to learn instead?
        """,
    ),
    _code(
        "DC209",
        "too-few-options",
        "error",
        "A choice question needs at least two options.",
        """
        A `one` or `many` question offers its options plus "don't know yet"; with fewer than
        two options there is nothing to choose. Add options, or make it a `text` question.
        """,
        """
        - id: budget
          ask: Is there a budget?
          options:
            - {id: approved, label: Approved, score: 3}
        """,
        """
        - id: budget
          ask: Is there a budget?
          options:
            - {id: approved, label: Approved, score: 3}
            - {id: none, label: No budget yet, score: 0}
        """,
    ),
    _code(
        "DC210",
        "text-with-options",
        "error",
        "A text question cannot have options.",
        """
        A `text` question records the customer's own words, so it has no options. Remove
        them, or change the question's kind to `one` or `many`.
        """,
        """
        - id: problem_words
          kind: text
          ask: How does the customer describe the problem?
          options:
            - {id: clear, label: Clearly, score: 1}
        """,
        """
        - id: problem_words
          kind: text
          ask: How does the customer describe the problem?
        """,
    ),
    _code(
        "DC211",
        "duplicate-playbook-id",
        "error",
        "Two playbook files use the same playbook id.",
        """
        Deals name their playbook by id, so ids must be unique among the playbooks linted
        together. The file that comes second is reported at its `id`.
        """,
        """
        # playbooks/customer-first.yaml
        id: customer-first
        # playbooks/customer-first-2024.yaml
        id: customer-first
        """,
        """
        # playbooks/customer-first.yaml
        id: customer-first
        # playbooks/customer-first-2024.yaml
        id: customer-first-2024
        """,
    ),
    # Lint warnings: the playbook works, but something in it cannot do what it says.
    _code(
        "DC301",
        "gate-cap-top-band",
        "warning",
        "A gate caps at the top band, so it can never change anything.",
        """
        A gate lowers a deal's band to its `cap` when its `when` holds. Capping at the band
        with the highest `min` never lowers anything. Cap at a lower band, or remove the gate.
        """,
        """
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 0, label: Keep discovering}
        gates:
          - id: no-compelling-need
            when: {dimension: compelling_need, below: 40}
            cap: advance
        """,
        """
        bands:
          - {id: advance, min: 75, label: Qualified - advance the deal}
          - {id: discover, min: 0, label: Keep discovering}
        gates:
          - id: no-compelling-need
            when: {dimension: compelling_need, below: 40}
            cap: discover
        """,
    ),
    _code(
        "DC302",
        "unreachable-next-step",
        "warning",
        "A next step comes after a step that always holds, so it is never chosen.",
        """
        The first next step whose `when` holds is suggested. A step without `when` (or with
        `when: always`) always holds, so every step after it is never reached. Move the
        always-holding step to the end, or give it a `when`.
        """,
        """
        next_steps:
          - id: keep-learning
            title: Keep learning
            say: "Could we set up a call to understand how you work today?"
          - id: advance
            when: {band: advance}
            title: Propose the evaluation plan
            say: "Here's what I'd like to suggest as a next step: ..."
        """,
        """
        next_steps:
          - id: advance
            when: {band: advance}
            title: Propose the evaluation plan
            say: "Here's what I'd like to suggest as a next step: ..."
          - id: keep-learning
            title: Keep learning
            say: "Could we set up a call to understand how you work today?"
        """,
    ),
    _code(
        "DC303",
        "options-all-zero",
        "warning",
        "Every option of a choice question scores 0, so it never adds to the score.",
        """
        A question's value is its chosen option's score over its highest option score; when
        every option scores 0 the question always counts as 0, whatever the rep learns.
        Give the better answers a score above 0, or make it a `text` question.
        """,
        """
        options:
          - {id: "yes", label: "Yes", score: 0}
          - {id: "no", label: "No", score: 0}
        """,
        """
        options:
          - {id: "yes", label: "Yes", score: 1}
          - {id: "no", label: "No", score: 0}
        """,
    ),
    _code(
        "DC304",
        "dimension-all-text",
        "warning",
        "A dimension has only text questions, so it always scores 0.",
        """
        `text` questions are not scored. A dimension whose questions are all `text` always
        scores 0, and its weight pulls every deal's score down. Add a scored (`one` or
        `many`) question to it, or move its questions to another dimension.
        """,
        """
        - id: context
          name: Decision context
          questions:
            - id: how_they_decide
              kind: text
              ask: How do they make decisions like this?
        """,
        """
        - id: context
          name: Decision context
          questions:
            - id: how_they_decide
              kind: text
              ask: How do they make decisions like this?
            - id: process_known
              ask: Do we know the steps of their decision process?
              options:
                - {id: mapped, label: Mapped with the customer, score: 2}
                - {id: guessed, label: We have a guess, score: 0}
        """,
    ),
    _code(
        "DC305",
        "learn-not-objective",
        "warning",
        'A `learn` text is not a learning objective: it does not begin with "I need to".',
        """
        A question's `learn` text goes into the rep's call plan when the answer is unknown
        or assumed. It is a learning objective, written from the rep's side: "I need to
        understand ...", "I need to find out ...". A "tell" objective (present, convince,
        pitch) puts the customer on the defensive.
        """,
        """
        learn: Present our ROI calculator.
        """,
        """
        learn: I need to understand what the problem costs them today.
        """,
    ),
    _code(
        "DC306",
        "missing-learn",
        "warning",
        "A question has no `learn` text.",
        """
        Without a `learn` text the call plan falls back to the question itself. Write the
        learning objective the rep should take into the next call, beginning with "I need to".
        """,
        """
        - id: pain_owner
          ask: Is there a named person who owns the problem?
        """,
        """
        - id: pain_owner
          ask: Is there a named person who owns the problem?
          learn: I need to find out who owns this problem and feels it most.
        """,
    ),
    _code(
        "DC307",
        "tell-language-in-say",
        "warning",
        "A next step's `say` text uses the playbook's own tell-language.",
        """
        The `language` patterns flag "tell" phrases in a rep's call objective; the playbook's
        own suggestions must not use them either. Rephrase the `say` text around what the
        customer gets out of the step.
        """,
        """
        language:
          - id: convince
            match: ['\\bconvinc(e|ed|ing)\\b']
            advice: That's a tell objective. What do you need to learn instead?
        next_steps:
          - id: demo
            title: Demo
            say: "Let me convince your team in a one-hour demo."
        """,
        """
        language:
          - id: convince
            match: ['\\bconvinc(e|ed|ing)\\b']
            advice: That's a tell objective. What do you need to learn instead?
        next_steps:
          - id: demo
            title: Demo
            say: "Could your team walk us through the process, so we see where it hurts?"
        """,
    ),
    # Scenarios.
    _code(
        "DC401",
        "scenario-failed",
        "error",
        "A scenario's expected band, next step, score or gates differ from the engine's.",
        """
        `dealcoach lint` scores every scenario's answers with the playbook and compares the
        result with its `expect`: the band (after gates), the next step, the score (rounded
        to one decimal) and the gates that held (in any order). The message shows what was
        expected and what the engine computed. Fix the playbook, or the expectation when the
        playbook is right.
        """,
        """
        scenarios:
          - name: verified pain, nothing else
            answers: {pain_confirmed: own_words}
            expect: {band: advance, next_step: advance}
        """,
        """
        scenarios:
          - name: verified pain, nothing else
            answers: {pain_confirmed: own_words}
            expect: {band: discover, next_step: confirm-pain}
        """,
    ),
    # Answers (answers files and scenarios).
    _code(
        "DC501",
        "unknown-question",
        "error",
        "An answer names a question the playbook does not have.",
        """
        Answers (in an answers file or a scenario) are keyed by question id. The message
        suggests the closest question id.
        """,
        """
        answers: {pain_confirmd: own_words}
        """,
        """
        answers: {pain_confirmed: own_words}
        """,
    ),
    _code(
        "DC502",
        "unknown-option",
        "error",
        "An answer names an option the question does not have.",
        """
        A choice answer is one of the question's option ids, or `unknown`. The message lists
        the allowed ids.
        """,
        """
        answers: {pain_confirmed: yes}
        """,
        """
        answers: {pain_confirmed: own_words}
        """,
    ),
    _code(
        "DC503",
        "answer-shape",
        "error",
        "An answer has the wrong shape for its question.",
        """
        A `one` question takes one option id, a `many` question one id or a list of ids
        (not `unknown` together with others), a `text` question the customer's words. Any
        of them can be written as {answer: ..., evidence: verified|assumed}.
        """,
        """
        answers: {pain_confirmed: [own_words, agreed]}
        """,
        """
        answers: {pain_confirmed: {answer: own_words, evidence: assumed}}
        """,
    ),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}
