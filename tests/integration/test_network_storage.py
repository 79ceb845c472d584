"""The client network and the one case manager (R4, R5, R6, R12) on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy
import sqlalchemy.orm.attributes
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

import storage.repositories.network
from domain.audit import AccessAction
from domain.case_management import ENDING_REASONS, CaseManagerAssignment, EndParticipants, EndReason
from domain.catalogue import ServiceInput
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput, NotFound, StaleVersion
from domain.i18n import tr
from domain.intake import IntakeContent, LifeDomain, OutcomeKind
from domain.network import (
    AssessmentInput,
    AssignmentView,
    MemberInput,
    NetworkMember,
    NetworkRole,
    PlanInput,
    PlanKind,
    Professional,
    ProfessionalInput,
)
from domain.network_warnings import WarningKind, network_warnings
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.catalogue import save_service
from domain.use_cases.contacts_card import contacts_card
from domain.use_cases.coordination import (
    add_assessment,
    add_plan,
    case_managers_with_caseloads,
    caseload,
    end_case_management,
    move_caseload,
    my_professional,
    name_case_manager,
    open_network,
    remove_member,
    save_member,
    save_professional,
    search_directory,
)
from domain.use_cases.interview import finish_intake
from domain.walk_in import WalkInInput
from storage.engine import build_engine, build_session_factory
from storage.orm import AccessEventRow, CaseManagerRow, ProfessionalRow
from storage.repositories.case_management import SqlCaseManagerRepository
from storage.repositories.network import SqlNetworkRepository
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client

Uow = Callable[[], SqlUnitOfWork]
TODAY = dt.date(2026, 11, 24)


# Helpers --------------------------------------------------------------------------


def new_client(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock, name: str = "Laine Liisa"
) -> int:
    """A client with one walk-in visit (so an active client, R6)."""
    return walk_in_client(uow, actor, location, clock, name=name)


def directory(
    uow: Uow,
    name: str,
    organisation: str = "Aikuissosiaalityö",
    *,
    title: str = "Sosiaaliohjaaja",
    sector: Sector = Sector.SOCIAL,
    **fields: Any,
) -> Professional:
    # The directory is kept by the same worker as the ``actor`` fixture.
    keeper = reception.identify_staff(uow(), "Vastaanotto Veera")
    return save_professional(
        uow(),
        ProfessionalInput(
            name=name, title=title, organisation=organisation, sector=sector, **fields
        ),
        actor=keeper,
    )


def add_member(
    uow: Uow, actor: Staff, client_id: int, who: Professional, *roles: NetworkRole, **fields: Any
) -> NetworkMember:
    return save_member(
        uow(),
        MemberInput(client_id=client_id, professional_id=who.id, roles=frozenset(roles), **fields),
        actor=actor,
    )


def assignment_rows(session_factory: sessionmaker[Session], client_id: int) -> list[CaseManagerRow]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(CaseManagerRow)
                .where(CaseManagerRow.client_id == client_id)
                .order_by(CaseManagerRow.id)
            )
        )


def active_rows(session_factory: sessionmaker[Session], client_id: int) -> list[CaseManagerRow]:
    return [row for row in assignment_rows(session_factory, client_id) if row.ended_at is None]


def actions_for(session_factory: sessionmaker[Session], client_id: int) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.action)
                .where(AccessEventRow.client_id == client_id)
                .order_by(AccessEventRow.id)
            )
        )


def count_rows(session_factory: sessionmaker[Session], row: type) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(row)) or 0


def member_professionals(uow: Uow, actor: Staff, client_id: int) -> list[int | None]:
    network = open_network(uow(), client_id, actor=actor)
    return [m.professional.id if m.professional else None for m in network.members]


@pytest.fixture
def aino(uow: Uow) -> Professional:
    return directory(
        uow,
        "Aino Asiakasvastaava",
        title="Asiakasvastaava",
        phone="040 123 4567",
        email="aino@example.fi",
    )


@pytest.fixture
def pekka(uow: Uow) -> Professional:
    return directory(
        uow, "Pekka Psykiatri", "Psykiatrian poliklinikka", title="Psykiatri", sector=Sector.HEALTH
    )


@pytest.fixture
def client_id(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> int:
    return new_client(uow, actor, location, clock)


# The directory --------------------------------------------------------------------


def test_the_same_professional_in_two_networks_is_one_row(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
    pekka: Professional,
) -> None:
    first = new_client(uow, actor, location, clock, "Laine Liisa")
    second = new_client(uow, actor, location, clock, "Korhonen Kari")
    add_member(uow, actor, first, pekka, NetworkRole.RESPONSIBLE_WORKER)
    add_member(uow, actor, second, pekka, responsibility="Lääkitys")
    assert count_rows(session_factory, ProfessionalRow) == 1
    assert member_professionals(uow, actor, first) == [pekka.id]
    assert member_professionals(uow, actor, second) == [pekka.id]

    # An edit of the directory entry shows in both networks.
    save_professional(
        uow(),
        ProfessionalInput(
            name=pekka.name,
            title=pekka.title,
            organisation=pekka.organisation,
            sector=pekka.sector,
            phone="05 616 1000",
            professional_id=pekka.id,
            seen_version=pekka.version,
        ),
        actor=actor,
    )
    for client in (first, second):
        (member,) = open_network(uow(), client, actor=actor).members
        assert member.professional is not None
        assert member.professional.phone == "05 616 1000"
    assert count_rows(session_factory, ProfessionalRow) == 1


def test_a_stale_directory_edit_is_refused(uow: Uow, actor: Staff, pekka: Professional) -> None:
    edit = ProfessionalInput(
        name=pekka.name,
        organisation="Psykiatrian poliklinikka",
        sector=pekka.sector,
        phone="05 616 1000",
        professional_id=pekka.id,
        seen_version=pekka.version,
    )
    saved = save_professional(uow(), edit, actor=actor)
    assert saved.version > pekka.version
    with pytest.raises(StaleVersion):
        save_professional(uow(), edit.model_copy(update={"phone": "040 000 0001"}), actor=actor)
    assert search_directory(uow(), "Pekka") == [saved]


def test_search_directory_by_name_fragment_title_and_organisation(
    uow: Uow, aino: Professional, pekka: Professional
) -> None:
    tiina = directory(uow, "Tiina Työvalmentaja", "TYP Lappeenranta", sector=Sector.TYP)
    jose = directory(uow, "José Martínez", "Kela", title="Etuuskäsittelijä", sector=Sector.KELA)
    assert search_directory(uow(), "psyk") == [pekka]
    assert search_directory(uow(), "PEKKA psykiatrian") == [pekka]
    assert search_directory(uow(), "typ") == [tiina]
    assert search_directory(uow(), "aikuissosiaali") == [aino]
    assert search_directory(uow(), "jose") == [jose]
    assert search_directory(uow(), "asiakasvastaava") == [aino]
    assert search_directory(uow(), "Kela Pekka") == []
    assert search_directory(uow(), "%") == []
    assert [p.name for p in search_directory(uow(), "")] == [
        "Aino Asiakasvastaava",
        "José Martínez",
        "Pekka Psykiatri",
        "Tiina Työvalmentaja",
    ]


def test_my_professional_is_created_once(
    uow: Uow, actor: Staff, location: Location, session_factory: sessionmaker[Session]
) -> None:
    mine = my_professional(uow(), actor, location.name)
    assert (mine.staff_id, mine.name, mine.organisation) == (actor.id, actor.name, location.name)
    assert my_professional(uow(), actor, "Toinen paikka") == mine
    assert count_rows(session_factory, ProfessionalRow) == 1
    assert search_directory(uow(), "veera") == [mine]


# Members --------------------------------------------------------------------------


def test_save_member_and_edit_it(
    uow: Uow,
    actor: Staff,
    client_id: int,
    pekka: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    added = add_member(
        uow,
        actor,
        client_id,
        pekka,
        NetworkRole.NAMED_WORKER,
        justification="Hoitosuhde",
        responsibility="Mielenterveys",
        since=dt.date(2026, 1, 1),
    )
    assert added.roles == frozenset({NetworkRole.NAMED_WORKER})
    assert (added.justification, added.since) == ("Hoitosuhde", dt.date(2026, 1, 1))
    edited = save_member(
        uow(),
        MemberInput(
            client_id=client_id,
            roles=frozenset({NetworkRole.RESPONSIBLE_WORKER}),
            responsibility="Mielenterveys",
            justification="Hoitosuhde",
            member_id=added.id,
            seen_version=added.version,
        ),
        actor=actor,
    )
    assert edited.version > added.version
    assert edited.professional == pekka  # kept from the stored member
    assert edited.roles == frozenset({NetworkRole.RESPONSIBLE_WORKER})
    assert edited.justification == ""
    (stored,) = open_network(uow(), client_id, actor=actor).members
    assert stored == edited
    assert actions_for(session_factory, client_id).count(AccessAction.NETWORK_UPDATED.value) == 2


def test_a_health_care_named_worker_without_justification_is_not_saved(
    uow: Uow, actor: Staff, client_id: int, pekka: Professional
) -> None:
    with pytest.raises(InvalidInput) as caught:
        add_member(uow, actor, client_id, pekka, NetworkRole.NAMED_WORKER)
    assert set(caught.value.fields) == {"justification"}
    assert open_network(uow(), client_id, actor=actor).members == ()


def test_a_close_person_is_saved_without_a_directory_entry(
    uow: Uow, actor: Staff, client_id: int, session_factory: sessionmaker[Session]
) -> None:
    sister = save_member(
        uow(),
        MemberInput(
            client_id=client_id,
            close_name="Sirpa",
            relation="sisar",
            roles=frozenset({NetworkRole.CONTACT}),
        ),
        actor=actor,
    )
    assert sister.is_close_person
    assert (sister.name, sister.organisation, sister.sector) == (
        "Sirpa",
        "sisar",
        Sector.CLOSE_PEOPLE,
    )
    assert count_rows(session_factory, ProfessionalRow) == 0


def test_the_same_professional_twice_in_one_network_is_refused(
    uow: Uow, actor: Staff, client_id: int, pekka: Professional
) -> None:
    add_member(uow, actor, client_id, pekka)
    with pytest.raises(StaleVersion) as caught:
        add_member(uow, actor, client_id, pekka, NetworkRole.CONTACT)
    assert caught.value.message == tr("storage.member_exists")
    assert member_professionals(uow, actor, client_id) == [pekka.id]


def test_a_stale_member_edit_is_refused(
    uow: Uow, actor: Staff, client_id: int, pekka: Professional
) -> None:
    added = add_member(uow, actor, client_id, pekka, responsibility="Lääkitys")
    edit = MemberInput(
        client_id=client_id,
        responsibility="Terapia",
        member_id=added.id,
        seen_version=added.version,
    )
    save_member(uow(), edit, actor=actor)
    with pytest.raises(StaleVersion):
        save_member(uow(), edit.model_copy(update={"responsibility": "Vanha"}), actor=actor)
    (stored,) = open_network(uow(), client_id, actor=actor).members
    assert stored.responsibility == "Terapia"


def test_a_member_edit_after_another_terminal_saved_is_refused(
    uow: Uow,
    actor: Staff,
    client_id: int,
    pekka: Professional,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The other terminal saves after this one read the member in the same transaction."""
    added = add_member(uow, actor, client_id, pekka, responsibility="Lääkitys")
    original = SqlNetworkRepository.get_member
    raced: list[bool] = []

    def get_then_other_terminal_saves(self: SqlNetworkRepository, member_id: int) -> Any:
        found = original(self, member_id)
        if not raced:
            raced.append(True)
            other = MemberInput(
                client_id=client_id,
                responsibility="Toisen tallentama",
                member_id=added.id,
                seen_version=added.version,
            )
            save_member(uow(), other, actor=actor)
        return found

    monkeypatch.setattr(SqlNetworkRepository, "get_member", get_then_other_terminal_saves)
    mine = MemberInput(
        client_id=client_id,
        responsibility="Minun",
        roles=frozenset({NetworkRole.CONTACT}),
        member_id=added.id,
        seen_version=added.version,
    )
    with pytest.raises(StaleVersion):
        save_member(uow(), mine, actor=actor)
    monkeypatch.undo()
    (stored,) = open_network(uow(), client_id, actor=actor).members
    assert stored.responsibility == "Toisen tallentama"
    assert stored.roles == frozenset()


