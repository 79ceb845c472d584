"""Roles in the use cases, on a real database: who sees which client, and what a refusal leaves.

The matrix itself is ``tests/unit/test_access_matrix.py``; here the ties come
from stored data (today's queue, the network, the team's backlog), and every
refusal must leave nothing written and nothing logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from domain.access import AccessDenied
from domain.clock import FixedClock
from domain.need_assessment import DeadlineRules
from domain.network import ProfessionalInput
from domain.reports import Period
from domain.sectors import Sector
from domain.staff import Location, Staff, StaffRole
from domain.use_cases import accounts, coordination, meetings, reception
from domain.use_cases.indicators import build_report
from domain.use_cases.need_assessment import deadlines_for, make_pending
from domain.use_cases.summary import client_summary
from domain.visits import Visit
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow, CaseManagerRow
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]
DAY = dt.timedelta(days=1)


def staff(uow: Uow, name: str, role: StaffRole, clock: FixedClock) -> Staff:
    with uow() as work:
        made = work.staff.add_account(name, role, "not-a-real-hash", at=clock.now())
        work.commit()
    return made


@pytest.fixture
def roles(uow: Uow, clock: FixedClock) -> dict[StaffRole, Staff]:
    return {
        role: staff(uow, f"Testi {role.value}", role, clock)
        for role in (StaffRole.RECEPTION, StaffRole.LEAD, StaffRole.ADMIN)
    } | {StaffRole.COORDINATOR: staff(uow, "Koordinaattori Kaisa", StaffRole.COORDINATOR, clock)}


def logged(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(AccessEventRow)) or 0


def client_seen_yesterday(
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    *,
    name: str = "Aino Asiakas",
) -> int:
    """A client whose only visit was yesterday, with someone else as case manager."""
    yesterday = FixedClock(clock.now() - DAY)
    visit = reception.register_walk_in(
        SqlUnitOfWork(session_factory, yesterday),
        WalkInInput(name=name, birth_year="1980", reason="Asumisasia"),
        actor=actor,
        location=location,
        clock=yesterday,
    )
    assert visit.client_id is not None
    other = coordination.save_professional(
        SqlUnitOfWork(session_factory, yesterday),
        ProfessionalInput(name="Muu Työntekijä", organisation="Kaupunki", sector=Sector.SOCIAL),
        actor=actor,
    )
    coordination.name_case_manager(
        SqlUnitOfWork(session_factory, yesterday),
        visit.client_id,
        other.id,
        "Sovittu",
        actor=actor,
        clock=yesterday,
    )
    return visit.client_id


def walk_in_today(
    uow: Uow, clock: FixedClock, actor: Staff, location: Location, client_id: int
) -> Visit:
    return reception.register_walk_in(
        uow(),
        WalkInInput(client_id=client_id, reason="Uusi käynti"),
        actor=actor,
        location=location,
        clock=clock,
    )


# --- reception --------------------------------------------------------------------


def test_reception_reads_notes_only_while_the_client_is_in_todays_queue(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    desk = roles[StaffRole.RECEPTION]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    before = logged(session_factory)

    with pytest.raises(AccessDenied, match="tämän päivän jonossa"):
        client_summary(uow(), client_id, actor=desk)
    assert logged(session_factory) == before  # a refusal reads nothing, logs nothing

    walk_in_today(uow, clock, desk, location, client_id)
    summary = client_summary(uow(), client_id, actor=desk)
    assert [line.visit.reason for line in summary.visits] == ["Uusi käynti", "Asumisasia"]


def test_reception_finds_anyone_to_register_but_does_not_map_networks(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    desk = roles[StaffRole.RECEPTION]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    assert [c.id for c in reception.search_clients(uow(), "aino", actor=desk)] == [client_id]
    walk_in_today(uow, clock, desk, location, client_id)
    with pytest.raises(AccessDenied, match="Vastaanotto"):
        coordination.open_network(uow(), client_id, actor=desk)


def test_reception_sees_yesterdays_queue_no_more(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    queue = reception.todays_queue(
        uow(), actor=roles[StaffRole.RECEPTION], location=location, clock=clock
    )
    assert all(entry.visit.client_id != client_id for entry in queue)


# --- coordinators -----------------------------------------------------------------


def test_a_coordinator_does_not_open_someone_elses_client(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    kaisa = roles[StaffRole.COORDINATOR]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    before = logged(session_factory)
    with pytest.raises(AccessDenied, match="ei ole asiakkuuksissasi"):
        coordination.open_network(uow(), client_id, actor=kaisa)
    with pytest.raises(AccessDenied):
        client_summary(uow(), client_id, actor=kaisa)
    assert logged(session_factory) == before


def test_naming_oneself_does_not_open_a_client_one_could_not_open(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    kaisa = roles[StaffRole.COORDINATOR]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    own = coordination.my_professional(uow(), kaisa, "Kaupunki")
    with pytest.raises(AccessDenied):
        coordination.name_case_manager(
            uow(), client_id, own.id, "Sovittu", actor=kaisa, clock=clock
        )
    with session_factory() as session:
        managers = session.scalars(
            select(CaseManagerRow.professional_id).where(
                CaseManagerRow.client_id == client_id, CaseManagerRow.ended_at.is_(None)
            )
        ).all()
    assert own.id not in managers


def test_a_client_in_the_coordinators_network_is_theirs(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    kaisa = roles[StaffRole.COORDINATOR]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    own = coordination.my_professional(uow(), kaisa, "Kaupunki")
    with uow() as work:
        work.network.ensure_member(client_id, own.id, clock.now().date())
        work.commit()
    network = coordination.open_network(uow(), client_id, actor=kaisa)
    assert network.client.id == client_id


def test_a_client_on_the_coordinators_team_backlog_is_within_reach(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    kaisa = roles[StaffRole.COORDINATOR]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    own = coordination.my_professional(uow(), kaisa, "Kaupunki")
    mine = meetings.create_team(uow(), "Kaisan MOTI", actor=kaisa)
    other = meetings.create_team(uow(), "Toinen MOTI", actor=kaisa)
    meetings.add_team_member(uow(), mine.id, own.id, actor=kaisa)

    meetings.propose_to_team(
        uow(), client_id, "Kuka vastaa?", team_id=other.id, actor=actor, clock=clock
    )
    with pytest.raises(AccessDenied):
        client_summary(uow(), client_id, actor=kaisa)

    meetings.propose_to_team(
        uow(), client_id, "Kuka vastaa?", team_id=mine.id, actor=actor, clock=clock
    )
    assert client_summary(uow(), client_id, actor=kaisa).client.id == client_id


def test_the_deadline_list_shows_a_coordinator_only_clients_within_reach(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    kaisa = roles[StaffRole.COORDINATOR]
    theirs = client_seen_yesterday(session_factory, clock, actor, location)
    rules = DeadlineRules()
    make_pending(uow(), theirs, clock.now().date() - 20 * DAY, rules, actor=actor, clock=clock)
    own = coordination.my_professional(uow(), kaisa, "Kaupunki")
    with uow() as work:
        work.network.ensure_member(theirs, own.id, clock.now().date())
        work.commit()
    other = client_seen_yesterday(session_factory, clock, actor, location, name="Bertta Muu")
    make_pending(uow(), other, clock.now().date() - 20 * DAY, rules, actor=actor, clock=clock)

    everyone = {
        line.client_id
        for line in deadlines_for(uow(), None, clock.now().date(), rules, actor=actor)
    }
    assert everyone == {theirs, other}  # the creator named both case managers
    listed = deadlines_for(uow(), None, clock.now().date(), rules, actor=kaisa)
    assert [line.client_id for line in listed] == [theirs]


# --- leads and administrators -------------------------------------------------------


def test_a_lead_reads_reports_but_no_client(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    lead = roles[StaffRole.LEAD]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    report = build_report(
        uow(),
        Period.month_of(clock.now().date()),
        team_id=None,
        clock=clock,
        actor=lead,
        trend_length=1,
    )
    assert report.figures
    with pytest.raises(AccessDenied, match="Esihenkilö"):
        reception.todays_queue(uow(), actor=lead, location=location, clock=clock)
    with pytest.raises(AccessDenied):
        client_summary(uow(), client_id, actor=lead)
    with pytest.raises(AccessDenied):
        reception.search_clients(uow(), "aino", actor=lead)


def test_an_administrator_manages_accounts_but_reads_no_client(
    uow: Uow,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    actor: Staff,
    location: Location,
    roles: dict[StaffRole, Staff],
) -> None:
    admin = roles[StaffRole.ADMIN]
    client_id = client_seen_yesterday(session_factory, clock, actor, location)
    names = {account.staff.name for account in accounts.list_accounts(uow(), actor=admin)}
    assert "Testi reception" in names
    for read in (
        lambda: client_summary(uow(), client_id, actor=admin),
        lambda: coordination.open_network(uow(), client_id, actor=admin),
        lambda: reception.todays_queue(uow(), actor=admin, location=location, clock=clock),
    ):
        with pytest.raises(AccessDenied, match="Pääkäyttäjä"):
            read()
    with pytest.raises(AccessDenied):
        build_report(
            uow(), Period.month_of(clock.now().date()), team_id=None, clock=clock, actor=admin
        )
