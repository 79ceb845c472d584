"""MOTI keeps the service path (issue 19, item 3) on SQLite and PostgreSQL.

The statutory deadline travels from a pending service need assessment into the
proposal and orders the backlog; the proposal says who referred the client;
the client and close people take part, own actions and have their view
recorded; undiscussed items go back with a reason; the minutes are read and
exported only after closing; a carried action says who, by when and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain import meetings
from domain.agenda_text import agenda_markdown, meeting_minutes
from domain.audit import AccessAction
from domain.clock import HELSINKI, FixedClock
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.moti import (
    CarryReason,
    Meeting,
    OwnerKind,
    ParticipantKind,
    Referrer,
    ReturnReason,
    Team,
)
from domain.need_assessment import DeadlineRules
from domain.network import MemberInput, Professional, ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import meetings as meetings_cases
from domain.use_cases.agenda_text import export_agenda_view
from domain.use_cases.coordination import save_member
from domain.use_cases.need_assessment import make_pending, mark_started
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client

Uow = Callable[[], SqlUnitOfWork]
FIRST_START = dt.datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI)
RULES = DeadlineRules()


def new_client(uow: Uow, actor: Staff, location: Location, clock: FixedClock, name: str) -> int:
    return walk_in_client(uow, actor, location, clock, name=name)


def worker(uow: Uow, name: str) -> Professional:
    with uow() as work:
        professional = work.professionals.add(
            ProfessionalInput(
                name=name,
                title="Sosiaaliohjaaja",
                organisation="Aikuissosiaalityö",
                sector=Sector.SOCIAL,
            )
        )
        work.commit()
    return professional


def team(uow: Uow, actor: Staff) -> tuple[Team, list[Meeting]]:
    created = meetings_cases.create_team(uow(), "MOTI Imatra", actor=actor)
    planned = meetings_cases.plan_meetings(uow(), created.id, FIRST_START, 90, count=3, actor=actor)
    return created, planned


def propose(uow: Uow, actor: Staff, clock: FixedClock, client_id: int, **extra: object) -> int:
    proposal = meetings_cases.propose_to_team(
        uow(),
        client_id,
        "Kuka auttaa?",
        team_id=None,
        actor=actor,
        clock=clock,
        **extra,  # type: ignore[arg-type]
    )
    return proposal.id


def logged(session_factory: sessionmaker[Session], client_id: int) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.action)
                .where(AccessEventRow.client_id == client_id)
                .order_by(AccessEventRow.id)
            )
        )


# The statutory deadline and the referrer -------------------------------------------


def test_a_pending_assessment_carries_its_due_date_into_the_proposal(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = new_client(uow, actor, location, clock, "Laine Liisa")
    pending = make_pending(uow(), client_id, None, RULES, actor=actor, clock=clock)
    proposal_id = propose(uow, actor, clock, client_id)
    with uow() as work:
        assert work.meetings.get_proposal(proposal_id).deadline == pending.due_on
        work.commit()


def test_a_started_assessment_gives_no_deadline_and_a_typed_one_wins(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    started = new_client(uow, actor, location, clock, "Aalto Aino")
    pending = make_pending(uow(), started, None, RULES, actor=actor, clock=clock)
    mark_started(uow(), pending.id, None, pending.version, actor=actor, clock=clock)
    typed = new_client(uow, actor, location, clock, "Berg Bo")
    make_pending(uow(), typed, None, RULES, actor=actor, clock=clock)
    first = propose(uow, actor, clock, started)
    second = propose(uow, actor, clock, typed, deadline=dt.date(2027, 1, 15))
    with uow() as work:
        assert work.meetings.get_proposal(first).deadline is None
        assert work.meetings.get_proposal(second).deadline == dt.date(2027, 1, 15)
        work.commit()


def test_the_backlog_and_the_agenda_order_put_the_earliest_due_first_overdue_in_words(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    created, planned = team(uow, actor)
    waited = new_client(uow, actor, location, clock, "Odottaja Olli")
    early = FixedClock(clock.now() - dt.timedelta(days=30))
    propose(uow, actor, early, waited)
    late_since = clock.now().astimezone(HELSINKI).date() - dt.timedelta(days=30)
    overdue = new_client(uow, actor, location, clock, "Myöhässä Maija")
    make_pending(uow(), overdue, late_since, RULES, actor=actor, clock=clock)
    propose(uow, actor, clock, overdue, referred_by=Referrer.KELA)
    lines = meetings_cases.backlog(uow(), created.id, actor=actor, clock=clock)
    assert [line.client.id for line in lines] == [overdue, waited]
    assert lines[0].overdue and not lines[1].overdue
    assert tr("need_assessment.overdue", days=1)[:4] in lines[0].deadline_status
    assert lines[0].proposal.referred_by is Referrer.KELA
    assert lines[1].deadline_status == ""
    for line in lines:
        meetings_cases.add_to_agenda(uow(), planned[0].id, line.proposal.id, actor=actor)
    meetings_cases.move_item(
        uow(),
        meetings_cases.agenda(uow(), planned[0].id, actor=actor).lines[0].item.id,
        1,
        actor=actor,
    )
    meetings_cases.propose_order(uow(), planned[0].id, actor=actor, clock=clock)
    view = meetings_cases.agenda(uow(), planned[0].id, actor=actor)
    assert [line.client.id for line in view.lines] == [overdue, waited]
    assert view.lines[0].proposal is not None
    assert view.lines[0].proposal.referred_by is Referrer.KELA
    text = agenda_markdown(view, pseudonymous=True)
    assert tr("agenda_text.referred_by", referrer=Referrer.KELA.label) in text


# The client and close people -------------------------------------------------------


class Opened:
    """An open meeting with one client on it, who has a close person in the network."""

    def __init__(self, uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> None:
        self.team, self.meetings = team(uow, actor)
        self.client_id = new_client(uow, actor, location, clock, "Laine Liisa")
        save_member(
            uow(),
            MemberInput(client_id=self.client_id, close_name="Laine Lauri", relation="puoliso"),
            actor=actor,
        )
        self.proposal_id = propose(uow, actor, clock, self.client_id)
        self.item = meetings_cases.add_to_agenda(
            uow(), self.meetings[0].id, self.proposal_id, actor=actor
        )
        meetings_cases.open_meeting(uow(), self.meetings[0].id, actor=actor)
        self.worker = worker(uow, "Ohjaaja Olga")


@pytest.fixture
def opened(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> Opened:
    return Opened(uow, actor, location, clock)


def test_the_client_and_close_people_are_recorded_as_participants_and_logged(
    opened: Opened,
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    meeting_id = opened.meetings[0].id
    choices = meetings_cases.participant_choices(uow(), meeting_id, actor=actor, clock=clock)
    assert [(c.client.id, c.close_people) for c in choices] == [
        (opened.client_id, ("Laine Lauri",))
    ]
    before = len(logged(session_factory, opened.client_id))
    meetings_cases.record_participant(
        uow(), meeting_id, opened.client_id, ParticipantKind.CLIENT, True, actor=actor
    )
    meetings_cases.record_participant(
        uow(),
        meeting_id,
        opened.client_id,
        ParticipantKind.CLOSE_PERSON,
        True,
        name="Laine Lauri",
        actor=actor,
    )
    # Marked again: the same person is one row, now absent.
    meetings_cases.record_participant(
        uow(),
        meeting_id,
        opened.client_id,
        ParticipantKind.CLOSE_PERSON,
        False,
        name="Laine Lauri",
        actor=actor,
    )
    view = meetings_cases.agenda(uow(), meeting_id, actor=actor)
    assert sorted((p.kind, p.name, p.present) for p in view.participants) == [
        (ParticipantKind.CLIENT, "", True),
        (ParticipantKind.CLOSE_PERSON, "Laine Lauri", False),
    ]
    actions = logged(session_factory, opened.client_id)[before:]
    assert actions.count(AccessAction.MEETING_UPDATED.value) == 3


def test_a_participant_must_be_on_the_agenda_and_a_close_person_named(
    opened: Opened, uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    other = new_client(uow, actor, location, clock, "Muu Mikko")
    with pytest.raises(DomainError):
        meetings_cases.record_participant(
            uow(), opened.meetings[0].id, other, ParticipantKind.CLIENT, True, actor=actor
        )
    with pytest.raises(InvalidInput) as refused:
        meetings_cases.record_participant(
            uow(),
            opened.meetings[0].id,
            opened.client_id,
            ParticipantKind.CLOSE_PERSON,
            True,
            name="  ",
            actor=actor,
        )
    assert "name" in refused.value.fields


def test_the_client_and_a_close_person_can_own_actions(
    opened: Opened, uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    due = dt.date(2026, 11, 20)  # already past: shows on the overdue list
    mine = meetings_cases.add_action(
        uow(),
        opened.item.id,
        "Hae asumistukea",
        None,
        due,
        owner_kind=OwnerKind.CLIENT,
        actor=actor,
    )
    theirs = meetings_cases.add_action(
        uow(),
        opened.item.id,
        "Tule mukaan Kelaan",
        None,
        due,
        owner_kind=OwnerKind.CLOSE_PERSON,
        owner_name="Laine Lauri",
        actor=actor,
    )
    assert (mine.owner_id, mine.owner_kind) == (None, OwnerKind.CLIENT)
    assert (theirs.owner_kind, theirs.owner_name) == (OwnerKind.CLOSE_PERSON, "Laine Lauri")
    lines = meetings_cases.overdue_lines(uow(), opened.team.id, actor=actor, clock=clock)
    assert sorted(line.owner_label for line in lines) == sorted(
        [tr("moti.owner.client"), "Laine Lauri"]
    )
    with pytest.raises(InvalidInput) as refused:
        meetings_cases.add_action(
            uow(),
            opened.item.id,
            "Soita",
            None,
            due,
            owner_kind=OwnerKind.CLOSE_PERSON,
            actor=actor,
        )
    assert "owner" in refused.value.fields
    with pytest.raises(InvalidInput):
        meetings_cases.add_action(uow(), opened.item.id, "Soita", None, due, actor=actor)


def test_the_clients_view_is_kept_and_makes_the_item_discussed(
    opened: Opened, uow: Uow, actor: Staff
) -> None:
    saved = meetings_cases.record_client_view(
        uow(), opened.item.id, "  Haluan ensin  asunnon. ", actor=actor
    )
    assert saved.client_view == "Haluan ensin asunnon."
    closed = meetings_cases.close_meeting(uow(), opened.meetings[0].id, "", actor=actor)
    assert closed.returned == ()
    with uow() as work:
        assert work.meetings.get_proposal(opened.proposal_id).handled
        work.commit()
    with pytest.raises(InvalidInput):
        meetings_cases.record_client_view(uow(), opened.item.id, "x" * 501, actor=actor)


# Closing: what went back, and the minutes ------------------------------------------


def test_an_undiscussed_item_goes_back_with_its_reason_and_note(
    opened: Opened, uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    meeting_id = opened.meetings[0].id
    view = meetings_cases.agenda(uow(), meeting_id, actor=actor)
    assert [line.item.id for line in meetings.undiscussed(view)] == [opened.item.id]
    with pytest.raises(InvalidInput):  # "other" must say what
        meetings_cases.close_meeting(
            uow(),
            meeting_id,
            "",
            returns={opened.item.id: (ReturnReason.OTHER, " ")},
            actor=actor,
        )
    meetings_cases.close_meeting(
        uow(),
        meeting_id,
        "",
        returns={opened.item.id: (ReturnReason.PERSON_ABSENT, "Tulkki ei päässyt")},
        actor=actor,
    )
    lines = meetings_cases.backlog(uow(), opened.team.id, actor=actor, clock=clock)
    assert [line.proposal.id for line in lines] == [opened.proposal_id]
    assert lines[0].proposal.return_reason is ReturnReason.PERSON_ABSENT
    assert lines[0].proposal.return_note == "Tulkki ei päässyt"
    minutes = meeting_minutes(meetings_cases.minutes_view(uow(), meeting_id, actor=actor))
    assert tr("agenda_text.returned", reason=ReturnReason.PERSON_ABSENT.label) in minutes


def test_an_item_closed_without_a_reason_went_back_as_not_reached(
    opened: Opened, uow: Uow, actor: Staff, clock: FixedClock
) -> None:
    meetings_cases.close_meeting(uow(), opened.meetings[0].id, "", actor=actor)
    lines = meetings_cases.backlog(uow(), opened.team.id, actor=actor, clock=clock)
    assert lines[0].proposal.return_reason is ReturnReason.NOT_REACHED


def test_the_minutes_are_read_and_exported_only_after_closing(
    opened: Opened, uow: Uow, actor: Staff, session_factory: sessionmaker[Session]
) -> None:
    meeting_id = opened.meetings[0].id
    with pytest.raises(DomainError):
        meetings_cases.minutes_view(uow(), meeting_id, actor=actor)
    with pytest.raises(DomainError):
        export_agenda_view(uow(), meeting_id, actor=actor, minutes=True)
    meetings_cases.record_participant(
        uow(), meeting_id, opened.client_id, ParticipantKind.CLIENT, True, actor=actor
    )
    meetings_cases.record_client_view(uow(), opened.item.id, "Asunto ensin", actor=actor)
    meetings_cases.add_action(
        uow(),
        opened.item.id,
        "Hae asumistukea",
        None,
        dt.date(2026, 12, 10),
        owner_kind=OwnerKind.CLOSE_PERSON,
        owner_name="Laine Lauri",
        actor=actor,
    )
    meetings_cases.close_meeting(uow(), meeting_id, "", actor=actor)
    before = len(logged(session_factory, opened.client_id))
    view = meetings_cases.minutes_view(uow(), meeting_id, actor=actor)
    assert logged(session_factory, opened.client_id)[before:] == [AccessAction.MEETING_READ.value]
    named = meeting_minutes(view)
    assert "Laine Liisa" in named and "Laine Lauri" in named
    assert tr("agenda_text.client_view", view="Asunto ensin") in named
    exported = export_agenda_view(uow(), meeting_id, actor=actor, minutes=True)
    outsiders = meeting_minutes(exported, pseudonymous=True)
    assert "Laine" not in outsiders
    assert tr("moti.owner.close_person") in outsiders


def test_a_carried_action_says_its_owner_due_date_and_reason_on_the_next_agenda(
    opened: Opened, uow: Uow, actor: Staff
) -> None:
    first, second = opened.meetings[0].id, opened.meetings[1].id
    action = meetings_cases.add_action(
        uow(),
        opened.item.id,
        "Selvitä velkaneuvonta",
        opened.worker.id,
        dt.date(2026, 12, 10),
        actor=actor,
    )
    meetings_cases.close_meeting(uow(), first, "", actor=actor)
    meetings_cases.carry_action(
        uow(), action.id, CarryReason.CIRCUMSTANCES_CHANGED, second, actor=actor
    )
    view = meetings_cases.agenda(uow(), second, actor=actor)
    carried = [line for line in view.lines if line.action is not None]
    assert len(carried) == 1
    assert carried[0].action is not None
    assert carried[0].action.carry_reason is CarryReason.CIRCUMSTANCES_CHANGED
    text = agenda_markdown(view, pseudonymous=False)
    assert "Ohjaaja Olga" in text and "10.12.2026" in text
    assert tr("agenda_text.carried", reason=CarryReason.CIRCUMSTANCES_CHANGED.label) in text
