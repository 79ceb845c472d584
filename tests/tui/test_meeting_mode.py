"""Meeting mode with keys only: attendance, a decision, an action, closing, the follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Digits, Static

from domain.agenda_text import meeting_minutes
from domain.clock import HELSINKI, FixedClock
from domain.moti import ActionState, CarryReason, DecisionKind, ItemKind, MeetingState
from domain.network import Professional, ProfessionalInput
from domain.sectors import Sector
from domain.use_cases import coordination, meetings
from tests.helpers import SIZE, AppFactory, settle, type_text, walk_in
from tui.context import AppContext
from tui.screens.meeting_dialogs import ActionForm, AttendanceForm, DecisionForm, ReturnReasonsForm
from tui.screens.meeting_mode import MeetingModeScreen

SnapCompare = Callable[..., bool]


@dataclass(frozen=True)
class Seeded:
    team_id: int
    meeting_id: int
    first_client: int
    second_client: int
    chair: Professional
    expert: Professional


def professional(context: AppContext, name: str, organisation: str, sector: Sector) -> Professional:
    return coordination.save_professional(
        context.uow(),
        ProfessionalInput(name=name, organisation=organisation, sector=sector),
        actor=context.actor,
    )


def client(context: AppContext, name: str) -> int:
    visit_id = walk_in(context, name=name, birth_year="1980")
    with context.uow() as work:
        found = work.visits.get(visit_id).client_id
    assert found is not None
    return found


@pytest.fixture
def seeded(context: AppContext, clock: FixedClock) -> Seeded:
    return seed_meeting(context, clock)


def seed_meeting(context: AppContext, clock: FixedClock) -> Seeded:
    """A team of two, a meeting today at 13:00 with two clients, an expert invited to one."""
    uow = context.uow
    team = meetings.create_team(uow(), "MOTI Lappeenranta", actor=context.actor)
    chair = professional(context, "Laine Liisa", "Aikuissosiaalityö", Sector.SOCIAL)
    nurse = professional(context, "Nieminen Noora", "Terveysasema", Sector.HEALTH)
    expert = professional(context, "Koski Kari", "TYP Lappeenranta", Sector.TYP)
    for member in (chair, nurse):
        meetings.add_team_member(uow(), team.id, member.id, actor=context.actor)
    (meeting,) = meetings.plan_meetings(
        uow(), team.id, dt.datetime(2026, 11, 24, 13, 0, tzinfo=HELSINKI), 60, actor=context.actor
    )
    first = client(context, "Virtanen [b]Matti[/b]")
    second = client(context, "Heikkinen Helena")
    questions = {first: "Kuka on asiakasvastaava?", second: "Riittääkö toimeentulo?"}
    for client_id, question in questions.items():
        proposal = meetings.propose_to_team(
            uow(), client_id, question, team_id=team.id, actor=context.actor, clock=clock
        )
        item = meetings.add_to_agenda(uow(), meeting.id, proposal.id, actor=context.actor)
        if client_id == first:
            meetings.set_invitees(uow(), item.id, frozenset({expert.id}), actor=context.actor)
    return Seeded(team.id, meeting.id, first, second, chair, expert)


async def wait(pilot: Pilot[None]) -> None:
    await settle(pilot)


def current(pilot: Pilot[None]) -> Screen[object]:
    """The screen on top; a function, so a type check does not narrow it for good."""
    return pilot.app.screen


async def open_mode(pilot: Pilot[None], meeting_id: int) -> MeetingModeScreen:
    await wait(pilot)
    screen = MeetingModeScreen(meeting_id)
    pilot.app.push_screen(screen)
    await wait(pilot)
    return screen


def shown(screen: MeetingModeScreen, part: str) -> str:
    return str(screen.query_one(f"#meeting-{part}", Static).render())


async def test_a_meeting_from_attendance_to_minutes(
    new_app: AppFactory, context: AppContext, clock: FixedClock, seeded: Seeded
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(pilot, seeded.meeting_id)
        view = meetings.agenda(context.uow(), seeded.meeting_id, actor=context.actor)
        assert view.meeting.state is MeetingState.OPEN
        assert "Kohta 1/2" in shown(screen, "position")
        assert "Virtanen [b]Matti[/b]" in shown(screen, "client")
        assert "Kuka on asiakasvastaava?" in shown(screen, "question")

        # Attendance: the chair is here, the expert is not.
        await pilot.press("a")
        await wait(pilot)
        assert isinstance(app.screen, AttendanceForm)
        await pilot.press("space", "ctrl+s")  # the first box is the chair
        await wait(pilot)
        assert current(pilot) is screen
        view = meetings.agenda(context.uow(), seeded.meeting_id, actor=context.actor)
        assert view.attendance[seeded.chair.id] is True
        assert view.attendance[seeded.expert.id] is False
        assert "Läsnä (1): Laine Liisa" in shown(screen, "attendance")

        # The clock runs from when the item came up, and says so when the slot is used.
        clock.advance(minutes=21, seconds=5)
        screen._tick()
        assert str(screen.query_one("#meeting-clock", Digits).value) == "21:05"
        assert "AIKA YLITTYI 01:05" in shown(screen, "slot")

        # A decision: the invited expert becomes the case manager.
        await pilot.press("d")
        await wait(pilot)
        assert isinstance(app.screen, DecisionForm)
        await pilot.press("ctrl+s")  # nothing chosen: said at the field
        await wait(pilot)
        assert "Valitse päätös." in str(app.screen.query_one("#kind-error", Static).render())
        await pilot.press("enter")  # the first kind: case manager agreed
        await pilot.press("tab", "enter")  # the person list opens
        await pilot.press("down", "down", "down", "enter")  # Laine, Nieminen, Koski
        await pilot.press("tab")
        await type_text(pilot, "sovittu palaverissa")
        await pilot.press("ctrl+s")
        await wait(pilot)
        assert current(pilot) is screen
        network = coordination.open_network(context.uow(), seeded.first_client, actor=context.actor)
        assert network.case_manager is not None
        assert network.case_manager.assignment.professional_id == seeded.expert.id
        assert "Asiakasvastaava sovittu: Koski Kari – sovittu palaverissa" in shown(
            screen, "recorded"
        )

        # An action with its owner and due date.
        await pilot.press("t")
        await wait(pilot)
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Työkokeilun selvitys")
        await pilot.press("tab", "enter", "down", "down", "down", "enter", "tab")
        await type_text(pilot, "31.13.2026")
        await pilot.press("ctrl+s")
        await wait(pilot)
        assert isinstance(app.screen, ActionForm)
        assert str(app.screen.query_one("#due-error", Static).render()) != ""
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "8.12.2026")
        await pilot.press("ctrl+s")
        await wait(pilot)
        assert current(pilot) is screen
        view = meetings.agenda(context.uow(), seeded.meeting_id, actor=context.actor)
        (action,) = view.actions
        assert (action.what, action.owner_id, action.due) == (
            "Työkokeilun selvitys",
            seeded.expert.id,
            dt.date(2026, 12, 8),
        )
        assert action.state is ActionState.OPEN

        # The next item starts its own clock.
        await pilot.press("right")
        await wait(pilot)
        assert "Kohta 2/2" in shown(screen, "position")
        assert "Heikkinen Helena" in shown(screen, "client")
        assert str(screen.query_one("#meeting-clock", Digits).value) == "00:00"
        await pilot.press("p")
        assert "Kohta 1/2" in shown(screen, "position")
        await pilot.press("n")

        # Closing with an item not discussed asks why it goes back ("not reached" is
        # chosen to start with); the meeting cannot be changed afterwards, and the
        # minutes are made from what was recorded.
        await pilot.press("s")
        await wait(pilot)
        assert isinstance(app.screen, ReturnReasonsForm)
        await pilot.press("ctrl+s")
        await wait(pilot)
        assert current(pilot) is not screen
        view = meetings.minutes_view(context.uow(), seeded.meeting_id, actor=context.actor)
        assert view.meeting.state is MeetingState.CLOSED
        minutes = meeting_minutes(view)
        assert "sovittu palaverissa" in minutes
        assert "Työkokeilun selvitys" in minutes
        assert "Palasi jonoon: Ei ehditty käsitellä" in minutes
        # The second item got no decision nor action: it waits for the next meeting,
        # and the worker is told so.
        notes = [notification.message for notification in app._notifications]
        assert (
            "Pöytäkirja tallennettu. 1 käsittelemätön asiakas palasi tiimin jonoon "
            "odottamaan seuraavaa palaveria."
        ) in notes
        waiting = meetings.backlog(context.uow(), seeded.team_id, actor=context.actor, clock=clock)
        assert [line.client.id for line in waiting] == [seeded.second_client]

    # The open action comes back on the team's next meeting as a follow-up item.
    (later,) = meetings.plan_meetings(
        context.uow(),
        seeded.team_id,
        dt.datetime(2026, 12, 8, 13, 0, tzinfo=HELSINKI),
        60,
        actor=context.actor,
    )
    next_view = meetings.agenda(context.uow(), later.id, actor=context.actor)
    follow_ups = [line for line in next_view.lines if line.item.kind is ItemKind.FOLLOW_UP]
    assert len(follow_ups) == 1
    assert follow_ups[0].action is not None
    assert follow_ups[0].action.id == action.id


async def test_a_follow_up_is_marked_done(
    new_app: AppFactory, context: AppContext, clock: FixedClock, seeded: Seeded
) -> None:
    uow = context.uow
    meetings.open_meeting(uow(), seeded.meeting_id, actor=context.actor)
    view = meetings.agenda(uow(), seeded.meeting_id, actor=context.actor)
    action = meetings.add_action(
        uow(),
        view.lines[0].item.id,
        "Hakemus Kelaan",
        seeded.chair.id,
        dt.date(2026, 12, 1),
        actor=context.actor,
    )
    meetings.close_meeting(uow(), seeded.meeting_id, "muistio", actor=context.actor)
    (later,) = meetings.plan_meetings(
        uow(),
        seeded.team_id,
        dt.datetime(2026, 12, 8, 13, 0, tzinfo=HELSINKI),
        60,
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(pilot, later.id)
        assert "Seuranta" in shown(screen, "position")
        assert "Seurattava tehtävä: Hakemus Kelaan · vastuu Laine Liisa" in shown(
            screen, "followed"
        )
        assert "avoin" in shown(screen, "followed")
        await pilot.press("v")
        await wait(pilot)
        assert "tehty" in shown(screen, "followed")
        assert "Tehtävä merkitty tehdyksi." in shown(screen, "status")
        await pilot.press("escape")
        await wait(pilot)
        assert current(pilot) is not screen
    done = meetings.agenda(uow(), later.id, actor=context.actor)
    assert done.meeting.state is MeetingState.OPEN  # Escape leaves the meeting open
    assert done.lines[0].action is not None
    assert done.lines[0].action.id == action.id
    assert done.lines[0].action.state is ActionState.DONE


async def test_an_unfinished_action_is_carried_with_a_reason(
    new_app: AppFactory, context: AppContext, clock: FixedClock, seeded: Seeded
) -> None:
    uow = context.uow
    meetings.open_meeting(uow(), seeded.meeting_id, actor=context.actor)
    view = meetings.agenda(uow(), seeded.meeting_id, actor=context.actor)
    action = meetings.add_action(
        uow(),
        view.lines[0].item.id,
        "Työkykyarvio",
        seeded.chair.id,
        dt.date(2026, 12, 1),
        actor=context.actor,
    )
    meetings.close_meeting(uow(), seeded.meeting_id, "muistio", actor=context.actor)
    second, third = meetings.plan_meetings(
        uow(),
        seeded.team_id,
        dt.datetime(2026, 12, 8, 13, 0, tzinfo=HELSINKI),
        60,
        every_weeks=2,
        count=2,
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mode(pilot, second.id)
        await pilot.press("c")
        await wait(pilot)
        await pilot.press("ctrl+s")  # no reason chosen yet: refused at the field
        await wait(pilot)
        assert current(pilot) is not screen
        await pilot.press("down", "enter", "ctrl+s")  # circumstances changed
        await wait(pilot)
        assert current(pilot) is screen
        assert "Siirretty palaveriin 22.12.2026." in shown(screen, "status")
    carried = meetings.agenda(uow(), third.id, actor=context.actor)
    (follow_up,) = [line for line in carried.lines if line.item.kind is ItemKind.FOLLOW_UP]
    # The reason travels with the carried action: the next agenda says who, by when, why.
    assert follow_up.action is not None
    assert follow_up.action.carry_reason is CarryReason.CIRCUMSTANCES_CHANGED
    old = context.uow()
    with old:
        original = old.meetings.get_action(action.id)
    assert original.state is ActionState.CARRIED
    assert original.carry_reason is CarryReason.CIRCUMSTANCES_CHANGED


async def test_a_referral_without_a_service_is_refused_at_the_field(
    new_app: AppFactory, context: AppContext, seeded: Seeded
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_mode(pilot, seeded.meeting_id)
        await pilot.press("d")
        await wait(pilot)
        await pilot.press("down", "enter", "ctrl+s")  # referral, no service chosen
        await wait(pilot)
        assert isinstance(app.screen, DecisionForm)
        error = str(app.screen.query_one("#target-error", Static).render())
        assert "Valitse asiakasvastaava tai palvelu" in error
    view = meetings.agenda(context.uow(), seeded.meeting_id, actor=context.actor)
    assert view.decisions == ()
    assert DecisionKind.REFERRAL.label == "Ohjaus palveluun"


def test_meeting_mode(
    snap_compare: SnapCompare,
    new_app: AppFactory,
    context: AppContext,
    clock: FixedClock,
    seeded: Seeded,
) -> None:
    async def show(pilot: Pilot[None]) -> None:
        screen = await open_mode(pilot, seeded.meeting_id)
        clock.advance(minutes=22, seconds=30)
        screen._tick()
        await pilot.pause()

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=show)
