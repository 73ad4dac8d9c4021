"""``dealcoach review`` as JSON (TEAM.md's keys), as text for the terminal, and as
Markdown that pastes cleanly into chat tools, wikis and email. HTML is in
:mod:`dealcoach.adapters.review_html`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dealcoach.adapters.json_views import deal_summary_json
from dealcoach.core.attribute_values import shown_amount
from dealcoach.core.figures import round1
from dealcoach.core.pipeline import DealSummary
from dealcoach.core.review import Assumption, Move, Review
from dealcoach.core.textsafe import one_line
from dealcoach.core.warnings import in_words

ASSUMPTIONS_SHOWN = 10  # the oldest, in the text, Markdown and HTML views

Asks = Mapping[str, Mapping[str, str]]  # playbook id -> question id -> its question


def review_json(review: Review) -> dict[str, Any]:
    return {
        "since": review.since,
        "posture": [
            {"band": r.band, "label": r.label, "deals": r.deals, "amount": r.amount}
            for r in review.posture
        ],
        "moved": [
            {"key": m.key, "name": m.name, "change": m.change, "from": m.before, "to": m.after}
            for m in review.moved
        ],
        "at_risk": [
            {"key": s.deal.key, "name": s.deal.name, "owner": s.deal.owner, "warnings": s.warnings}
            for s in review.at_risk
        ],
        "deals": [_with_verified(s) for s in review.deals],
        "assumptions": [
            {
                "key": a.key,
                "name": a.name,
                "question": a.question,
                "since": a.since,
                "days": a.days,
                "at_least": a.at_least,
            }
            for a in review.assumptions
        ],
    }


def _with_verified(summary: DealSummary) -> dict[str, Any]:
    item = deal_summary_json(summary)
    item["verified"] = round1(summary.last.verified) if summary.last else None
    return item


def move_words(move: Move) -> str:
    """A move in words: ``Acme Corp: band Discovering -> Developing (up)``."""
    name = one_line(move.name)
    if move.change == "new":
        band = f" ({move.after_label})" if move.after_label else ", not qualified yet"
        return f"{name}: new{band}"
    if move.change in ("won", "lost"):
        return f"{name}: closed {move.change}"
    way = "up" if move.up else "down"
    if move.change == "band":
        before = move.before_label or "not qualified"
        return f"{name}: band {before} -> {move.after_label} ({way})"
    return f"{name}: score {move.before:g} -> {move.after:g} ({way})"


def assumption_words(a: Assumption, playbook: str, asks: Asks) -> str:
    question = asks.get(playbook, {}).get(a.question, a.question)
    age = "since today" if a.days == 0 else f"for {a.days} day{'' if a.days == 1 else 's'}"
    if a.at_least:
        age = f"for at least {a.days} day{'' if a.days == 1 else 's'} (every recent session)"
    return f'{one_line(a.name)}: "{one_line(question)}" assumed {age}'


def sections(review: Review, asks: Asks) -> dict[str, Any]:
    """What every human view shows, in words (each view lays it out its own way)."""
    playbooks = {s.deal.key: s.deal.playbook_id for s in review.deals}
    return {
        "title": f"Pipeline review, {review.since} to {review.today}"
        + (f" · {one_line(review.owner)}'s deals" if review.owner else ""),
        "posture": [(r.label, r.deals, shown_amount(r.amount)) for r in review.posture],
        "moved": [move_words(m) for m in review.moved],
        "at_risk": [
            (
                one_line(s.deal.name),
                one_line(s.deal.owner or ""),
                [in_words(r, s.deal.close_date, asks.get(s.deal.playbook_id)) for r in s.risks],
                one_line(s.last.next_step_title) if s.last else "Qualify the deal",
            )
            for s in review.at_risk
        ],
        "assumptions": [
            assumption_words(a, playbooks.get(a.key, ""), asks)
            for a in review.assumptions[:ASSUMPTIONS_SHOWN]
        ],
        "more_assumptions": max(0, review.assumed - ASSUMPTIONS_SHOWN),
        "deals": [
            (
                one_line(s.deal.name),
                one_line(s.deal.owner or ""),
                one_line(s.last.band_short) if s.last else "not qualified",
                f"{round1(s.last.score):.1f}" if s.last else "—",
                f"{round1(s.last.verified):.0f}%" if s.last else "—",
                one_line(s.last.next_step_title) if s.last else "Qualify the deal",
            )
            for s in review.deals
        ],
    }


DEAL_COLUMNS = ("Deal", "Owner", "Band", "Score", "Verified", "Next step")


def review_markdown(review: Review, asks: Asks) -> str:
    """Markdown: headings, lists and tables, user text escaped so it stays text."""
    s = sections(review, asks)
    out = [f"# {md(s['title'])}", "", "## Posture", ""]
    out += _md_table(("Band", "Deals", "Amount"), s["posture"])
    out += ["", f"## What moved since {review.since}", ""]
    out += [f"- {md(m)}" for m in s["moved"]] or ["Nothing moved."]
    out += ["", "## At risk", ""]
    for name, owner, risks, step in s["at_risk"]:
        out.append(f"- **{md(name)}** ({md(owner)}). Check: {md(step)}")
        out += [f"  - {md(r)}" for r in risks]
    if not s["at_risk"]:
        out.append("No deal at risk.")
    out += ["", "## Evidence", "", "Oldest unverified assumptions:", ""]
    out += [f"- {md(a)}" for a in s["assumptions"]] or ["- none"]
    if s["more_assumptions"]:
        out.append(f"- ... and {s['more_assumptions']} more")
    out += ["", "## Deals", ""]
    out += _md_table(DEAL_COLUMNS, s["deals"])
    return "\n".join(out) + "\n"


def _md_table(head: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    if not rows:
        return ["None."]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md(str(v)) for v in row) + " |" for row in rows]
    return lines


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md(text: str) -> str:
    """User text as Markdown shows it literally: its markup characters escaped, and
    HTML (which chat tools and wikis render) neutralised."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text)).replace("&", "&amp;")
