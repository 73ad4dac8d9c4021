"""``dealcoach outcomes``: does the playbook predict? Over closed deals, the win rate by
the band of the last session before the close, the mean score of each dimension for
won and for lost deals, and per question the answers that separate won from lost."""

from __future__ import annotations

from dataclasses import dataclass

from dealcoach.core.figures import round1
from dealcoach.core.records import WON, Deal, Session

FEW = 10  # fewer closed deals than this: too few to tell


@dataclass(frozen=True, slots=True)
class Rate:
    """How many closed deals had something (a band, an answer), and how many were won."""

    what: str | None  # a band id (None: closed without ever being qualified), an answer
    label: str
    deals: int
    won: int

    @property
    def win_rate(self) -> float:
        return round(self.won / self.deals, 3) if self.deals else 0.0

    @property
    def band(self) -> str | None:
        return self.what

    @property
    def answer(self) -> str:
        return str(self.what)


@dataclass(frozen=True, slots=True)
class DimensionMeans:
    id: str
    name: str
    won_mean: float | None
    lost_mean: float | None


@dataclass(frozen=True, slots=True)
class QuestionSplit:
    """A question's answers with the win rate of the deals that closed with each."""

    id: str
    answers: list[Rate]

    @property
    def spread(self) -> float:
        """How far apart the win rates of its answers are (0: it tells nothing)."""
        rates = [a.win_rate for a in self.answers]
        return round(max(rates) - min(rates), 3) if len(rates) > 1 else 0.0


@dataclass(frozen=True, slots=True)
class Outcomes:
    closed: int
    won: int
    by_band: list[Rate]
    by_dimension: list[DimensionMeans]
    by_question: list[QuestionSplit]  # the questions whose answers separate most first

    @property
    def caution(self) -> str | None:
        if self.closed >= FEW:
            return None
        return (
            f"Only {self.closed} closed deal{'' if self.closed == 1 else 's'}: too few to "
            f"tell whether the playbook predicts. Read these figures as anecdotes until at "
            f"least {FEW} deals have closed."
        )


def outcomes(closed: list[tuple[Deal, Session | None]], playbook: str | None) -> Outcomes:
    """The figures over ``closed`` deals (with the last session of each), or only those
    of the playbook ``playbook``."""
    chosen = [(d, s) for d, s in closed if playbook is None or d.playbook_id == playbook]
    return Outcomes(
        closed=len(chosen),
        won=sum(d.status == WON for d, _ in chosen),
        by_band=_by_band(chosen),
        by_dimension=_by_dimension(chosen),
        by_question=_by_question(chosen),
    )


def _by_band(chosen: list[tuple[Deal, Session | None]]) -> list[Rate]:
    counts: dict[str | None, list[int]] = {}
    labels: dict[str | None, str] = {None: "Not qualified"}
    ranks: dict[str | None, int] = {}
    for deal, last in chosen:
        band = last.band if last else None
        if last is not None:
            labels.setdefault(band, last.band_label)
            ranks.setdefault(band, last.band_rank if last.band_rank is not None else 1_000)
        seen = counts.setdefault(band, [0, 0])
        seen[0] += 1
        seen[1] += deal.status == WON
    order = sorted(counts, key=lambda b: (b is None, ranks.get(b, 0), b or ""))
    return [Rate(b, labels[b], counts[b][0], counts[b][1]) for b in order]


def _mean(values: list[float]) -> float | None:
    return round1(sum(values) / len(values)) if values else None


def _by_dimension(chosen: list[tuple[Deal, Session | None]]) -> list[DimensionMeans]:
    names: dict[str, str] = {}
    scores: dict[str, tuple[list[float], list[float]]] = {}
    for deal, last in chosen:
        if last is None:
            continue
        for dim in last.figures.dimensions:
            names.setdefault(dim.id, dim.name)
            won, lost = scores.setdefault(dim.id, ([], []))
            (won if deal.status == WON else lost).append(dim.score)
    return [DimensionMeans(d, names[d], _mean(scores[d][0]), _mean(scores[d][1])) for d in names]


def _by_question(chosen: list[tuple[Deal, Session | None]]) -> list[QuestionSplit]:
    asked: dict[str, None] = {}
    for _, last in chosen:
        if last is not None:
            asked.update(dict.fromkeys(last.answers))
    splits = []
    for qid in asked:
        tally: dict[str, list[int]] = {}
        for deal, last in chosen:
            if last is None:
                continue
            answer = last.answers.get(qid)
            value = answer.value if answer is not None and answer.known else None
            chosen_values = value if isinstance(value, tuple) else (value,)
            for v in chosen_values:
                seen = tally.setdefault("unknown" if v is None else str(v), [0, 0])
                seen[0] += 1
                seen[1] += deal.status == WON
        rates = [Rate(a, a, n, w) for a, (n, w) in tally.items()]
        rates.sort(key=lambda r: (-r.win_rate, -r.deals, r.answer))
        splits.append(QuestionSplit(qid, rates))
    splits.sort(key=lambda q: -q.spread)
    return splits