def test_remove_member(
    uow: Uow,
    actor: Staff,
    client_id: int,
    pekka: Professional,
    aino: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    kept = add_member(uow, actor, client_id, aino)
    gone = add_member(uow, actor, client_id, pekka, NetworkRole.RESPONSIBLE_WORKER)
    with pytest.raises(StaleVersion):
        remove_member(uow(), client_id, gone.id, gone.version + 1, actor=actor)
    assert member_professionals(uow, actor, client_id) == [aino.id, pekka.id]
    remove_member(uow(), client_id, gone.id, gone.version, actor=actor)
    assert open_network(uow(), client_id, actor=actor).members == (kept,)
    assert count_rows(session_factory, ProfessionalRow) == 2  # the directory keeps him
    with pytest.raises(NotFound):
        remove_member(uow(), client_id, gone.id, gone.version, actor=actor)
    assert actions_for(session_factory, client_id).count(AccessAction.NETWORK_UPDATED.value) == 3


def test_removing_a_member_edited_meanwhile_is_refused_as_stale(
    uow: Uow, actor: Staff, client_id: int, pekka: Professional
) -> None:
    """Another terminal saves between this one loading the member and deleting it."""
    added = add_member(uow, actor, client_id, pekka, responsibility="Lääkitys")
    with uow() as work:
        work.network.get_member(added.id)  # loaded before the other terminal saves
        save_member(
            uow(),
            MemberInput(
                client_id=client_id,
                responsibility="Terapia",
                member_id=added.id,
                seen_version=added.version,
            ),
            actor=actor,
        )
        with pytest.raises(StaleVersion):
            work.network.remove_member(added.id, added.version)
    (stored,) = open_network(uow(), client_id, actor=actor).members
    assert stored.responsibility == "Terapia"


@pytest.fixture
def other_terminal_saves_first(
    uow: Uow, actor: Staff, monkeypatch: pytest.MonkeyPatch
) -> Callable[[NetworkMember], None]:
    """Arm a hook: another terminal edits the member just after this one checked its version.

    The hook runs at the repository's first step after the version check and before
    it writes: marking the edited row (``update_member``) or building the ``DELETE`` of
    the member's roles (``remove_member``).
    """

    def arm(member: NetworkMember) -> None:
        fired: list[bool] = []

        def other_save_first() -> None:
            if not fired:
                fired.append(True)
                other = MemberInput(
                    client_id=member.client_id,
                    responsibility="Toisen tallentama",
                    member_id=member.id,
                    seen_version=member.version,
                )
                save_member(uow(), other, actor=actor)

        real_delete = sqlalchemy.delete
        real_flag_modified = sqlalchemy.orm.attributes.flag_modified

        def delete_after_the_other_save(*args: Any, **kwargs: Any) -> Any:
            other_save_first()
            return real_delete(*args, **kwargs)

        def flag_after_the_other_save(*args: Any, **kwargs: Any) -> Any:
            other_save_first()
            return real_flag_modified(*args, **kwargs)

        monkeypatch.setattr(storage.repositories.network, "delete", delete_after_the_other_save)
        monkeypatch.setattr(
            storage.repositories.network, "flag_modified", flag_after_the_other_save
        )

    return arm


def test_a_member_edit_losing_a_race_after_the_version_check_is_stale(
    uow: Uow,
    actor: Staff,
    client_id: int,
    pekka: Professional,
    other_terminal_saves_first: Callable[[NetworkMember], None],
) -> None:
    added = add_member(uow, actor, client_id, pekka, responsibility="Lääkitys")
    other_terminal_saves_first(added)
    mine = MemberInput(
        client_id=client_id,
        responsibility="Minun",
        member_id=added.id,
        seen_version=added.version,
    )
    with pytest.raises(StaleVersion):
        save_member(uow(), mine, actor=actor)


def test_a_member_removal_losing_a_race_after_the_version_check_is_stale(
    uow: Uow,
    actor: Staff,
    client_id: int,
    pekka: Professional,
    other_terminal_saves_first: Callable[[NetworkMember], None],
) -> None:
    added = add_member(uow, actor, client_id, pekka, responsibility="Lääkitys")
    other_terminal_saves_first(added)
    with pytest.raises(StaleVersion):
        remove_member(uow(), client_id, added.id, added.version, actor=actor)


def test_a_lost_member_race_leaves_the_other_terminals_save(
    uow: Uow,
    actor: Staff,
    client_id: int,
    pekka: Professional,
    other_terminal_saves_first: Callable[[NetworkMember], None],
) -> None:
    """Whatever is raised, nothing of the losing save or removal is written."""
    added = add_member(uow, actor, client_id, pekka, responsibility="Lääkitys")
    other_terminal_saves_first(added)
    with pytest.raises(StaleVersion):
        remove_member(uow(), client_id, added.id, added.version, actor=actor)
    (stored,) = open_network(uow(), client_id, actor=actor).members
    assert stored.responsibility == "Toisen tallentama"


# Naming the one case manager (R4) ---------------------------------------------------


def test_naming_the_first_case_manager_adds_them_to_the_network(
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    named = name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    assert named.professional == aino
    assignment = named.assignment
    assert (assignment.client_id, assignment.professional_id) == (client_id, aino.id)
    assert assignment.interim is False
    assert (assignment.started_at, assignment.started_by) == (clock.now(), actor.id)
    (member,) = open_network(uow(), client_id, actor=actor).members
    assert member.professional == aino
    assert member.since == TODAY
    assert len(active_rows(session_factory, client_id)) == 1


def test_naming_a_new_case_manager_ends_the_current_one_with_the_note(
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    pekka: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    first = name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    clock.advance(days=10)
    second = name_case_manager(
        uow(), client_id, pekka.id, " Sovittu\x07 MOTI-tiimissä ", actor=actor, clock=clock
    )
    old, new = assignment_rows(session_factory, client_id)
    assert old.id == first.assignment.id
    assert old.ended_at == clock.now()
    assert old.ended_by == actor.id
    assert old.end_reason is EndReason.REPLACED
    assert old.end_note == "Sovittu MOTI-tiimissä"
    assert new.id == second.assignment.id
    assert (new.professional_id, new.ended_at, new.started_at) == (pekka.id, None, clock.now())
    assert member_professionals(uow, actor, client_id) == [aino.id, pekka.id]
    assert actions_for(session_factory, client_id)[-3:-1] == [
        AccessAction.CASE_MANAGER_ENDED.value,
        AccessAction.CASE_MANAGER_ASSIGNED.value,
    ]


def test_replacing_is_one_transaction(
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    pekka: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)

    def fails(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(SqlCaseManagerRepository, "add", fails)
    with pytest.raises(RuntimeError):
        name_case_manager(uow(), client_id, pekka.id, "Vaihto", actor=actor, clock=clock)
    monkeypatch.undo()
    (row,) = assignment_rows(session_factory, client_id)
    assert (row.professional_id, row.ended_at, row.end_reason) == (aino.id, None, None)
    assert member_professionals(uow, actor, client_id) == [aino.id]


def test_naming_the_current_case_manager_again_is_refused(
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    before = actions_for(session_factory, client_id)
    with pytest.raises(DomainError) as caught:
        name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    assert caught.value.message == tr("coordination.already_case_manager", name=aino.name)
    (row,) = assignment_rows(session_factory, client_id)
    assert row.ended_at is None
    assert actions_for(session_factory, client_id) == before


def test_naming_an_unknown_professional_is_refused(
    uow: Uow,
    actor: Staff,
    client_id: int,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    with pytest.raises(NotFound):
        name_case_manager(uow(), client_id, 4242, "Sovittu", actor=actor, clock=clock)
    assert assignment_rows(session_factory, client_id) == []


def test_an_interim_case_manager_can_be_confirmed(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = reception.register_walk_in(
        uow(), WalkInInput(name="Laine Liisa"), actor=actor, location=location, clock=clock
    )
    reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    finish_intake(
        uow(), visit.id, IntakeContent(outcome=OutcomeKind.COORDINATOR), actor=actor, clock=clock
    )
    assert visit.client_id is not None
    client_id = visit.client_id
    mine = my_professional(uow(), actor, location.name)
    network = open_network(uow(), client_id, actor=actor)
    assert network.case_manager is not None
    assert network.case_manager.assignment.interim is True
    assert network.case_manager.professional == mine

    clock.advance(days=7)
    confirmed = name_case_manager(
        uow(), client_id, mine.id, "Sovittu verkostopalaverissa", actor=actor, clock=clock
    )
    assert confirmed.assignment.interim is False
    network = open_network(uow(), client_id, actor=actor)
    assert network.case_manager is not None
    assert network.case_manager.assignment == confirmed.assignment
    assert [(v.professional.id, v.assignment.interim) for v in network.history] == [
        (mine.id, False),
        (mine.id, True),
    ]
    interim = network.history[1].assignment
    assert interim.end_reason is EndReason.REPLACED
    assert interim.end_note == "Sovittu verkostopalaverissa"
    assert member_professionals(uow, actor, client_id) == [mine.id]  # not twice
    assert len(active_rows(session_factory, client_id)) == 1


# Ending case management (R5) ---------------------------------------------------------


@pytest.mark.parametrize("reason", ENDING_REASONS)
def test_end_case_management_with_a_reason(
    reason: EndReason,
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    clock.advance(days=30)
    ended = end_case_management(
        uow(),
        client_id,
        reason,
        "Yhdessä sovittu",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )
    assert (ended.ended_at, ended.ended_by) == (clock.now(), actor.id)
    assert (ended.end_reason, ended.end_note) == (reason, "Yhdessä sovittu")
    (row,) = assignment_rows(session_factory, client_id)
    assert (row.end_reason, row.end_note, row.ended_at) == (reason, "Yhdessä sovittu", clock.now())
    network = open_network(uow(), client_id, actor=actor)
    assert network.case_manager is None
    assert network.previous_case_manager is not None
    assert network.previous_case_manager.assignment == ended
    assert AccessAction.CASE_MANAGER_ENDED.value in actions_for(session_factory, client_id)


def test_other_reason_without_a_note_ends_nothing(
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    with pytest.raises(InvalidInput) as caught:
        end_case_management(
            uow(),
            client_id,
            EndReason.OTHER,
            " ",
            participants=EndParticipants(client=True),
            actor=actor,
            clock=clock,
        )
    assert set(caught.value.fields) == {"note"}
    assert len(active_rows(session_factory, client_id)) == 1


def test_ending_without_a_case_manager_is_refused(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock
) -> None:
    with pytest.raises(DomainError) as caught:
        end_case_management(
            uow(),
            client_id,
            EndReason.MOVED,
            "",
            participants=EndParticipants(client=True),
            actor=actor,
            clock=clock,
        )
    assert caught.value.message == tr("coordination.no_case_manager")


def test_ending_as_replaced_without_a_successor_is_refused(
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    with pytest.raises(DomainError):
        end_case_management(
            uow(),
            client_id,
            EndReason.REPLACED,
            "",
            participants=EndParticipants(client=True),
            actor=actor,
            clock=clock,
        )
    assert len(active_rows(session_factory, client_id)) == 1


def test_history_newest_first_and_the_previous_case_manager_of_a_returning_client(
    uow: Uow,
    actor: Staff,
    location: Location,
    client_id: int,
    aino: Professional,
    pekka: Professional,
    clock: FixedClock,
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    clock.advance(days=60)
    name_case_manager(uow(), client_id, pekka.id, "Hoito siirtyi", actor=actor, clock=clock)
    during = open_network(uow(), client_id, actor=actor)
    assert during.previous_case_manager is not None
    assert during.previous_case_manager.professional == aino
    clock.advance(days=90)
    end_case_management(
        uow(),
        client_id,
        EndReason.NEED_ENDED,
        "",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )

    # Half a year later the client walks in again.
    clock.advance(days=180)
    reception.register_walk_in(
        uow(), WalkInInput(client_id=client_id), actor=actor, location=location, clock=clock
    )
    network = open_network(uow(), client_id, actor=actor)
    assert network.case_manager is None
    assert [v.professional.name for v in network.history] == [pekka.name, aino.name]
    assert [v.assignment.end_reason for v in network.history] == [
        EndReason.NEED_ENDED,
        EndReason.REPLACED,
    ]
    started = [v.assignment.started_at for v in network.history]
    assert started == sorted(started, reverse=True)
    previous = network.previous_case_manager
    assert previous is not None
    assert previous.professional == pekka
    assert previous.assignment.end_reason is EndReason.NEED_ENDED
    assert network.last_visit_at == clock.now()


# The database refuses a second active case manager (R4) ------------------------------


def test_the_database_refuses_two_active_assignments(
    uow: Uow,
    actor: Staff,
    client_id: int,
    aino: Professional,
    pekka: Professional,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    def row(professional: Professional) -> CaseManagerRow:
        return CaseManagerRow(
            client_id=client_id,
            professional_id=professional.id,
            interim=False,
            started_at=clock.now(),
            started_by=actor.id,
        )

    with session_factory() as session:
        session.add(row(aino))
        session.commit()
    with session_factory() as session:
        session.add(row(pekka))
        with pytest.raises(IntegrityError):
            session.commit()
    with uow() as work, pytest.raises(StaleVersion):
        work.case_managers.add(client_id, pekka.id, interim=False, by=actor.id, at=clock.now())
    assert [r.professional_id for r in assignment_rows(session_factory, client_id)] == [aino.id]


def test_a_case_manager_must_be_in_the_directory(
    actor: Staff, client_id: int, clock: FixedClock, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        session.add(
            CaseManagerRow(
                client_id=client_id,
                professional_id=4242,
                interim=False,
                started_at=clock.now(),
                started_by=actor.id,
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


# Two terminals at the same moment (R4) -----------------------------------------------

Action = Callable[[SqlUnitOfWork, int], object]
"""What one terminal does, given its own unit of work and its index (0 or 1)."""


@pytest.fixture
def two_terminals(database_url: str, engine: Engine) -> Iterator[tuple[Engine, Engine]]:
    """Two engines on the same file, as two terminals would have."""
    first, second = build_engine(database_url), build_engine(database_url)
    yield first, second
    first.dispose()
    second.dispose()


@pytest.fixture
def reads_together(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """When armed, each terminal thread waits after reading the current case manager
    until the other has read it too, so both act on the same reading."""
    original = SqlCaseManagerRepository.active_for
    armed: list[threading.Barrier] = []

    def read_together(self: SqlCaseManagerRepository, client: int) -> Any:
        found = original(self, client)
        if armed and threading.current_thread() is not threading.main_thread():
            armed[0].wait()
        return found

    monkeypatch.setattr(SqlCaseManagerRepository, "active_for", read_together)

    def arm(on: bool) -> None:
        armed[:] = [threading.Barrier(2, timeout=10)] if on else []

    return arm


def race(terminals: tuple[Engine, Engine], clock: FixedClock, action: Action) -> list[object]:
    """Both terminals act at once; returns each one's result or the error it raised."""
    start = threading.Barrier(2, timeout=10)
    results: list[object] = [None, None]

    def terminal(index: int) -> None:
        work = SqlUnitOfWork(build_session_factory(terminals[index]), clock)
        start.wait()
        try:
            results[index] = action(work, index)
        except Exception as error:  # noqa: BLE001 - the test inspects what was raised
            results[index] = error

    threads = [threading.Thread(target=terminal, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    return results


def naming(
    client_id: int, candidates: tuple[Professional, Professional], actor: Staff, clock: FixedClock
) -> Action:
    def act(work: SqlUnitOfWork, index: int) -> object:
        who = candidates[index].id
        return name_case_manager(work, client_id, who, "Sovittu", actor=actor, clock=clock)

    return act


def split(results: list[object]) -> tuple[list[object], list[BaseException]]:
    """The successes and the errors of a race."""
    return (
        [r for r in results if not isinstance(r, BaseException)],
        [r for r in results if isinstance(r, BaseException)],
    )


def test_two_terminals_naming_at_once_one_wins(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
    two_terminals: tuple[Engine, Engine],
    reads_together: Callable[[bool], None],
    aino: Professional,
    pekka: Professional,
) -> None:
    """Both read the same current case manager before either writes: exactly one wins."""
    olli = directory(uow, "Olli Ohjaaja", "Nuorten palvelut")
    for round_number in range(10):
        client_id = new_client(uow, actor, location, clock, f"Asiakas {round_number}")
        first = name_case_manager(uow(), client_id, olli.id, "Sovittu", actor=actor, clock=clock)
        reads_together(True)
        results = race(two_terminals, clock, naming(client_id, (aino, pekka), actor, clock))
        reads_together(False)

        winners, losers = split(results)
        assert (len(winners), len(losers)) == (1, 1), results
        assert isinstance(losers[0], StaleVersion | DomainError), repr(losers[0])
        (active,) = active_rows(session_factory, client_id)
        winner = winners[0]
        assert isinstance(winner, AssignmentView)
        assert winner.assignment.id == active.id
        old = next(r for r in assignment_rows(session_factory, client_id) if r.id != active.id)
        assert (old.id, old.end_reason) == (first.assignment.id, EndReason.REPLACED)
        assert len(assignment_rows(session_factory, client_id)) == 2
        # The loser's network member was rolled back with its assignment.
        assert member_professionals(uow, actor, client_id) == [olli.id, active.professional_id]


def test_two_terminals_naming_freely_leave_one_active(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
    two_terminals: tuple[Engine, Engine],
    aino: Professional,
    pekka: Professional,
) -> None:
    """Without forcing the timing: whatever interleaving happens, R4 holds."""
    olli = directory(uow, "Olli Ohjaaja", "Nuorten palvelut")
    for round_number in range(10):
        client_id = new_client(uow, actor, location, clock, f"Asiakas {round_number}")
        name_case_manager(uow(), client_id, olli.id, "Sovittu", actor=actor, clock=clock)
        results = race(two_terminals, clock, naming(client_id, (aino, pekka), actor, clock))
        _, errors = split(results)
        assert all(isinstance(e, StaleVersion | DomainError) for e in errors), errors
        assert len(errors) <= 1
        rows = assignment_rows(session_factory, client_id)
        assert len([r for r in rows if r.ended_at is None]) == 1
        assert len(rows) == 3 - len(errors)
        assert all(r.end_reason is EndReason.REPLACED for r in rows if r.ended_at is not None)


def test_two_terminals_naming_the_first_case_manager_at_once(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
    two_terminals: tuple[Engine, Engine],
    reads_together: Callable[[bool], None],
    aino: Professional,
    pekka: Professional,
) -> None:
    """Both see nobody; the database's partial unique index decides."""
    for round_number in range(10):
        client_id = new_client(uow, actor, location, clock, f"Asiakas {round_number}")
        reads_together(True)
        results = race(two_terminals, clock, naming(client_id, (aino, pekka), actor, clock))
        reads_together(False)
        _, losers = split(results)
        assert len(losers) == 1, results
        assert isinstance(losers[0], StaleVersion | DomainError), repr(losers[0])
        (row,) = assignment_rows(session_factory, client_id)
        assert row.ended_at is None
        assert member_professionals(uow, actor, client_id) == [row.professional_id]


def test_two_terminals_ending_at_once_one_wins(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
    two_terminals: tuple[Engine, Engine],
    reads_together: Callable[[bool], None],
    aino: Professional,
) -> None:
    """Two workers end the same case management: one reason is recorded, never overwritten."""
    reasons = (EndReason.MOVED, EndReason.DECLINED)
    for round_number in range(10):
        client_id = new_client(uow, actor, location, clock, f"Asiakas {round_number}")
        name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)

        def ending(work: SqlUnitOfWork, index: int, client: int = client_id) -> object:
            return end_case_management(
                work,
                client,
                reasons[index],
                "",
                participants=EndParticipants(client=True),
                actor=actor,
                clock=clock,
            )

        reads_together(True)
        results = race(two_terminals, clock, ending)
        reads_together(False)
        winners, losers = split(results)
        assert (len(winners), len(losers)) == (1, 1), results
        assert isinstance(losers[0], StaleVersion | DomainError), repr(losers[0])
        (row,) = assignment_rows(session_factory, client_id)
        winner = winners[0]
        assert isinstance(winner, CaseManagerAssignment)
        assert row.end_reason is winner.end_reason


# Caseloads ------------------------------------------------------------------------


def test_caseload_lists_the_active_clients_oldest_first(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    aino: Professional,
    pekka: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    first = new_client(uow, actor, location, clock, "Laine Liisa")
    second = new_client(uow, actor, location, clock, "Korhonen Kari")
    ended = new_client(uow, actor, location, clock, "Mäkinen Matti")
    others = new_client(uow, actor, location, clock, "Virtanen Ville")
    name_case_manager(uow(), second, aino.id, "Sovittu", actor=actor, clock=clock)
    clock.advance(hours=1)
    name_case_manager(uow(), first, aino.id, "Sovittu", actor=actor, clock=clock)
    name_case_manager(uow(), ended, aino.id, "Sovittu", actor=actor, clock=clock)
    end_case_management(
        uow(),
        ended,
        EndReason.MOVED,
        "",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )
    name_case_manager(uow(), others, pekka.id, "Sovittu", actor=actor, clock=clock)

    entries = caseload(uow(), aino.id, actor=actor)
    assert [e.client.id for e in entries] == [second, first]
    assert [e.client.name for e in entries] == ["Korhonen Kari", "Laine Liisa"]
    assert all(e.assignment.professional_id == aino.id for e in entries)
    assert actions_for(session_factory, first)[-1] == AccessAction.CASELOAD_LISTED.value
    assert AccessAction.CASELOAD_LISTED.value not in actions_for(session_factory, others)
    assert AccessAction.CASELOAD_LISTED.value not in actions_for(session_factory, ended)
    assert case_managers_with_caseloads(uow()) == [(aino, 2), (pekka, 1)]


def test_move_caseload_moves_every_active_client(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    aino: Professional,
    pekka: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    moved = [
        new_client(uow, actor, location, clock, name)
        for name in ("Laine Liisa", "Korhonen Kari", "Mäkinen Matti")
    ]
    pekkas_own = new_client(uow, actor, location, clock, "Virtanen Ville")
    earlier = new_client(uow, actor, location, clock, "Nieminen Niina")
    for client in moved:
        name_case_manager(uow(), client, aino.id, "Sovittu", actor=actor, clock=clock)
    name_case_manager(uow(), pekkas_own, pekka.id, "Sovittu", actor=actor, clock=clock)
    name_case_manager(uow(), earlier, aino.id, "Sovittu", actor=actor, clock=clock)
    end_case_management(
        uow(),
        earlier,
        EndReason.NEED_ENDED,
        "",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )
    clock.advance(days=1)

    count = move_caseload(uow(), aino.id, pekka.id, "Aino jäi eläkkeelle", actor=actor, clock=clock)

    assert count == 3
    assert caseload(uow(), aino.id, actor=actor) == []
    assert sorted(e.client.id for e in caseload(uow(), pekka.id, actor=actor)) == sorted(
        [*moved, pekkas_own]
    )
    for client in moved:
        old, new = assignment_rows(session_factory, client)
        assert (old.professional_id, old.end_reason) == (aino.id, EndReason.REPLACED)
        assert (old.end_note, old.ended_at, old.ended_by) == (
            "Aino jäi eläkkeelle",
            clock.now(),
            actor.id,
        )
        assert (new.professional_id, new.ended_at, new.interim) == (pekka.id, None, False)
        assert member_professionals(uow, actor, client) == [aino.id, pekka.id]
        assert AccessAction.CASE_MANAGER_ASSIGNED.value in actions_for(session_factory, client)
    (untouched,) = assignment_rows(session_factory, earlier)
    assert untouched.end_reason is EndReason.NEED_ENDED
    assert case_managers_with_caseloads(uow()) == [(pekka, 4)]


def test_move_caseload_to_the_same_worker_is_refused(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock, aino: Professional
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    with pytest.raises(DomainError) as caught:
        move_caseload(uow(), aino.id, aino.id, "Syy", actor=actor, clock=clock)
    assert caught.value.message == tr("coordination.same_worker")
    assert [e.client.id for e in caseload(uow(), aino.id, actor=actor)] == [client_id]


def test_move_caseload_needs_a_note_and_moves_nothing_without(
    uow: Uow,
    actor: Staff,
    client_id: int,
    clock: FixedClock,
    aino: Professional,
    pekka: Professional,
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    with pytest.raises(InvalidInput) as caught:
        move_caseload(uow(), aino.id, pekka.id, "  ", actor=actor, clock=clock)
    assert set(caught.value.fields) == {"note"}
    assert [e.client.id for e in caseload(uow(), aino.id, actor=actor)] == [client_id]


def test_move_caseload_is_all_or_nothing(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    aino: Professional,
    pekka: Professional,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clients = [new_client(uow, actor, location, clock, n) for n in ("Laine Liisa", "Korhonen Kari")]
    for client in clients:
        name_case_manager(uow(), client, aino.id, "Sovittu", actor=actor, clock=clock)
    original = SqlCaseManagerRepository.add
    calls: list[int] = []

    def second_fails(self: SqlCaseManagerRepository, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise StaleVersion("toinen pääte")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SqlCaseManagerRepository, "add", second_fails)
    with pytest.raises(StaleVersion):
        move_caseload(uow(), aino.id, pekka.id, "Siirto", actor=actor, clock=clock)
    monkeypatch.undo()
    assert sorted(e.client.id for e in caseload(uow(), aino.id, actor=actor)) == sorted(clients)
    assert caseload(uow(), pekka.id, actor=actor) == []


def test_move_caseload_to_an_unknown_worker_is_refused(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock, aino: Professional
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    with pytest.raises(NotFound):
        move_caseload(uow(), aino.id, 4242, "Syy", actor=actor, clock=clock)
    assert [e.client.id for e in caseload(uow(), aino.id, actor=actor)] == [client_id]


# Plans, assessments and the warnings ---------------------------------------------------


def test_open_network_is_ready_for_the_warnings(
    uow: Uow,
    actor: Staff,
    client_id: int,
    clock: FixedClock,
    aino: Professional,
) -> None:
    network = open_network(uow(), client_id, actor=actor)
    assert network.last_visit_at == clock.now()
    kinds = [w.kind for w in network_warnings(network, clock.now())]
    assert kinds == [WarningKind.NO_CASE_MANAGER]

    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    network = open_network(uow(), client_id, actor=actor)
    assert network_warnings(network, clock.now()) == []


def test_plans_assessments_and_referrals_reach_the_warnings(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    aino: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    work_ability = save_service(
        uow(),
        ServiceInput(name="Työkykykeskus", sector=Sector.HEALTH, work_ability=True),
        actor=actor,
    )
    visit = reception.register_walk_in(
        uow(), WalkInInput(name="Laine Liisa"), actor=actor, location=location, clock=clock
    )
    assert visit.client_id is not None
    client_id = visit.client_id
    reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    finish_intake(
        uow(),
        visit.id,
        IntakeContent(outcome=OutcomeKind.REFERRED, referral_service_id=work_ability.id),
        actor=actor,
        clock=clock,
    )
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    typ = directory(uow, "Tiina Työvalmentaja", "TYP Lappeenranta", sector=Sector.TYP)
    add_member(uow, actor, client_id, typ, NetworkRole.CONTACT)
    for kind, organisation in (
        (PlanKind.ACTIVATION, "Aikuissosiaalityö"),
        (PlanKind.EMPLOYMENT, "TYP"),
    ):
        add_plan(
            uow(),
            PlanInput(client_id=client_id, kind=kind, organisation=organisation, made_on=TODAY),
            actor=actor,
        )
    for organisation, made_on in (("Kela", dt.date(2026, 9, 1)), ("TYP", dt.date(2026, 11, 1))):
        add_assessment(
            uow(),
            AssessmentInput(
                client_id=client_id,
                domain=LifeDomain.WORK_ABILITY,
                organisation=organisation,
                made_on=made_on,
                assessor="Arvioija",
            ),
            actor=actor,
        )

    network = open_network(uow(), client_id, actor=actor)
    assert [r.id for r in network.referrals] == [work_ability.id]
    assert [p.kind for p in network.plans] == [PlanKind.EMPLOYMENT, PlanKind.ACTIVATION]
    assert [a.organisation for a in network.assessments] == ["TYP", "Kela"]
    warnings = network_warnings(network, clock.now())
    assert [w.kind for w in warnings] == [
        WarningKind.OVERLAPPING_PLANS,
        WarningKind.OVERLAPPING_ASSESSMENTS,
        WarningKind.TYP_WORK_ABILITY,
    ]
    assert "Työkykykeskus" in warnings[-1].reason
    assert actions_for(session_factory, client_id).count(AccessAction.NETWORK_UPDATED.value) == 5


# Contacts card and the access log (R12) ---------------------------------------------


def test_contacts_card_via_the_use_case(
    uow: Uow,
    actor: Staff,
    client_id: int,
    clock: FixedClock,
    aino: Professional,
    pekka: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    add_member(
        uow, actor, client_id, pekka, NetworkRole.RESPONSIBLE_WORKER, responsibility="Lääkitys"
    )
    card = contacts_card(uow(), client_id, actor=actor, clock=clock)
    assert "Asiakas: Laine Liisa" in card
    manager_at = card.index("## Asiakasvastaavani")
    others_at = card.index("## Muut työntekijät")
    assert manager_at < card.index("**Aino Asiakasvastaava**") < others_at
    assert manager_at < card.index("040 123 4567, aino@example.fi") < others_at
    assert card.index("**Pekka Psykiatri** · Vastuutyöntekijä · Lääkitys") > others_at
    assert "_Tulostettu 24. marraskuuta 2026_" in card
    assert actions_for(session_factory, client_id)[-1] == AccessAction.CONTACTS_CARD.value


def test_every_network_read_and_write_is_logged(
    uow: Uow,
    actor: Staff,
    client_id: int,
    clock: FixedClock,
    aino: Professional,
    pekka: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    before = len(actions_for(session_factory, client_id))
    open_network(uow(), client_id, actor=actor)
    member = add_member(uow, actor, client_id, pekka)
    name_case_manager(uow(), client_id, aino.id, "Sovittu", actor=actor, clock=clock)
    end_case_management(
        uow(),
        client_id,
        EndReason.DECLINED,
        "",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )
    remove_member(uow(), client_id, member.id, member.version, actor=actor)
    contacts_card(uow(), client_id, actor=actor, clock=clock)
    assert actions_for(session_factory, client_id)[before:] == [
        AccessAction.NETWORK_READ.value,
        AccessAction.NETWORK_UPDATED.value,
        AccessAction.CASE_MANAGER_ASSIGNED.value,
        AccessAction.CASE_MANAGER_ENDED.value,
        AccessAction.NETWORK_UPDATED.value,
        AccessAction.CONTACTS_CARD.value,
    ]
    with session_factory() as session:
        events = list(
            session.scalars(select(AccessEventRow).where(AccessEventRow.client_id == client_id))
        )
    assert {(e.actor_id, e.at) for e in events[before:]} == {(actor.id, clock.now())}


def test_directory_search_logs_no_client_access(
    uow: Uow,
    actor: Staff,
    client_id: int,
    pekka: Professional,
    session_factory: sessionmaker[Session],
) -> None:
    add_member(uow, actor, client_id, pekka)
    before = actions_for(session_factory, client_id)
    assert search_directory(uow(), "pekka") == [pekka]
    assert actions_for(session_factory, client_id) == before
