"""``qualify``, ``next-step`` and ``show``, as both the fast path and the typer app run
them: the options are already parsed, the rest is the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealcoach.cli.environment import Environment
from dealcoach.cli.output import emit, emit_json
from dealcoach.cli.session import catalog, notices, open_deal_store, run_session
from dealcoach.core.errors import DealcoachError
from dealcoach.core.textsafe import one_line, pasteable

if TYPE_CHECKING:
    from dealcoach.core.deal_state import DealState


def _one_output(command: str, as_json: bool, say: bool) -> None:
    if as_json and say:
        raise DealcoachError(
            f"dealcoach {command}: --json and --say ask for two outputs; give one of them"
        )


def qualify(
    deal: str,
    *,
    playbook: str | None = None,
    answers: str | None = None,
    objective: str | None = None,
    as_json: bool = False,
    say: bool = False,
    owner: str | None = None,
    stage: str | None = None,
) -> None:
    """Before a call: score the deal and print the call plan and the next step to suggest."""
    _one_output("qualify", as_json, say)
    run_session(
        "qualify",
        deal,
        playbook=playbook,
        answers=answers,
        objective=objective,
        note=None,
        as_json=as_json,
        say=say,
        owner=owner,
        stage=stage,
    )


def next_step(
    deal: str,
    *,
    answers: str | None = None,
    note: str | None = None,
    as_json: bool = False,
    say: bool = False,
) -> None:
    """After a call: record what you learned, see what changed, and get the next step."""
    _one_output("next-step", as_json, say)
    run_session(
        "next-step",
        deal,
        playbook=None,
        answers=answers,
        objective=None,
        note=note,
        as_json=as_json,
        say=say,
    )


def show(
    deal: str, *, as_json: bool = False, say: bool = False, framework: str | None = None
) -> None:
    """One deal: scorecard, history of sessions, and every answer with its evidence."""
    _one_output("show", as_json, say)
    if framework is not None and say:
        raise DealcoachError("dealcoach show: --as and --say ask for two outputs; give one of them")
    from dealcoach.core.deal_state import inspect_deal

    env = Environment.read()
    store = open_deal_store(env, write=False)
    try:
        state = inspect_deal(store, catalog(env), deal)
    finally:
        store.close()
    notices(state.notices)
    if framework is not None:
        _show_as(state, framework, env, as_json=as_json)
        return
    if say:
        if state.card is None:
            raise DealcoachError(
                f"{one_line(state.deal.name)}: without its playbook, the next step cannot be worded"
            )
        emit(pasteable(state.card.next_step.say))
        return
    if as_json:
        from dealcoach.adapters.json_views import deal_state_json, dumps

        data = deal_state_json(state)
        emit_json(dumps(data), data)
        return
    from dealcoach.adapters.tables import deal_view
    from dealcoach.adapters.views import render

    emit(render(deal_view(state)))


def _show_as(state: DealState, framework: str, env: Environment, *, as_json: bool) -> None:
    """``show --as ID``: the deal's answers through another playbook's dimensions."""
    from dealcoach.core.crosswalk import crosswalk

    if state.card is None:
        raise DealcoachError(
            f"{one_line(state.deal.name)}: has no answers to see through another playbook "
            "(never qualified, or its playbook is gone)"
        )
    target = catalog(env).resolve(framework).playbook
    assert target is not None
    elements = crosswalk(state.card.playbook, state.card.answers, target)
    if as_json:
        from dealcoach.adapters.crosswalk_view import crosswalk_json
        from dealcoach.adapters.json_views import dumps

        data = crosswalk_json(target, elements)
        emit_json(dumps(data), data)
        return
    from dealcoach.adapters.crosswalk_view import crosswalk_view
    from dealcoach.adapters.views import render

    emit(render(crosswalk_view(state.deal.name, state.card.playbook, target, elements)))
