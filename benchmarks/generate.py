"""Inputs for the benchmark: playbook-shaped YAML files of a given size, and deal stores.

Both are made from a fixed seed, so two runs measure the same bytes and rows.

- :func:`playbook_text` writes a playbook in the style of the shipped ones
  (flow-mapping options, folded help texts, conditions that name questions,
  dimensions and bands, scenarios) that ``dealcoach lint`` accepts with no
  problem, grown to the requested size by adding dimensions.
- :func:`make_store` creates a store with the product's own schema
  (``dealcoach.adapters.sqlite_store.open_store``) and fills it with ``executemany`` in one
  transaction; the answers and results of the sessions are real scorecards of
  the shipped ``customer-first`` playbook.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

SEED = 20260522

# --- Text -----------------------------------------------------------------------------

_SUBJECTS = [
    "the operations team",
    "the finance lead",
    "their head of sales",
    "the procurement office",
    "the project sponsor",
    "the IT security group",
    "the regional managers",
    "the customer success team",
    "the plant supervisors",
    "the board",
]
_VERBS = [
    "described",
    "confirmed",
    "measured",
    "questioned",
    "approved",
    "challenged",
    "reviewed",
    "shared",
    "escalated",
    "documented",
]
_OBJECTS = [
    "the cost of late shipments",
    "the hours lost to manual reconciliation",
    "the renewal risk with their largest account",
    "the churn they saw last quarter",
    "the audit findings from the spring",
    "the backlog of open support tickets",
    "the time it takes to onboard a new hire",
    "the errors in their monthly forecast",
    "the delays in their approval chain",
    "the budget that expires at year end",
]
_TAILS = [
    "in their own words",
    "with numbers they trust",
    "before the last quarterly review",
    "in front of their manager",
    "without prompting from us",
    "in a written follow-up",
    "during the discovery call",
    "when we asked about priorities",
]
_TOPICS = [
    "pain",
    "impact",
    "ownership",
    "urgency",
    "budget",
    "decision",
    "process",
    "timeline",
    "criteria",
    "competition",
    "champion",
    "risk",
    "adoption",
    "security",
    "legal",
    "value",
]
_LABELS = [
    ("confirmed", "Yes, and the customer confirmed it themselves", 3),
    ("described", "Described, but not measured yet", 2),
    ("agreed", "They agreed when we described it", 1),
    ("partly", "Partly: one person mentioned it", 1),
    ("not_seen", "They don't see it that way", 0),
]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        r = self.rng
        return (
            f"{_cap(r.choice(_SUBJECTS))} {r.choice(_VERBS)} "
            f"{r.choice(_OBJECTS)} {r.choice(_TAILS)}."
        )

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def question(self) -> str:
        r = self.rng
        return f"Has {r.choice(_SUBJECTS)} {r.choice(_VERBS)} {r.choice(_OBJECTS)}?"


def _folded(key: str, text: str, indent: int, width: int = 88) -> list[str]:
    """``key: >-`` and the text wrapped at ``width`` columns."""
    pad = " " * (indent + 2)
    lines = [f"{' ' * indent}{key}: >-"]
    line = ""
    for word in text.split():
        if line and len(pad) + len(line) + 1 + len(word) > width:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(pad + line)
    return lines


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# --- Playbooks ------------------------------------------------------------------------


def _dimension(words: _Words, d: int, questions: int) -> list[str]:
    rng = words.rng
    topic = _TOPICS[d % len(_TOPICS)]
    out = [
        f"  - id: {topic}_{d}",
        f"    name: {topic.capitalize()} {d}",
        f"    weight: {rng.choice([1, 1, 2, 3])}",
        *_folded("why", words.paragraph(2), 4),
        "    questions:",
    ]
    for k in range(questions):
        qid = f"{topic}_{d}_q{k}"
        out.append(f"      - id: {qid}")
        if k == questions - 1:
            # One text question per dimension: the customer's own words.
            out += [
                "        kind: text",
                "        evidence: false",
                f"        ask: How does the customer put {rng.choice(_OBJECTS)}, in their words?",
                "        learn: I need to hear how they describe it, in their own words.",
            ]
            continue
        out += [
            f"        weight: {rng.choice([1, 2, 3])}",
            f"        ask: {words.question()}",
            *_folded("help", words.paragraph(2), 8),
            f"        learn: I need to find out whether {rng.choice(_SUBJECTS)} "
            f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}.",
        ]
        if k % 4 == 1:
            out.append("        kind: many")
        out.append("        options:")
        for option_id, label, points in [*_LABELS[: 2 + k % 3], _LABELS[-1]]:
            out.append(f"          - {{id: {option_id}, label: {_q(label)}, score: {points}}}")
    return out


def playbook_text(target_bytes: int, *, seed: int = SEED, questions: int = 6) -> str:
    """A valid playbook of about ``target_bytes`` bytes (at least one dimension)."""
    words = _Words(random.Random(seed))
    header = [
        "# A generated playbook for the benchmark: the shape of the shipped ones, much larger.",
        "dealcoach: 1",
        "id: bench-generated",
        "name: Generated benchmark playbook",
        'version: "1.0"',
        *_folded("description", words.paragraph(3), 0),
        "",
        "scoring:",
        "  assumed_factor: 0.5",
        "",
        "dimensions:",
    ]
    dims: list[list[str]] = []
    size = sum(len(line) + 1 for line in header)
    # Each dimension also adds a gate and a next step (about 600 bytes); the tail ~3 KB.
    while not dims or size + 3000 < target_bytes:
        dim = _dimension(words, len(dims), questions)
        dims.append(dim)
        size += sum(len(line) + 1 for line in dim) + 620
    count = len(dims)
    first_q = [f"{_TOPICS[d % len(_TOPICS)]}_{d}_q0" for d in range(count)]
    dim_ids = [f"{_TOPICS[d % len(_TOPICS)]}_{d}" for d in range(count)]
    text_q = f"{_TOPICS[0]}_0_q{questions - 1}"

    out = header
    for dim in dims:
        out += dim
    out += [
        "",
        "bands:",
        "  - {id: advance, min: 75, label: Qualified - advance the deal}",
        "  - {id: develop, min: 50, label: Developing}",
        "  - {id: discover, min: 25, label: Keep discovering}",
        "  - {id: qualify-out, min: 0, label: Consider qualifying out}",
        "",
        "gates:",
    ]
    for d in range(count):
        out += [
            f"  - id: weak-{dim_ids[d].replace('_', '-')}",
            f"    when: {{dimension: {dim_ids[d]}, below: {20 + d % 20}}}",
            f"    cap: {'develop' if d % 2 else 'discover'}",
            f"    reason: {_q(words.sentence())}",
        ]
    out += ["", "next_steps:"]
    for d in range(count):
        q = first_q[d]
        out += [
            f"  - id: confirm-{dim_ids[d].replace('_', '-')}",
            "    when:",
            "      any:",
            f"        - {{answer: {q}, in: [not_seen, unknown]}}",
            f"        - {{assumed: {q}}}",
            f"        - {{all: [{{dimension: {dim_ids[d]}, below: 30}}, "
            f"{{score: {{at_least: 10}}}}]}}",
            f"    title: Confirm {_TOPICS[d % len(_TOPICS)]} with the customer",
            f"    say: {_q('Here is what I would suggest as a next step: ' + words.sentence())}",
            f"    why: {_q(words.sentence())}",
        ]
    out += [
        "  - id: propose-workshop",
        "    when: {all: [{band: advance}, {not: {score: {below: 75}}}]}",
        "    title: Propose a working session",
        "    say: >-",
        f"      Here is my suggestion, in your words: {{answers.{text_q}}}. Shall we map it",
        "      out together with your team next week?",
        "  - id: keep-learning",
        "    title: Keep learning",
        "    say: What would be the most useful thing for us to look at together next?",
        "",
        "language:",
        "  - id: tell-words",
        "    match: ['\\bconvince\\b', '\\btalk (them|him|her) into\\b']",
        "    advice: That's a tell objective. What do you need to learn instead?",
        "",
        "scenarios:",
        "  - name: nothing known yet",
        "    expect: {band: qualify-out, next_step: " + f"confirm-{dim_ids[0].replace('_', '-')}}}",
        "  - name: the first answer assumed",
        f"    answers: {{{first_q[0]}: {{answer: confirmed, evidence: assumed}}}}",
        "    expect: {band: qualify-out, next_step: " + f"confirm-{dim_ids[0].replace('_', '-')}}}",
    ]
    return "\n".join(out) + "\n"


def write_playbook(path: Path, target_bytes: int, **kwargs: Any) -> Path:
    path.write_text(playbook_text(target_bytes, **kwargs), encoding="utf-8")
    return path


# --- Stores ---------------------------------------------------------------------------


class _Template(NamedTuple):
    """A session as ``qualify`` stores it; the result has ``@KEY@``/``@NAME@`` for the deal."""

    result: str
    answers: str
    score: float
    band: str
    band_label: str
    gates: str
    next_step: str
    known: float
    verified: float
    assumed: str  # the assumed questions' ids, joined by commas
    band_rank: int
    top_band: bool


def _templates(count: int, rng: random.Random) -> list[_Template]:
    """``count`` real scorecards of the shipped playbook with random answers."""
    from dealcoach.adapters.json_views import answers_json, scorecard_json
    from dealcoach.core.answer import Answer, Evidence
    from dealcoach.core.catalog import Catalog
    from dealcoach.core.scoring import score

    playbook = Catalog.standard(Path.cwd()).resolve("customer-first").playbook
    assert playbook is not None
    words = _Words(rng)
    out = []
    for _ in range(count):
        answers = {}
        for q in playbook.questions:
            if rng.random() < 0.2:
                continue  # not known yet
            evidence: Evidence = "assumed" if rng.random() < 0.3 else "verified"
            if q.kind == "text":
                answers[q.id] = Answer(words.sentence(), "verified")
            elif q.kind == "many":
                ids = [o.id for o in q.options]
                answers[q.id] = Answer(tuple(rng.sample(ids, k=rng.randint(1, len(ids)))), evidence)
            else:
                answers[q.id] = Answer(rng.choice(q.options).id, evidence)
        card = score(playbook, answers)
        result = scorecard_json(card, "@KEY@", "@NAME@", None)
        out.append(
            _Template(
                json.dumps(result),
                json.dumps(answers_json({qid: a for qid, a in answers.items() if a.known})),
                card.score,
                card.band.id,
                card.band.label,
                json.dumps([g.id for g in card.gates]),
                card.next_step.id,
                card.known,
                card.verified,
                ",".join(q for q, a in answers.items() if a.known and a.assumed),
                playbook.bands.index(card.band),
                card.band.id == playbook.top_band.id,
            )
        )
    return out


REPS = ("sam", "dana", "alex", "kim", "lee", "noor", "ravi", "tess")


def make_store(home: Path, deals: int, sessions: int, *, seed: int = SEED) -> Path:
    """A store under ``home`` with ``deals`` deals and ``sessions`` sessions in all.

    Sessions are spread evenly (the remainder to the first deals) and dated over
    the last 120 days, oldest first. Returns the database path.
    """
    import sqlite3

    from dealcoach.adapters.sqlite_store import DB_NAME, open_store

    rng = random.Random(seed)
    open_store(home, user="sam").close()  # the product's own schema, version and pragmas
    path = home / DB_NAME
    templates = _templates(40, rng)
    now = datetime.now(UTC)
    created = (now - timedelta(days=120)).isoformat(timespec="seconds")
    companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell"]
    deal_rows = []
    for i in range(deals):
        name = f"{rng.choice(companies)} {i} renewal"
        deal_rows.append(
            (
                name.lower().replace(" ", "-"),
                name,
                "customer-first",
                None,
                created,
                rng.choice(REPS),
            )
        )
    session_rows = []
    per_deal, extra = divmod(sessions, deals) if deals else (0, 0)
    for i, (key, name, *_) in enumerate(deal_rows):
        ages = sorted((rng.uniform(0, 120) for _ in range(per_deal + (i < extra))), reverse=True)
        for age in ages:
            t = rng.choice(templates)
            session_rows.append(
                (
                    key,
                    (now - timedelta(days=age)).isoformat(timespec="seconds"),
                    rng.choice(["qualify", "next-step"]),
                    "customer-first",
                    "1.0",
                    "0123456789abcdef",
                    t.answers,
                    t.score,
                    t.band,
                    t.band_label,
                    t.gates,
                    t.next_step,
                    None,
                    None,
                    t.result.replace("@KEY@", key).replace("@NAME@", name),
                    t.known,
                    t.verified,
                    t.assumed,
                    t.band_rank,
                    t.top_band,
                )
            )
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO deals (key, name, playbook_id, playbook_source, created_at, owner)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            deal_rows,
        )
        db.executemany(
            """
            INSERT INTO sessions (deal_key, created_at, command, playbook_id, playbook_version,
                playbook_hash, answers, score, band, band_label, gates, next_step, note,
                objective, result, known, verified, assumed, band_rank, top_band)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            session_rows,
        )
        db.execute("COMMIT")
    finally:
        db.close()
    return path


def crm_export(path: Path, rows: int, *, seed: int = SEED) -> Path:
    """A Salesforce opportunity report of ``rows`` records, as a user exports it: a
    byte-order mark, quoted fields, US dates, currency amounts, accented owners."""
    import csv

    rng = random.Random(seed)
    owners = ["José Álvarez", "Dana Smith", "Zoë Müller", "Kim Lee"]
    stages = ["Prospecting", "Qualification", "Negotiation/Review", "Closed Won", "Closed Lost"]
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["Opportunity Owner", "Opportunity Name", "Stage", "Amount", "Close Date",
             "Opportunity ID"]
        )  # fmt: skip
        for i in range(rows):
            writer.writerow(
                [rng.choice(owners), f"Company {i}, Inc. renewal", rng.choice(stages),
                 f"${rng.randint(1_000, 900_000):,}.00",
                 f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2027", f"0065g{i:010d}"]
            )  # fmt: skip
    return path
