"""The shipped playbook's tell-language rules, on both sides: what a rep says when they
plan to tell or take is flagged; a learning objective, however it is worded, is not."""

from __future__ import annotations

import pytest

from dealcoach.core.catalog import Catalog
from dealcoach.core.language import learning_suggestions, tell_matches
from dealcoach.core.models import Playbook
from dealcoach.core.scoring import score
from tests.conftest import REPO


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    pb = Catalog.standard(REPO).resolve("customer-first").playbook
    assert pb is not None
    return pb


TELL = [
    ("Close them this month", "close"),
    ("closing the deal before the quarter ends", "close"),
    ("I want to close it by Friday", "close"),
    ("Ask for the order", "close"),
    ("get the signature on the contract", "close"),
    ("Hit my quota", "close"),
    ("Present our proposal", "present"),
    ("present the pricing to the CFO", "present"),
    ("Pitch them the new module", "present"),
    ("give a pitch to the IT team", "present"),
    ("Demo our reporting module", "demo-and-show"),
    ("Book a demo with the ops lead", "demo-and-show"),
    ("Show them how much better our reporting is", "demo-and-show"),
    ("show off our dashboards", "demo-and-show"),
    ("Walk them through our deck", "demo-and-show"),
    ("walk the team through the case studies", "demo-and-show"),
    ("Push them for a decision", "push-and-sell"),
    ("push for a signature", "push-and-sell"),
    ("Sell them on the premium tier", "push-and-sell"),
    ("upsell the analytics add-on", "push-and-sell"),
    ("Convince them to book a demo", "convince"),
    ("persuade the CFO", "convince"),
    ("Win her over", "convince"),
    ("Get them to sign", "convince"),
    ("get the client to agree to a pilot", "convince"),
    ("make them see the value", "convince"),
    ("Overcome their objections on price", "objections"),
    ("handle objections about security", "objections"),
    ("counter their concerns", "objections"),
    ("Talk to them about our roadmap", "tell-about"),
    ("tell them why we're better", "tell-about"),
    ("explain our value", "tell-about"),
    ("educate the customer on best practice", "tell-about"),
    ("Walk the CFO through our ROI numbers", "demo-and-show"),
    ("Demo the new reporting module to the ops team", "demo-and-show"),
    ("Take them through our deck", "demo-and-show"),
    ("Lock in the renewal", "close"),
    ("Make sure the CFO understands our value", "convince"),
    ("Position our platform against X", "present"),
    ("defend our price", "push-and-sell"),
    ("Send the proposal and agree a signing date", "present"),
    ("Explain to her why the discount isn't possible", "tell-about"),
]

LEARNING = [
    "I need to find out how they close the books each month",
    "I need to understand how they present results to the board",
    "Learn what they show their customers today",
    "Find out who pushes for change inside",
    "Discover what sells best for them",
    "I need to understand why their sales team sells the old product",
    "I need to find out whether they want a demo at all",
    "I need to find out who will demo the internal tool",
    "I need to learn what objections their board usually raises",
    "Understand what is getting in the way of their decision",
    "I need to find out what their current supplier gives them that they fear losing",
    "I need to hear, in their words, what happens if they do nothing",
    "Find out when their quarter closes",
    "I need to understand what they would need to see to be convinced they should change",
    "I need to understand how they would explain the problem to their boss",
    "Check whether the deal they signed last year is up for renewal",
    "Find out how she would present it to the board",
    "Learn how our champion would pitch it internally",
    "Understand what would convince the CFO to renew",
    "Learn how they handle objections from their own customers",
    "I need to find out who will close the books this quarter",
    "Find out whether they will send us the security questionnaire",
]


@pytest.mark.parametrize(("text", "rule"), TELL)
def test_tell_objectives_are_flagged(playbook: Playbook, text: str, rule: str) -> None:
    assert rule in [m.rule.id for m in tell_matches(playbook, text)], text


@pytest.mark.parametrize("text", LEARNING)
def test_learning_objectives_are_not_flagged(playbook: Playbook, text: str) -> None:
    assert tell_matches(playbook, text) == [], text


def test_the_advice_suggests_a_learning_objective_from_this_deal(playbook: Playbook) -> None:
    nothing = score(playbook, {})
    first = learning_suggestions(nothing)
    assert first[0] == nothing.next_step.learn[0]  # the next step's focus comes first
    assert first[0].startswith("I need to")
    # Another deal, another suggestion: not one canned sentence.
    from tests.scoring_helpers import answers

    poor = score(playbook, answers(playbook, {"icp_fit": "poor"}))
    assert learning_suggestions(poor)[0] != first[0]
    assert learning_suggestions(poor)[0] == poor.next_step.learn[0]
