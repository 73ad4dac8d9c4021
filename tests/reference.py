"""A reference scorer written from PLAYBOOK-FORMAT.md alone, on the playbook's YAML data
(it uses nothing of dealcoach): what `qualify --json` must say. Exact arithmetic, so that
conditions at a boundary agree with the engine's."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

PLACEHOLDER = re.compile(r"\{answers\.([a-z0-9_]+)\}")


def _answer(raw: dict[str, Any], q: dict[str, Any]) -> tuple[Any, str]:
    """(value or None, evidence) of a question, from answers-file data."""
    entry = raw.get(q["id"], "unknown")
    value, evidence = (
        (entry["answer"], entry.get("evidence", "verified"))
        if isinstance(entry, dict)
        else (entry, "verified")
    )
    if not q.get("evidence", True):
        evidence = "verified"
    if value in ("unknown", ["unknown"]) or (isinstance(value, str) and not value.strip()):
        return None, evidence
    return value, evidence


def F(number: Any) -> Fraction:
    """A number of the YAML as written (0.1 is 1/10)."""
    return Fraction(str(number))


def _within(value: Fraction, bound: dict[str, Any]) -> bool:
    return value < F(bound["below"]) if "below" in bound else value >= F(bound["at_least"])


def _holds(cond: Any, ctx: dict[str, Any]) -> bool:
    if cond is None or cond == "always":
        return True
    if "all" in cond:
        return all(_holds(c, ctx) for c in cond["all"])
    if "any" in cond:
        return any(_holds(c, ctx) for c in cond["any"])
    if "not" in cond:
        return not _holds(cond["not"], ctx)
    if "score" in cond or "dimension" in cond:
        bound = cond.get("score", cond)
        value = ctx["score"] if "score" in cond else ctx["dims"][cond["dimension"]]
        return _within(value, bound)
    if "answer" in cond:
        value = ctx["answers"][cond["answer"]][0]
        chosen = ["unknown"] if value is None else value if isinstance(value, list) else [value]
        wanted = [cond["is"]] if "is" in cond else cond["in"]
        return any(o in chosen for o in wanted)
    if "assumed" in cond:
        value, evidence = ctx["answers"][cond["assumed"]]
        return value is not None and evidence == "assumed"
    for figure in ("known", "verified"):
        if figure in cond:
            bound = cond[figure]
            if "dimension" in bound:
                value = ctx[f"dims_{figure}"][bound["dimension"]]
            else:
                value = ctx[figure]
            return _within(value, bound)
    return ctx["band"]["id"] == cond["band"]


def reference(pb: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """What `qualify --json` must say, computed from the playbook's YAML data."""
    factor = F(pb.get("scoring", {}).get("assumed_factor", 0.5))
    questions = [q for d in pb["dimensions"] for q in d["questions"]]
    given = {q["id"]: _answer(raw, q) for q in questions}
    zero = Fraction(0)
    dims: dict[str, Fraction] = {}
    known: dict[str, Fraction] = {}
    verified: dict[str, Fraction] = {}
    out_dims = []
    for d in pb["dimensions"]:
        num = den = known_w = verified_w = zero
        for q in d["questions"]:
            if q.get("kind", "one") == "text":
                continue
            weight = F(q.get("weight", 1))
            if given[q["id"]][0] is not None:
                known_w += weight
                if given[q["id"]][1] == "verified":
                    verified_w += weight
            scores = {o["id"]: F(o["score"]) for o in q["options"]}
            many = q.get("kind") == "many"
            top = sum(scores.values(), zero) if many else max(scores.values())
            value, evidence = given[q["id"]]
            if value is None:
                got = zero
            elif many:
                got = min(sum((scores[o] for o in dict.fromkeys(value)), zero), top)
            else:
                got = scores[value]
            n = got / top if top else zero
            if value is not None and evidence == "assumed":
                n *= factor
            num += weight * n
            den += weight
        dims[d["id"]] = 100 * num / den if den else zero
        known[d["id"]] = 100 * known_w / den if den else zero
        verified[d["id"]] = 100 * verified_w / den if den else zero
        out_dims.append(
            {
                "id": d["id"],
                "name": d["name"],
                "score": round(float(dims[d["id"]]), 1),
                "known": round(float(known[d["id"]]), 1),
                "verified": round(float(verified[d["id"]]), 1),
                "unknown": [q["id"] for q in d["questions"] if given[q["id"]][0] is None],
                "assumed": [
                    q["id"]
                    for q in d["questions"]
                    if given[q["id"]][0] is not None and given[q["id"]][1] == "assumed"
                ],
            }
        )
    total = sum((F(d.get("weight", 1)) for d in pb["dimensions"]), zero)

    def mean(values: dict[str, Fraction]) -> Fraction:
        weighted = (F(d.get("weight", 1)) * values[d["id"]] for d in pb["dimensions"])
        return sum(weighted, zero) / total

    deal = mean(dims)
    band = max((b for b in pb["bands"] if F(b["min"]) <= deal), key=lambda b: F(b["min"]))
    ctx = {
        "score": deal,
        "dims": dims,
        "answers": given,
        "band": None,
        "known": mean(known),
        "verified": mean(verified),
        "dims_known": known,
        "dims_verified": verified,
    }
    held = [g for g in pb.get("gates", []) if _holds(g.get("when"), ctx)]
    bands = {b["id"]: b for b in pb["bands"]}
    for gate in held:  # floors first: raise to the highest floor that holds
        if "floor" in gate and F(bands[gate["floor"]]["min"]) > F(band["min"]):
            band = bands[gate["floor"]]
    for gate in held:  # then caps: a cap always wins
        if "cap" in gate and F(bands[gate["cap"]]["min"]) < F(band["min"]):
            band = bands[gate["cap"]]
    ctx["band"] = band
    step = next(s for s in pb["next_steps"] if _holds(s.get("when"), ctx))

    def fill(m: re.Match[str]) -> str:
        value = given[m.group(1)][0]
        return value.strip() if isinstance(value, str) else ""

    # Shares, exactly: (dim weight / sum) * (q weight / sum of scored q weights); text 0.
    share: dict[str, Fraction] = {}
    for d in pb["dimensions"]:
        scored = [q for q in d["questions"] if q.get("kind", "one") != "text"]
        q_total = sum(Fraction(q.get("weight", 1)) for q in scored)
        for q in d["questions"]:
            share[q["id"]] = (
                Fraction(d.get("weight", 1))
                / Fraction(total)
                * Fraction(q.get("weight", 1))
                / q_total
                if q in scored
                else Fraction(0)
            )
    gaps = [q for q in questions if given[q["id"]][0] is None or given[q["id"]][1] == "assumed"]
    gaps.sort(key=lambda q: -share[q["id"]])
    return {
        "playbook": {"id": pb["id"], "version": pb["version"]},
        "score": round(float(deal), 1),
        "known": round(float(ctx["known"]), 1),
        "verified": round(float(ctx["verified"]), 1),
        "band": {"id": band["id"], "label": band["label"]},
        "gates": [g["id"] for g in held],
        "dimensions": out_dims,
        "next_step": {
            "id": step["id"],
            "title": step["title"],
            "say": PLACEHOLDER.sub(fill, step["say"]),
            "why": step.get("why"),
            "learn": step.get("learn", []),
        },
        "learning_objectives": [q.get("learn") or f"I need to find out: {q['ask']}" for q in gaps],
    }


REFERENCE_KEYS = [
    "playbook",
    "score",
    "known",
    "verified",
    "band",
    "gates",
    "dimensions",
    "next_step",
    "learning_objectives",
]
