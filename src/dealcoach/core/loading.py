"""Load playbooks and answers files from disk into checked models."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from dealcoach.core.answer import Answers
from dealcoach.core.answers import parse_answers
from dealcoach.core.diagnostics import WHOLE_FILE, Problem, sort_key
from dealcoach.core.document import Document, YMap
from dealcoach.core.errors import DealcoachError, InvalidFile
from dealcoach.core.limits import DEFAULT_MAX_BYTES
from dealcoach.core.memo import Memo, memo_key
from dealcoach.core.models import Playbook
from dealcoach.core.ranking import most_useful_first
from dealcoach.core.reading import LoadError, read_file
from dealcoach.core.rules.context import Context
from dealcoach.core.rules.registry import checks, problem
from dealcoach.core.schema_errors import schema_problems


@dataclass
class PlaybookFile:
    """One playbook file: its document, its model when valid, and every problem.

    ``context`` is what the checks of a schema-valid playbook share (lint reuses it).
    A file remembered from an earlier run has its text, model and problems, but neither
    document nor context.
    """

    path: str
    document: Document | None
    playbook: Playbook | None
    problems: list[Problem] = field(default_factory=list)
    context: Context | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if self.document is not None and not self.text:
            self.text = self.document.text

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def declared_id(self) -> str | None:
        """The id the file declares, even when it has other errors."""
        if self.playbook is not None:
            return self.playbook.id
        root = self.document.root if self.document is not None else None
        value = root.get("id") if isinstance(root, dict) else None
        return value if isinstance(value, str) else None

    @property
    def digest(self) -> str:
        import hashlib  # here: only sessions need it, and it loads OpenSSL

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def check_playbook_file(
    path: str, max_bytes: int = DEFAULT_MAX_BYTES, memo: Memo | None = None
) -> PlaybookFile:
    """Load and check one playbook file, collecting every problem found.

    With ``memo``, a valid file is remembered by its text, and a file that reads as one
    remembered is not parsed or checked again.
    """
    try:
        text = read_file(path, max_bytes)
    except LoadError as exc:
        return PlaybookFile(path, None, None, [exc.problem])
    if memo is None:
        return check_playbook_text(text, path)
    key = memo_key("playbook", path, max_bytes, text)
    kept = memo.get(key)
    if isinstance(kept, PlaybookFile) and kept.path == path and kept.text == text:
        return kept
    checked = check_playbook_text(text, path)
    if checked.playbook is not None and not checked.errors:
        memo.put(key, replace(checked, document=None, context=None))
    return checked


def check_playbook_text(text: str, path: str) -> PlaybookFile:
    """Check a playbook kept as text (a deal's stored copy), named ``path``."""
    from dealcoach.core.yamlsource import load_text  # here: a remembered file needs no YAML

    try:
        doc = load_text(text, path)
    except LoadError as exc:
        return PlaybookFile(path, None, None, [exc.problem])
    return _check_document(path, doc)


def _check_document(path: str, doc: Document) -> PlaybookFile:
    problems = list(doc.problems)
    if not isinstance(doc.root, YMap):
        what = "empty" if doc.root is None else "not a mapping of keys to values"
        problems.append(
            problem("DC006", path, WHOLE_FILE, f"the playbook is {what}; see `dealcoach schema`")
        )
        return PlaybookFile(path, doc, None, problems)
    # Here: a remembered file needs no validation.
    from dealcoach.core.validation import playbook_keys, validate_playbook, validation_error

    try:
        playbook = validate_playbook(doc.root)
    except validation_error() as exc:
        problems.extend(schema_problems(doc, exc, playbook_keys()))
        return PlaybookFile(path, doc, None, distinct(problems))
    context = Context(playbook, doc)
    for each in checks("load"):
        assert each.check is not None
        context.load_problems.extend(each.check(context))
    problems.extend(context.load_problems)
    for scenario in context.scenario_answers:
        problems.extend(scenario.problems)
    return PlaybookFile(path, doc, playbook, distinct(problems), context)


def distinct(problems: list[Problem]) -> list[Problem]:
    """``problems`` in file order, each once: a mistake in an anchored (or merged) part
    is found once per use, and reported once, where it is written."""
    return sorted(dict.fromkeys(problems), key=sort_key)


def require_valid(checked: PlaybookFile) -> PlaybookFile:
    """The checked file if it has no errors, else :class:`InvalidFile`."""
    if checked.errors or checked.playbook is None:
        hint = f"; run `dealcoach lint {checked.path}`"
        raise InvalidFile(most_useful_first(checked.errors or checked.problems), hint)
    return checked


def load_playbook(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> PlaybookFile:
    """A valid playbook, or :class:`InvalidFile` naming its first problems."""
    return require_valid(check_playbook_file(path, max_bytes))


def load_answers(path: str, playbook: Playbook, max_bytes: int = DEFAULT_MAX_BYTES) -> Answers:
    """Answers from an answers file, or :class:`InvalidFile`."""
    if not path:
        raise DealcoachError("--answers: the file name is empty; give the path of an answers file")
    from dealcoach.core.yamlsource import load_file

    try:
        doc = load_file(path, max_bytes)
    except LoadError as exc:
        raise InvalidFile([exc.problem]) from None
    if doc.problems:
        raise InvalidFile(doc.problems)
    if doc.root is not None and not isinstance(doc.root, YMap):
        raise InvalidFile(
            [
                problem(
                    "DC006",
                    path,
                    WHOLE_FILE,
                    "an answers file is a mapping from question id to answer",
                )
            ]
        )
    answers, problems = parse_answers(doc.root, playbook, doc)
    if problems:
        raise InvalidFile(most_useful_first(problems))
    return answers
