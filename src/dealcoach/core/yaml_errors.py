"""YAML syntax errors in plain words: what is wrong, where, and what to do about it.

libyaml (and PyYAML's own parser) say what the parser expected ("mapping values are
not allowed here", "could not find expected ':'"); a playbook author needs to know
what in their text caused it. Each known message is matched here and rephrased,
with the character at the error's position to tell apart the usual causes.
"""

from __future__ import annotations

import yaml

from dealcoach.core.diagnostics import WHOLE_FILE, Pos
from dealcoach.core.reading import LoadError, fatal

# YAML keys without a "?" are at most this long (libyaml's limit for a simple key).
_KEY_LIMIT = 1024

_QUOTE_IT = "put the text in quotes"


def syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> LoadError:
    """The DC002 problem for a parser error, in plain words, at its position."""
    what = (exc.problem or exc.context or "invalid YAML").splitlines()[0]
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    # Where the parser noticed is not always where the mistake is: an unclosed quote is
    # noticed at the end of the file, a key without ':' on the line after it.
    if exc.context_mark is not None and (
        "could not find expected ':'" in what
        or ("end of stream" in what and "quoted scalar" in context)
    ):
        mark = exc.context_mark
    pos = Pos(mark.line + 1, mark.column + 1) if mark is not None else WHOLE_FILE
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
    message = explain(what, context, text, pos, opened)
    return fatal(path, pos, "DC002", f"YAML syntax: {message}")


def _char_at(text: str, pos: Pos | None) -> str:
    if pos is None:
        return ""
    lines = text.splitlines()
    if pos.line > len(lines):
        return ""
    line = lines[pos.line - 1]
    return line[pos.column - 1] if pos.column <= len(line) else ""


def _before(text: str, pos: Pos | None) -> str:
    """The text of the line before ``pos``, trailing spaces removed."""
    if pos is None:
        return ""
    lines = text.splitlines()
    return lines[pos.line - 1][: pos.column - 1].rstrip() if pos.line <= len(lines) else ""


def explain(what: str, context: str, text: str, pos: Pos | None, opened: int | None) -> str:
    """Plain words for the parser's ``what`` (in ``context``) at ``pos`` of ``text``."""
    char = _char_at(text, pos)
    if "mapping values are not allowed" in what or "found unexpected ':'" in what:
        if pos is not None and len(_before(text, pos)) > _KEY_LIMIT:
            return (
                f"a key is longer than {_KEY_LIMIT} characters, which YAML does not allow; "
                "shorten it"
            )
        return (
            'a ": " (colon and space) inside a value starts a new key for YAML; '
            f'{_QUOTE_IT} ("..."), or, if this is a key, indent it like the keys beside it'
        )
    if "could not find expected ':'" in what:
        return (
            'this line has no ":" after its key (or a text goes on over several lines); '
            f'write "key: value", or {_QUOTE_IT}'
        )
    if char == "\t" or "tab character" in what:
        return "a tab character; indent with spaces, not tabs"
    if "cannot start any token" in what:
        if char in ("@", "`"):
            return f"a text cannot start with '{char}' (YAML keeps it for itself); {_QUOTE_IT}"
        return f"the character '{char}' cannot start a value here; {_QUOTE_IT}"
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        return f"a value that starts with '*' or '&' is read as an alias or an anchor; {_QUOTE_IT}"
    if "end of stream" in what and "quoted scalar" in context:
        return (
            "this quote is never closed; end the text with the same quote mark "
            "(inside single quotes, write a ' as '')"
        )
    if "unknown escape character" in what or "hexadecimal" in what or "hexdecimal" in what:
        return (
            "inside double quotes a backslash starts an escape (\\n, \\t, \\u00e9), and this "
            "is not one; use single quotes (as for regular expressions), or write \\\\"
        )
    if "',' or '}'" in what or "',' or ']'" in what:
        close = "}" if "'}'" in what else "]"
        kind = "mapping" if close == "}" else "list"
        where = f" opened at line {opened}" if opened is not None else ""
        return (
            f"the {kind}{where} is not closed, or two of its entries have no ',' between "
            f"them; close it with '{close}', and quote a text that holds ',' or ': '"
        )
    if "expected '-' indicator" in what or ("block end" in what and "collection" in context):
        return (
            "a list holds something that is not an item: start each item with '- ' at the "
            "same indentation, or indent its keys under the item"
        )
    if "expected key" in what or "expected <block end>" in what:
        return _misplaced(char, _before(text, pos))
    if "expected node content" in what:
        if char in ("]", "}"):
            return f"a '{char}' that closes nothing; {_QUOTE_IT}"
        return f"a value is missing, or it starts with a character YAML reserves; {_QUOTE_IT}"
    if "block scalar" in context:
        return (
            "after '|' or '>' only '-', '+', an indentation digit or a comment may follow "
            "on that line; start the text on the next line, indented"
        )
    if "directive" in what or "directive" in context:
        return f"a line that starts with '%' is a YAML directive; {_QUOTE_IT}"
    if "document start" in what:
        return "something follows the end of the document ('...'); remove the '...' line"
    if "tag handle" in what:
        return f"a value that starts with '!' is read as a tag; {_QUOTE_IT}"
    return what


def _misplaced(char: str, before: str) -> str:
    """A block mapping found something other than its next key here."""
    if before.endswith(('"', "'")):
        return "text goes on after the closing quote; put all of the text inside the quotes"
    if char == "-":
        return "a list item where a key should be; indent the list under its key"
    if char == ":":
        return "a ':' with no key before it; write the key, or remove the ':'"
    if before:
        return f"this value cannot continue here; {_QUOTE_IT}"
    return "this line does not line up with the keys above it; indent it like its sibling keys"
