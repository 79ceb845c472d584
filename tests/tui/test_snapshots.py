"""Pictures of the reception desk at 120x40; update only after looking at them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from domain.clock import FixedClock
from domain.identity import make_hetu
from domain.use_cases import reception as reception_cases
from domain.visits import ReferralChannel, Urgency
from domain.walk_in import WalkInInput
from tests.helpers import SIZE, AppFactory, settle, type_text, walk_in
from tui.context import AppContext

NARROW = (80, 24)
SnapCompare = Callable[..., bool]


@pytest.fixture
def busy_desk(context: AppContext, clock: FixedClock) -> AppContext:
    """A realistic queue: served, in service, waiting, urgent, anonymous, odd names."""
    walk_in(context, name="Heikkinen Helena", reason="Toimeentulotuki")
    clock.advance(minutes=4)
    called = reception_cases.call_next(
        context.uow(), actor=context.actor, location=context.location, clock=clock
    )
    assert called is not None
    reception_cases.finish_visit(
        context.uow(), called.id, called.version, actor=context.actor, clock=clock
    )
    walk_in(
        context,
        name="Korhonen Kari",
        hetu=make_hetu(dt.date(1968, 2, 29), 123),
        reason="Asunnon haku",
        channel=ReferralChannel.SOCIAL_HEALTH,
    )
    clock.advance(minutes=6)
    walk_in(context, reason="Ei halua kertoa nimeään", channel=ReferralChannel.THIRD_SECTOR)
    clock.advance(minutes=3)
    walk_in(
        context,
        name="[b]Virtanen[/b] Ville",
        birth_year="1990",
        reason="Velat [red]kasvaa[/red]",
        channel=ReferralChannel.EMPLOYMENT,
    )
    clock.advance(minutes=2)
    walk_in(
        context,
        name="Mäkinen Marja",
        reason="Akuutti kriisi",
        urgency=Urgency.URGENT,
        channel=ReferralChannel.RELATIVE,
    )
    clock.advance(minutes=1)
    reception_cases.call_next(
        context.uow(), actor=context.actor, location=context.location, clock=clock
    )
    clock.advance(minutes=9)
    return context


async def settled(pilot: Pilot[None]) -> None:
    await settle(pilot)


def test_queue(snap_compare: SnapCompare, new_app: AppFactory, busy_desk: AppContext) -> None:
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=settled)


def test_walk_in_form_with_wrong_hetu(snap_compare: SnapCompare, new_app: AppFactory) -> None:
    async def fill(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Laine Liisa")
        await pilot.press("tab")
        await type_text(pilot, "290223-123A")
        await pilot.press("tab")
        await type_text(pilot, "1985")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=fill)


def test_help(snap_compare: SnapCompare, new_app: AppFactory, busy_desk: AppContext) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=open_help)


def test_search_results(
    snap_compare: SnapCompare, new_app: AppFactory, busy_desk: AppContext
) -> None:
    async def search(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await type_text(pilot, "ko")
        await pilot.press("enter")
        await pilot.pause(0.3)
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=search)


def _interview_desk(context: AppContext, clock: FixedClock) -> None:
    """A returning client's interview with a draft: levels, notes, a goal, a tick."""
    from domain.intake import ChecklistItem, ConcernLevel, DomainEntry, IntakeContent, LifeDomain
    from domain.use_cases.interview import save_draft

    first = WalkInInput(name="Nieminen Noora", birth_year="1988")
    for weeks_ago in (10, 6, 2):  # a returning client: earlier visits count for R7
        visit = reception_cases.register_walk_in(
            context.uow(),
            first,
            actor=context.actor,
            location=context.location,
            clock=FixedClock(clock.now() - dt.timedelta(weeks=weeks_ago)),
        )
        first = WalkInInput(client_id=visit.client_id)
    walk_in(context, client_id=first.client_id, reason="Toimeentulo ja asunto")
    called = reception_cases.call_next(
        context.uow(), actor=context.actor, location=context.location, clock=clock
    )
    assert called is not None
    save_draft(
        context.uow(),
        called.id,
        IntakeContent(
            domains={
                LifeDomain.SERVICES: DomainEntry(level=ConcernLevel.NONE, note="Kela, TE"),
                LifeDomain.HOUSING: DomainEntry(level=ConcernLevel.SERIOUS, note="Häätöuhka"),
                LifeDomain.INCOME: DomainEntry(level=ConcernLevel.SOME, note="[i]Velkoja[/i]"),
            },
            goals="Oma asunto ja työ",
            language="suomi",
            checklist=frozenset({ChecklistItem.SEVERAL_PLANS}),
        ),
        None,
        actor=context.actor,
        clock=clock,
    )


async def _open_interview(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_interview(
    snap_compare: SnapCompare, new_app: AppFactory, context: AppContext, clock: FixedClock
) -> None:
    _interview_desk(context, clock)
    assert snap_compare(new_app(), terminal_size=SIZE, run_before=_open_interview)


def test_interview_at_80_columns(
    snap_compare: SnapCompare, new_app: AppFactory, context: AppContext, clock: FixedClock
) -> None:
    """An 80×24 terminal: the criteria go under the form, every field keeps its width."""
    _interview_desk(context, clock)
    assert snap_compare(new_app(), terminal_size=NARROW, run_before=_open_interview)
