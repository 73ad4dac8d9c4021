"""Load playbooks and answers files from disk into checked models."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from dealcoach.answers import Answers, parse_answers
from dealcoach.diagnostics import START, Problem, sort_key
from dealcoach.errors import DealcoachError, InvalidFile
from dealcoach.models import Playbook
from dealcoach.schema_errors import known_keys, schema_problems
from dealcoach.validation import check_playbook
from dealcoach.yamlsource import Document, LoadError, YMap, load_file

_VOCABULARY = known_keys(Playbook)


@dataclass
class PlaybookFile:
    """One playbook file: its document, its model when valid, and every problem."""

    path: str
    document: Document | None
    playbook: Playbook | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def digest(self) -> str:
        text = self.document.text if self.document else ""
        import hashlib  # here: only sessions need it, and it loads OpenSSL

        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def check_playbook_file(path: str, max_bytes: int | None = None) -> PlaybookFile:
    """Load and check one playbook file, collecting every problem found."""
    try:
        doc = load_file(path, max_bytes)
    except LoadError as exc:
        return PlaybookFile(path, None, None, [exc.problem])
    problems = list(doc.problems)
    if not isinstance(doc.root, YMap):
        what = "empty" if doc.root is None else "not a mapping of keys to values"
        problems.append(
            Problem.at(path, START, "DC006", f"the playbook is {what}; see `dealcoach schema`")
        )
        return PlaybookFile(path, doc, None, problems)
    try:
        playbook = Playbook.model_validate(doc.root)
    except ValidationError as exc:
        problems.extend(schema_problems(doc, exc, _VOCABULARY))
        return PlaybookFile(path, doc, None, sorted(problems, key=sort_key))
    problems.extend(check_playbook(playbook, doc))
    return PlaybookFile(path, doc, playbook, sorted(problems, key=sort_key))


def require_valid(checked: PlaybookFile) -> PlaybookFile:
    """The checked file if it has no errors, else :class:`InvalidFile`."""
    if checked.errors or checked.playbook is None:
        hint = f"; run `dealcoach lint {checked.path}`"
        raise InvalidFile(checked.errors or checked.problems, hint)
    return checked


def load_playbook(path: str) -> PlaybookFile:
    """A valid playbook, or :class:`InvalidFile` naming its first problems."""
    return require_valid(check_playbook_file(path))


def load_answers(path: str, playbook: Playbook) -> Answers:
    """Answers from an answers file, or :class:`InvalidFile`."""
    if not path:
        raise DealcoachError("--answers: the file name is empty; give the path of an answers file")
    try:
        doc = load_file(path)
    except LoadError as exc:
        raise InvalidFile([exc.problem]) from None
    if doc.problems:
        raise InvalidFile(doc.problems)
    if doc.root is not None and not isinstance(doc.root, YMap):
        raise InvalidFile(
            [
                Problem.at(
                    path,
                    START,
                    "DC006",
                    "an answers file is a mapping from question id to answer",
                )
            ]
        )
    answers, problems = parse_answers(doc.root, playbook, doc)
    if problems:
        raise InvalidFile(problems)
    return answers
