"""MOTI team meetings on a real SQLite file: backlog, agenda, meeting mode, follow-up (R8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction
from domain.case_management import EndReason
from domain.clock import HELSINKI, FixedClock
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.intake import IntakeContent, OutcomeKind
from domain.moti import (
    FOLLOW_UP_MINUTES,
    ActionState,
    CarryReason,
    DecisionKind,
    ItemKind,
    Meeting,
    MeetingState,
    Team,
)
from domain.network import Professional, ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import meetings, reception
from domain.use_cases.coordination import name_case_manager, open_network
from domain.use_cases.interview import correct_intake, finish_intake
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client

Uow = Callable[[], SqlUnitOfWork]
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
FIRST_START = dt.datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI)


def new_client(uow: Uow, actor: Staff, location: Location, clock: FixedClock, name: str) -> int:
    return walk_in_client(uow, actor, location, clock, name=name)


def directory_entry(uow: Uow, name: str) -> Professional:
    with uow() as work:
        professional = work.professionals.add(
            ProfessionalInput(
                name=name,
                title="Sosiaalityöntekijä",
                organisation="Aikuissosiaalityö",
                sector=Sector.SOCIAL,
            )
        )
        work.commit()
    return professional


def team_with_series(uow: Uow, actor: Staff, count: int = 3) -> tuple[Team, list[Meeting]]:
    team = meetings.create_team(uow(), "MOTI Lappeenranta", "Etelä-Karjala", actor=actor)
    planned = meetings.plan_meetings(
        uow(), team.id, FIRST_START, 90, place="Neuvotteluhuone 2", count=count, actor=actor
    )
    return team, planned


def propose(
    uow: Uow, actor: Staff, client_id: int, *, days_ago: int, deadline: dt.date | None = None
) -> int:
    when = FixedClock(NOW - dt.timedelta(days=days_ago))
    proposal = meetings.propose_to_team(
        uow(),
        client_id,
        "Kuka on vastuutyöntekijä?",
        team_id=None,
        deadline=deadline,
        actor=actor,
        clock=when,
    )
    return proposal.id


def backlog_clients(uow: Uow, team_id: int, actor: Staff, clock: FixedClock) -> list[int]:
    return [line.client.id for line in meetings.backlog(uow(), team_id, actor=actor, clock=clock)]


def logged(session_factory: sessionmaker[Session], client_id: int) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.action)
                .where(AccessEventRow.client_id == client_id)
                .order_by(AccessEventRow.id)
            )
        )


class Scene:
    """A team with three planned meetings, one client on the first agenda, a worker."""

    def __init__(self, uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> None:
        self.team, self.meetings = team_with_series(uow, actor)
        self.client_id = new_client(uow, actor, location, clock, "Laine Liisa")
        self.proposal_id = propose(uow, actor, self.client_id, days_ago=3)
        self.item = meetings.add_to_agenda(
            uow(), self.meetings[0].id, self.proposal_id, slot_minutes=30, actor=actor
        )
        self.worker = directory_entry(uow, "Sosiaalityöntekijä Sanni")


@pytest.fixture
def scene(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> Scene:
    return Scene(uow, actor, location, clock)


def close_with_open_action(uow: Uow, scene: Scene, actor: Staff) -> int:
    first = scene.meetings[0].id
    meetings.open_meeting(uow(), first, actor=actor)
    action = meetings.add_action(
        uow(),
        scene.item.id,
        "Selvitä asumistuki",
        scene.worker.id,
        dt.date(2026, 12, 10),
        actor=actor,
    )
    meetings.close_meeting(uow(), first, "Asumistuki selvitetään.", actor=actor)
    return action.id


# Planning ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count"),
    [
        (dt.datetime(9999, 12, 31, 23, 0, tzinfo=HELSINKI), 1),  # would end past the calendar
        (dt.datetime(9999, 12, 1, 13, 0, tzinfo=HELSINKI), 5),  # the series would overflow
        (dt.datetime(2032, 1, 2, 13, 0, tzinfo=HELSINKI), 1),  # past the planning horizon
        (dt.datetime(2031, 12, 22, 13, 0, tzinfo=HELSINKI), 2),  # the series goes past it
    ],
)
def test_a_meeting_too_far_ahead_is_refused_at_the_date(
    uow: Uow, actor: Staff, start: dt.datetime, count: int
) -> None:
    team = meetings.create_team(uow(), "MOTI", actor=actor)
    with pytest.raises(InvalidInput) as refused:
        meetings.plan_meetings(uow(), team.id, start, 120, count=count, actor=actor)
    assert set(refused.value.fields) == {"date"}
    assert "31.12.2031" in refused.value.fields["date"]
    with uow() as work:
        assert work.meetings.meetings(team.id) == []
        work.commit()
    # The last day of the horizon is still fine.
    last = dt.datetime(2031, 12, 31, 13, 0, tzinfo=HELSINKI)
    assert len(meetings.plan_meetings(uow(), team.id, last, 120, actor=actor)) == 1


def test_a_series_of_three_is_stored_every_second_week_at_the_same_time(
    uow: Uow, actor: Staff
) -> None:
    team, planned = team_with_series(uow, actor)
    with uow() as work:
        stored = work.meetings.meetings(team.id)
        work.commit()
    assert [m.id for m in stored] == [m.id for m in planned]
    assert [m.starts_at.astimezone(HELSINKI) for m in stored] == [
        FIRST_START,
        FIRST_START + dt.timedelta(weeks=2),
        FIRST_START + dt.timedelta(weeks=4),
    ]
    assert all(m.state is MeetingState.PLANNED for m in stored)
    assert all(m.length_minutes == 90 and m.place == "Neuvotteluhuone 2" for m in stored)


def test_planning_refuses_lengths_counts_and_intervals_out_of_bounds(
    uow: Uow, actor: Staff
) -> None:
    team = meetings.create_team(uow(), "MOTI", "", actor=actor)
    with pytest.raises(InvalidInput) as refused:
        meetings.plan_meetings(
            uow(), team.id, FIRST_START, 14, every_weeks=9, count=53, actor=actor
        )
    assert set(refused.value.fields) == {"length", "count", "every"}
    with uow() as work:
        assert work.meetings.meetings(team.id) == []
        work.commit()


# The backlog ---------------------------------------------------------------------------


def test_backlog_puts_the_client_with_a_deadline_before_the_one_who_waited_longer(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    team, _ = team_with_series(uow, actor)
    waiting = new_client(uow, actor, location, clock, "Odottava Olli")
    urgent = new_client(uow, actor, location, clock, "Kiireellinen Kaisa")
    newest = new_client(uow, actor, location, clock, "Uusi Urho")
    propose(uow, actor, waiting, days_ago=20)
    propose(uow, actor, urgent, days_ago=1, deadline=dt.date(2026, 12, 3))
    propose(uow, actor, newest, days_ago=2)
    lines = meetings.backlog(uow(), team.id, actor=actor, clock=clock)
    assert [line.client.id for line in lines] == [urgent, waiting, newest]
    assert [line.waited_days for line in lines] == [1, 20, 2]
    assert lines[0].proposal.deadline == dt.date(2026, 12, 3)


def test_a_proposal_without_question_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = new_client(uow, actor, location, clock, "Laine Liisa")
    with pytest.raises(InvalidInput) as refused:
        meetings.propose_to_team(uow(), client_id, "  ", team_id=None, actor=actor, clock=clock)
    assert set(refused.value.fields) == {"question"}


def test_adding_to_the_agenda_takes_the_client_out_of_the_backlog_and_removing_puts_back(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    team, planned = team_with_series(uow, actor)
    first = new_client(uow, actor, location, clock, "Laine Liisa")
    second = new_client(uow, actor, location, clock, "Virta Ville")
    first_proposal = propose(uow, actor, first, days_ago=5)
    propose(uow, actor, second, days_ago=2)
    item = meetings.add_to_agenda(uow(), planned[0].id, first_proposal, actor=actor)
    assert item.kind is ItemKind.CLIENT
    assert item.slot_minutes == 20
    assert item.question == "Kuka on vastuutyöntekijä?"
    assert backlog_clients(uow, team.id, actor, clock) == [second]
    view = meetings.agenda(uow(), planned[0].id, actor=actor)
    assert [line.client.id for line in view.lines] == [first]

    meetings.remove_from_agenda(uow(), item.id, actor=actor)
    assert backlog_clients(uow, team.id, actor, clock) == [first, second]
    assert meetings.agenda(uow(), planned[0].id, actor=actor).lines == ()


def test_an_agenda_slot_out_of_bounds_is_refused(scene: Scene, uow: Uow, actor: Staff) -> None:
    with pytest.raises(InvalidInput) as refused:
        meetings.add_to_agenda(
            uow(), scene.meetings[1].id, scene.proposal_id, slot_minutes=4, actor=actor
        )
    assert set(refused.value.fields) == {"slot"}


# The agenda ----------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [4, 121, 0])
def test_a_slot_out_of_bounds_is_refused_and_changes_nothing(
    scene: Scene, uow: Uow, minutes: int, actor: Staff
) -> None:
    with pytest.raises(InvalidInput) as refused:
        meetings.set_slot(uow(), scene.item.id, minutes, actor=actor)
    assert set(refused.value.fields) == {"slot"}
    with uow() as work:
        assert work.meetings.get_item(scene.item.id).slot_minutes == 30
        work.commit()


@pytest.mark.parametrize("minutes", [5, 120])
def test_a_slot_at_the_bounds_is_stored(scene: Scene, uow: Uow, minutes: int, actor: Staff) -> None:
    assert meetings.set_slot(uow(), scene.item.id, minutes, actor=actor).slot_minutes == minutes
    with uow() as work:
        assert work.meetings.get_item(scene.item.id).slot_minutes == minutes
        work.commit()


def test_items_that_do_not_fit_the_meeting_are_reported(
    scene: Scene, uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    meeting = scene.meetings[0]
    other = new_client(uow, actor, location, clock, "Virta Ville")
    item = meetings.add_to_agenda(
        uow(), meeting.id, propose(uow, actor, other, days_ago=1), slot_minutes=61, actor=actor
    )
    view = meetings.agenda(uow(), meeting.id, actor=actor)
    assert view.not_fitting == (item.id,)
    assert [line.starts_at for line in view.lines] == [meeting.starts_at, None]


def test_propose_order_puts_follow_ups_first_then_deadline_then_wait(
    scene: Scene, uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    close_with_open_action(uow, scene, actor)
    second = scene.meetings[1].id
    waited = new_client(uow, actor, location, clock, "Odottava Olli")
    fresh = new_client(uow, actor, location, clock, "Uusi Urho")
    urgent = new_client(uow, actor, location, clock, "Kiireellinen Kaisa")
    for client_id, days, deadline in [
        (fresh, 1, None),
        (waited, 30, None),
        (urgent, 0, dt.date(2026, 12, 7)),
    ]:
        proposal_id = propose(uow, actor, client_id, days_ago=days, deadline=deadline)
        meetings.add_to_agenda(uow(), second, proposal_id, actor=actor)
    before = meetings.agenda(uow(), second, actor=actor)  # brings the follow-up back, last
    assert [line.item.kind for line in before.lines][-1] is ItemKind.FOLLOW_UP

    ordered = meetings.propose_order(uow(), second, actor=actor, clock=clock)
    after = meetings.agenda(uow(), second, actor=actor)
    assert [line.item.id for line in after.lines] == ordered
    assert [line.item.kind for line in after.lines] == [ItemKind.FOLLOW_UP] + [ItemKind.CLIENT] * 3
    assert [line.client.id for line in after.lines[1:]] == [urgent, waited, fresh]
    assert [line.item.position for line in after.lines] == [0, 1, 2, 3]


# Meeting mode --------------------------------------------------------------------------


def test_a_decision_before_the_meeting_is_opened_is_refused(
    scene: Scene, uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    with pytest.raises(DomainError):
        meetings.record_decision(
            uow(), scene.item.id, DecisionKind.NO_ACTION, actor=actor, clock=clock
        )
    with pytest.raises(DomainError):
        meetings.add_action(
            uow(), scene.item.id, "Soita", scene.worker.id, dt.date(2026, 12, 1), actor=actor
        )
    with uow() as work:
        assert work.meetings.decisions(scene.meetings[0].id) == []
        work.commit()


def test_case_manager_agreed_names_them_and_replaces_the_previous_one(
    scene: Scene, uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    previous = directory_entry(uow, "Edellinen Eero")
    name_case_manager(uow(), scene.client_id, previous.id, "Sovittu", actor=actor, clock=clock)
    meetings.open_meeting(uow(), scene.meetings[0].id, actor=actor)
    decision = meetings.record_decision(
        uow(),
        scene.item.id,
        DecisionKind.CASE_MANAGER_AGREED,
        professional_id=scene.worker.id,
        note="Sovittu tiimissä",
        actor=actor,
        clock=clock,
    )
    assert decision.kind is DecisionKind.CASE_MANAGER_AGREED
    assert decision.professional_id == scene.worker.id

    network = open_network(uow(), scene.client_id, actor=actor)
    assert network.case_manager is not None
    assert network.case_manager.professional.id == scene.worker.id
    assert network.case_manager.assignment.interim is False
    ended = network.previous_case_manager
    assert ended is not None
    assert ended.professional.id == previous.id
    assert ended.assignment.end_reason is EndReason.REPLACED
    assert scene.worker.id in {m.professional.id for m in network.members if m.professional}
    view = meetings.agenda(uow(), scene.meetings[0].id, actor=actor)
    assert [d.id for d in view.decisions] == [decision.id]


def test_case_manager_agreed_needs_the_professional(
    scene: Scene, uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    meetings.open_meeting(uow(), scene.meetings[0].id, actor=actor)
    with pytest.raises(InvalidInput) as refused:
        meetings.record_decision(
            uow(), scene.item.id, DecisionKind.CASE_MANAGER_AGREED, actor=actor, clock=clock
        )
    assert set(refused.value.fields) == {"target"}


def test_an_action_is_stored_on_the_item(scene: Scene, uow: Uow, actor: Staff) -> None:
    meetings.open_meeting(uow(), scene.meetings[0].id, actor=actor)
    action = meetings.add_action(
        uow(),
        scene.item.id,
        "  Selvitä asumistuki ",
        scene.worker.id,
        dt.date(2026, 12, 10),
        actor=actor,
    )
    assert action.what == "Selvitä asumistuki"
    assert action.state is ActionState.OPEN
    assert action.client_id == scene.client_id
    view = meetings.agenda(uow(), scene.meetings[0].id, actor=actor)
    assert [a.id for a in view.actions] == [action.id]
    with pytest.raises(InvalidInput) as refused:
        meetings.add_action(
            uow(), scene.item.id, " ", scene.worker.id, dt.date(2026, 12, 10), actor=actor
        )
    assert set(refused.value.fields) == {"what"}


def test_closing_marks_proposals_handled_and_stores_the_minutes(
    scene: Scene, uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    meetings.open_meeting(uow(), scene.meetings[0].id, actor=actor)
    meetings.record_decision(uow(), scene.item.id, DecisionKind.NO_ACTION, actor=actor, clock=clock)
    closed = meetings.close_meeting(uow(), scene.meetings[0].id, "Päätetty.", actor=actor)
    assert closed.meeting.state is MeetingState.CLOSED
    with uow() as work:
        stored = work.meetings.get_meeting(scene.meetings[0].id)
        proposal = work.meetings.get_proposal(scene.proposal_id)
        work.commit()
    assert stored.state is MeetingState.CLOSED
    assert stored.minutes == "Päätetty."
    assert proposal.handled is True
    assert backlog_clients(uow, scene.team.id, actor, clock) == []


def test_closing_returns_the_items_not_discussed_to_the_backlog_with_a_reason(
    scene: Scene, uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    first = scene.meetings[0].id
    other = new_client(uow, actor, location, clock, "Korhonen Kari")
    waiting = propose(uow, actor, other, days_ago=10)
    meetings.add_to_agenda(uow(), first, waiting, actor=actor)
    meetings.open_meeting(uow(), first, actor=actor)
    meetings.record_decision(
        uow(), scene.item.id, DecisionKind.NO_ACTION, note="Tilanne selvä", actor=actor, clock=clock
    )

    closed = meetings.close_meeting(uow(), first, "Pöytäkirja.", actor=actor)

    # The item with a decision is handled; the one nobody discussed waits for the next.
    assert closed.returned == (other,)
    with uow() as work:
        handled = work.meetings.get_proposal(scene.proposal_id)
        back = work.meetings.get_proposal(waiting)
        stored = work.meetings.get_meeting(first)
        work.commit()
    assert (handled.scheduled, handled.handled) == (True, True)
    assert (back.scheduled, back.handled) == (False, False)
    assert backlog_clients(uow, scene.team.id, actor, clock) == [other]
    # The minutes say why the item is not decided: it was not discussed.
    assert stored.minutes.startswith("Pöytäkirja.")
    assert tr("meetings.returned_minutes", items="2") in stored.minutes
    # It can go on the next agenda as any waiting proposal.
    meetings.add_to_agenda(uow(), scene.meetings[1].id, waiting, actor=actor)


def test_closing_a_meeting_that_was_never_opened_is_refused(
    scene: Scene, uow: Uow, actor: Staff
) -> None:
    with pytest.raises(DomainError):
        meetings.close_meeting(uow(), scene.meetings[0].id, "Ei", actor=actor)
    with uow() as work:
        assert work.meetings.get_meeting(scene.meetings[0].id).state is MeetingState.PLANNED
        work.commit()


def test_a_closed_meeting_refuses_every_change(
    scene: Scene, uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    first = scene.meetings[0].id
    close_with_open_action(uow, scene, actor)
    other = new_client(uow, actor, location, clock, "Virta Ville")
    proposal_id = propose(uow, actor, other, days_ago=0)
    attempts: list[Callable[[], object]] = [
        lambda: meetings.add_to_agenda(uow(), first, proposal_id, actor=actor),
        lambda: meetings.remove_from_agenda(uow(), scene.item.id, actor=actor),
        lambda: meetings.set_slot(uow(), scene.item.id, 10, actor=actor),
        lambda: meetings.move_item(uow(), scene.item.id, 1, actor=actor),
        lambda: meetings.propose_order(uow(), first, actor=actor, clock=clock),
        lambda: meetings.set_invitees(uow(), scene.item.id, frozenset(), actor=actor),
        lambda: meetings.open_meeting(uow(), first, actor=actor),
        lambda: meetings.close_meeting(uow(), first, "Uudet", actor=actor),
        lambda: meetings.record_attendance(uow(), first, scene.worker.id, True, actor=actor),
        lambda: meetings.record_decision(
            uow(), scene.item.id, DecisionKind.NO_ACTION, actor=actor, clock=clock
        ),
        lambda: meetings.add_action(
            uow(), scene.item.id, "Soita", scene.worker.id, dt.date(2026, 12, 1), actor=actor
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError):
            attempt()
    view = meetings.agenda(uow(), first, actor=actor)
    assert [line.item.id for line in view.lines] == [scene.item.id]
    assert view.lines[0].item.slot_minutes == 30
    assert view.meeting.minutes == "Asumistuki selvitetään."
    assert view.decisions == ()
    assert len(view.actions) == 1


# Follow-up -----------------------------------------------------------------------------


def test_an_open_action_comes_back_once_on_the_next_meeting(
    scene: Scene, uow: Uow, actor: Staff
) -> None:
    action_id = close_with_open_action(uow, scene, actor)
    second = scene.meetings[1].id
    view = meetings.agenda(uow(), second, actor=actor)
    assert len(view.lines) == 1
    line = view.lines[0]
    assert line.item.kind is ItemKind.FOLLOW_UP
    assert line.item.action_id == action_id
    assert line.item.slot_minutes == FOLLOW_UP_MINUTES
    assert line.item.question == "Selvitä asumistuki"
    assert line.client.id == scene.client_id
    assert line.action is not None and line.action.id == action_id

    again = meetings.agenda(uow(), second, actor=actor)
    assert [x.item.id for x in again.lines] == [line.item.id]
    first_view = meetings.agenda(uow(), scene.meetings[0].id, actor=actor)
    assert [x.item.kind for x in first_view.lines] == [ItemKind.CLIENT]


def test_a_done_action_does_not_come_back(scene: Scene, uow: Uow, actor: Staff) -> None:
    action_id = close_with_open_action(uow, scene, actor)
    meetings.complete_action(uow(), action_id, actor=actor)
    assert meetings.agenda(uow(), scene.meetings[1].id, actor=actor).lines == ()


def test_carrying_an_action_to_a_later_meeting_says_why(
    scene: Scene, uow: Uow, actor: Staff
) -> None:
    action_id = close_with_open_action(uow, scene, actor)
    third = scene.meetings[2].id
    item = meetings.carry_action(uow(), action_id, CarryReason.NOT_DONE, third, actor=actor)
    assert item.meeting_id == third
    assert item.kind is ItemKind.FOLLOW_UP
    # The reason is kept with the carried copy, not typed into the question: the next
    # agenda says it in its reader's language, with the owner and the due date.
    assert item.question == "Selvitä asumistuki"
    with uow() as work:
        old = work.meetings.get_action(action_id)
        assert item.action_id is not None
        new = work.meetings.get_action(item.action_id)
        work.commit()
    assert old.state is ActionState.CARRIED
    assert old.carry_reason is CarryReason.NOT_DONE
    assert new.id != old.id
    assert new.state is ActionState.OPEN
    assert (new.what, new.owner_id, new.due) == (old.what, old.owner_id, old.due)
    assert new.carry_reason is CarryReason.NOT_DONE
    view = meetings.agenda(uow(), third, actor=actor)
    assert [line.item.id for line in view.lines] == [item.id]


def test_carrying_to_an_earlier_or_the_same_meeting_is_refused(
    scene: Scene, uow: Uow, actor: Staff
) -> None:
    second = scene.meetings[1].id
    meetings.open_meeting(uow(), scene.meetings[0].id, actor=actor)
    meetings.close_meeting(uow(), scene.meetings[0].id, "", actor=actor)
    later_item_proposal = propose(uow, actor, scene.client_id, days_ago=0)
    later_item = meetings.add_to_agenda(uow(), second, later_item_proposal, actor=actor)
    meetings.open_meeting(uow(), second, actor=actor)
    action = meetings.add_action(
        uow(), later_item.id, "Soita", scene.worker.id, dt.date(2026, 12, 20), actor=actor
    )
    with pytest.raises(DomainError) as closed:
        meetings.carry_action(
            uow(), action.id, CarryReason.NOT_DONE, scene.meetings[0].id, actor=actor
        )
    assert not isinstance(closed.value, InvalidInput)  # the earlier one is closed
    with pytest.raises(InvalidInput) as same:
        meetings.carry_action(uow(), action.id, CarryReason.NOT_DONE, second, actor=actor)
    assert set(same.value.fields) == {"meeting"}
    with uow() as work:
        assert work.meetings.get_action(action.id).state is ActionState.OPEN
        work.commit()


def test_carrying_to_an_earlier_planned_meeting_is_refused_with_the_meeting_field(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    _, planned = team_with_series(uow, actor)
    client_id = new_client(uow, actor, location, clock, "Laine Liisa")
    item = meetings.add_to_agenda(
        uow(), planned[2].id, propose(uow, actor, client_id, days_ago=0), actor=actor
    )
    worker = directory_entry(uow, "Sosiaalityöntekijä Sanni")
    meetings.open_meeting(uow(), planned[2].id, actor=actor)
    action = meetings.add_action(
        uow(), item.id, "Soita", worker.id, dt.date(2026, 12, 20), actor=actor
    )
    with pytest.raises(InvalidInput) as refused:
        meetings.carry_action(uow(), action.id, CarryReason.NOT_DONE, planned[1].id, actor=actor)
    assert set(refused.value.fields) == {"meeting"}
    with uow() as work:
        assert work.meetings.get_action(action.id).state is ActionState.OPEN
        assert work.meetings.items(planned[1].id) == []
        work.commit()


def test_a_carried_action_comes_back_only_on_the_meeting_it_was_carried_to(
    scene: Scene, uow: Uow, actor: Staff
) -> None:
    action_id = close_with_open_action(uow, scene, actor)
    second, third = scene.meetings[1].id, scene.meetings[2].id
    assert len(meetings.agenda(uow(), second, actor=actor).lines) == 1
    meetings.open_meeting(uow(), second, actor=actor)
    meetings.carry_action(uow(), action_id, CarryReason.NOT_DONE, third, actor=actor)
    view = meetings.agenda(uow(), second, actor=actor)
    assert len(view.lines) == 1


# From the intake ---------------------------------------------------------------------


def test_a_moti_intake_outcome_puts_the_client_in_every_teams_backlog(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    first_team, _ = team_with_series(uow, actor)
    second_team = meetings.create_team(uow(), "MOTI Imatra", "", actor=actor)
    visit = reception.register_walk_in(
        uow(), WalkInInput(name="Laine Liisa"), actor=actor, location=location, clock=clock
    )
    visit = reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    content = IntakeContent(outcome=OutcomeKind.MOTI, moti_question="Kuka koordinoi?")
    finish_intake(uow(), visit.id, content, actor=actor, clock=clock)
    for team in (first_team, second_team):
        lines = meetings.backlog(uow(), team.id, actor=actor, clock=clock)
        assert [line.client.id for line in lines] == [visit.client_id]
        assert lines[0].proposal.team_id is None
        assert lines[0].proposal.question == "Kuka koordinoi?"
        assert lines[0].proposal.proposed_by == actor.id


@pytest.mark.parametrize("outcome", [OutcomeKind.MOTI, OutcomeKind.COORDINATOR])
def test_an_unidentified_visitor_whose_outcome_needs_follow_up_becomes_a_client(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock, outcome: OutcomeKind
) -> None:
    """R1: no name is needed; a proposal and an interim case manager need a client."""
    team, _ = team_with_series(uow, actor)
    visit = reception.register_walk_in(
        uow(), WalkInInput(), actor=actor, location=location, clock=clock
    )
    assert visit.client_id is None
    visit = reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    content = IntakeContent(outcome=outcome, moti_question="Kuka koordinoi?")

    result = finish_intake(uow(), visit.id, content, actor=actor, clock=clock)

    client_id = result.visit.client_id
    assert client_id is not None
    assert result.record.client_id == client_id
    assert result.interim_case_manager is True
    with uow() as work:
        client = work.clients.get(client_id)
        assert work.visits.get(visit.id).client_id == client_id
        work.commit()
    assert (client.name, client.hetu, client.birth_year) == (None, None, None)
    lines = meetings.backlog(uow(), team.id, actor=actor, clock=clock)
    if outcome is OutcomeKind.MOTI:
        assert [(line.client.id, line.proposal.question) for line in lines] == [
            (client_id, "Kuka koordinoi?")
        ]
    else:
        assert lines == []


def test_correcting_an_unidentified_visit_to_moti_proposes_the_new_client(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    team, _ = team_with_series(uow, actor)
    visit = reception.register_walk_in(
        uow(), WalkInInput(), actor=actor, location=location, clock=clock
    )
    visit = reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    finish_intake(
        uow(), visit.id, IntakeContent(outcome=OutcomeKind.ADVICE), actor=actor, clock=clock
    )
    content = IntakeContent(outcome=OutcomeKind.MOTI, moti_question="Kuka koordinoi?")

    result = correct_intake(uow(), visit.id, content, actor=actor, clock=clock, seen_record=1)

    assert result.record.client_id is not None
    lines = meetings.backlog(uow(), team.id, actor=actor, clock=clock)
    assert [line.client.id for line in lines] == [result.record.client_id]


def test_another_intake_outcome_proposes_nothing(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    team, _ = team_with_series(uow, actor)
    visit = reception.register_walk_in(
        uow(), WalkInInput(name="Laine Liisa"), actor=actor, location=location, clock=clock
    )
    visit = reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    content = IntakeContent(outcome=OutcomeKind.ADVICE, moti_question="Ei kuulu")
    finish_intake(uow(), visit.id, content, actor=actor, clock=clock)
    assert meetings.backlog(uow(), team.id, actor=actor, clock=clock) == []


# The access log ----------------------------------------------------------------------


def test_reading_and_changing_the_agenda_is_logged_for_the_client(
    scene: Scene,
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    before = logged(session_factory, scene.client_id)
    assert AccessAction.MEETING_UPDATED.value in before  # proposing and adding to the agenda
    meetings.agenda(uow(), scene.meetings[0].id, actor=actor)
    meetings.backlog(uow(), scene.team.id, actor=actor, clock=clock)
    after_reads = logged(session_factory, scene.client_id)
    assert after_reads[len(before) :] == [AccessAction.MEETING_READ.value]
    meetings.set_invitees(uow(), scene.item.id, frozenset({scene.worker.id}), actor=actor)
    assert logged(session_factory, scene.client_id)[len(after_reads) :] == [
        AccessAction.MEETING_UPDATED.value
    ]


def test_an_action_already_carried_cannot_be_carried_again(
    scene: Scene, uow: Uow, actor: Staff
) -> None:
    action_id = close_with_open_action(uow, scene, actor)
    third = scene.meetings[2].id
    meetings.carry_action(uow(), action_id, CarryReason.NOT_DONE, third, actor=actor)
    with pytest.raises(DomainError):
        meetings.carry_action(uow(), action_id, CarryReason.NOT_DONE, third, actor=actor)


def test_a_proposal_on_one_agenda_cannot_be_added_to_another(
    scene: Scene, uow: Uow, actor: Staff
) -> None:
    with pytest.raises(DomainError):
        meetings.add_to_agenda(uow(), scene.meetings[1].id, scene.proposal_id, actor=actor)
