"""Two workers edit the same record: the second save is refused and names the first.

Each worker has a terminal of their own: an engine, sessions and a clock. Veera
(the ``actor`` fixture) opens a record; Leena saves it first, five minutes
later by her clock; Veera's save on the version she opened is refused, names
Leena and her time, and writes nothing. Every test runs on SQLite and, with a
server, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TypeVar

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

import storage.repositories.catalogue
import storage.repositories.network
import storage.repositories.professionals
from domain.catalogue import Service, ServiceInput
from domain.clock import FixedClock
from domain.errors import StaleVersion
from domain.i18n import set_language, tr
from domain.network import MemberInput, NetworkMember, NetworkRole, Professional, ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.catalogue import get_service, save_service
from domain.use_cases.coordination import (
    get_professional,
    open_network,
    save_member,
    save_professional,
)
from domain.walk_in import WalkInInput
from storage.engine import build_engine, build_session_factory
from storage.orm import NetworkMemberRow, ProfessionalRow, ServiceRow
from storage.unit_of_work import SqlUnitOfWork
from storage.versions import Stamped
from tests.conftest import NOW

Uow = Callable[[], SqlUnitOfWork]
T = TypeVar("T")

LEENA_SAVES = NOW + dt.timedelta(minutes=5)
"""Leena's clock when she saves: 12.05 in Helsinki."""

NAMED = "Lehtonen Leena ehti tallentaa tämän ensin: 24.11.2026 klo 12.05."


@pytest.fixture
def leena(uow: Uow) -> Staff:
    return reception.identify_staff(uow(), "Lehtonen Leena")


@pytest.fixture
def leenas_uow(database_url: str) -> Iterator[Uow]:
    """Leena's terminal: an engine of its own on the same database, its clock at 12.05."""
    engine = build_engine(database_url)
    factory = build_session_factory(engine)
    clock = FixedClock(LEENA_SAVES)
    yield lambda: SqlUnitOfWork(factory, clock)
    engine.dispose()


def professional_input(professional: Professional, **changes: object) -> ProfessionalInput:
    """An edit of ``professional`` as its form sends it: every field, on the version seen."""
    fields: dict[str, object] = {
        "name": professional.name,
        "title": professional.title,
        "organisation": professional.organisation,
        "sector": professional.sector,
        "phone": professional.phone,
        "email": professional.email,
        "professional_id": professional.id,
        "seen_version": professional.version,
    }
    return ProfessionalInput.model_validate({**fields, **changes})


def service_input(service: Service, **changes: object) -> ServiceInput:
    fields: dict[str, object] = {
        "name": service.name,
        "sector": service.sector,
        "contact": service.contact,
        "active": service.active,
        "work_ability": service.work_ability,
        "early_support": service.early_support,
        "external_organisation": service.external_organisation,
        "service_id": service.id,
        "seen_version": service.version,
    }
    return ServiceInput.model_validate({**fields, **changes})


def member_input(member: NetworkMember, **changes: object) -> MemberInput:
    fields: dict[str, object] = {
        "client_id": member.client_id,
        "professional_id": member.professional.id if member.professional else None,
        "close_name": member.close_name,
        "relation": member.relation,
        "responsibility": member.responsibility,
        "since": member.since,
        "until": member.until,
        "roles": member.roles,
        "justification": member.justification,
        "member_id": member.id,
        "seen_version": member.version,
    }
    return MemberInput.model_validate({**fields, **changes})


@pytest.fixture
def laine(uow: Uow, actor: Staff) -> Professional:
    return save_professional(
        uow(),
        ProfessionalInput(
            name="Laine Liisa",
            title="sosiaalityöntekijä",
            organisation="Aikuissosiaalityö",
            sector=Sector.SOCIAL,
            phone="040 000 0000",
        ),
        actor=actor,
    )


@pytest.fixture
def member(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock, laine: Professional
) -> NetworkMember:
    """Laine Liisa in a walk-in client's network, responsible for income support."""
    visit = reception.register_walk_in(
        uow(), WalkInInput(name="Virtanen Ville"), actor=actor, location=location, clock=clock
    )
    assert visit.client_id is not None
    return save_member(
        uow(),
        MemberInput(
            client_id=visit.client_id,
            professional_id=laine.id,
            responsibility="toimeentulotuki",
            roles=frozenset({NetworkRole.RESPONSIBLE_WORKER}),
        ),
        actor=actor,
    )


@pytest.fixture
def service(uow: Uow, actor: Staff) -> Service:
    return save_service(
        uow(),
        ServiceInput(name="Asumisneuvonta", sector=Sector.HOUSING, contact="puh. 040 000 0000"),
        actor=actor,
    )


def stored_member(uow: Uow, actor: Staff, member: NetworkMember) -> NetworkMember:
    [stored] = open_network(uow(), member.client_id, actor=actor).members
    return stored


def assert_names_leena(refusal: StaleVersion) -> None:
    assert refusal.saved_by == "Lehtonen Leena"
    assert refusal.saved_at == LEENA_SAVES
    assert refusal.message == NAMED


# The second save is refused, naming the first ------------------------------------------


def test_a_second_directory_edit_is_refused_naming_who_saved_first(
    uow: Uow, leenas_uow: Uow, actor: Staff, leena: Staff, laine: Professional
) -> None:
    leenas = save_professional(
        leenas_uow(), professional_input(laine, title="johtava sosiaalityöntekijä"), actor=leena
    )
    with pytest.raises(StaleVersion) as refused:
        save_professional(uow(), professional_input(laine, phone="05 616 1000"), actor=actor)
    assert_names_leena(refused.value)
    # Nothing of Veera's save was written: the stored entry is Leena's, as she left it.
    assert get_professional(uow(), laine.id) == leenas


def test_a_second_member_edit_is_refused_naming_who_saved_first(
    uow: Uow, leenas_uow: Uow, actor: Staff, leena: Staff, member: NetworkMember
) -> None:
    leenas = save_member(
        leenas_uow(),
        member_input(
            member, roles=frozenset({NetworkRole.RESPONSIBLE_WORKER, NetworkRole.CONTACT})
        ),
        actor=leena,
    )
    with pytest.raises(StaleVersion) as refused:
        save_member(uow(), member_input(member, until=dt.date(2026, 12, 31)), actor=actor)
    assert_names_leena(refused.value)
    assert stored_member(uow, actor, member) == leenas


def test_a_second_catalogue_edit_is_refused_naming_who_saved_first(
    uow: Uow, leenas_uow: Uow, actor: Staff, leena: Staff, service: Service
) -> None:
    leenas = save_service(
        leenas_uow(), service_input(service, contact="asumisneuvonta@example.org"), actor=leena
    )
    with pytest.raises(StaleVersion) as refused:
        save_service(uow(), service_input(service, work_ability=True), actor=actor)
    assert_names_leena(refused.value)
    assert get_service(uow(), service.id) == leenas


def test_the_refusal_names_them_in_english_too(
    uow: Uow, leenas_uow: Uow, actor: Staff, leena: Staff, laine: Professional
) -> None:
    save_professional(leenas_uow(), professional_input(laine, title="johtaja"), actor=leena)
    set_language("en")
    with pytest.raises(StaleVersion) as refused:
        save_professional(uow(), professional_input(laine, phone="040 000 0001"), actor=actor)
    assert refused.value.message == "Lehtonen Leena saved this first: 24/11/2026 at 12.05."


# Reload and re-apply: the second worker's changes on top of the first's -----------------


def test_after_the_refusal_the_edit_is_reapplied_on_the_newest_version(
    uow: Uow, leenas_uow: Uow, actor: Staff, leena: Staff, member: NetworkMember
) -> None:
    """What the forms do on Ctrl+R: read the newest, put one's own change on it, save."""
    contact = frozenset({NetworkRole.RESPONSIBLE_WORKER, NetworkRole.CONTACT})
    save_member(leenas_uow(), member_input(member, roles=contact), actor=leena)
    mine = member_input(member, until=dt.date(2026, 12, 31))
    with pytest.raises(StaleVersion):
        save_member(uow(), mine, actor=actor)

    newest = stored_member(uow, actor, member)
    saved = save_member(uow(), member_input(newest, until=mine.until), actor=actor)
    assert (saved.until, saved.roles, saved.version) == (dt.date(2026, 12, 31), contact, 3)
    assert stored_member(uow, actor, member) == saved


# Who saved, as stored --------------------------------------------------------------------


def stamps(
    session_factory: sessionmaker[Session],
) -> dict[str, tuple[int | None, dt.datetime | None]]:
    with session_factory() as session:
        rows: list[ProfessionalRow | NetworkMemberRow | ServiceRow] = [
            *session.scalars(select(ProfessionalRow)),
            *session.scalars(select(NetworkMemberRow)),
            *session.scalars(select(ServiceRow)),
        ]
        return {row.__tablename__: (row.updated_by, row.updated_at) for row in rows}


def test_every_save_records_who_saved_and_when(
    uow: Uow,
    leenas_uow: Uow,
    session_factory: sessionmaker[Session],
    actor: Staff,
    leena: Staff,
    member: NetworkMember,
    laine: Professional,
    service: Service,
) -> None:
    veeras = (actor.id, NOW)
    assert stamps(session_factory) == {
        "professionals": veeras,
        "network_members": veeras,
        "services": veeras,
    }
    save_professional(leenas_uow(), professional_input(laine, title="johtaja"), actor=leena)
    save_member(leenas_uow(), member_input(member, responsibility="asunto"), actor=leena)
    save_service(leenas_uow(), service_input(service, contact="ma–pe 9–11"), actor=leena)
    leenas = (leena.id, LEENA_SAVES)
    assert stamps(session_factory) == {
        "professionals": leenas,
        "network_members": leenas,
        "services": leenas,
    }


def test_a_version_saved_before_savers_were_recorded_is_refused_without_a_name(
    uow: Uow,
    leenas_uow: Uow,
    session_factory: sessionmaker[Session],
    actor: Staff,
    leena: Staff,
    service: Service,
) -> None:
    save_service(leenas_uow(), service_input(service, contact="ma–pe 9–11"), actor=leena)
    with session_factory() as session:
        # As a row last saved before migration 0009 (the version stays as it is).
        session.execute(
            update(ServiceRow)
            .where(ServiceRow.id == service.id)
            .values(updated_by=None, updated_at=None)
        )
        session.commit()
    with pytest.raises(StaleVersion) as refused:
        save_service(uow(), service_input(service, work_ability=True), actor=actor)
    assert (refused.value.saved_by, refused.value.saved_at) == (None, None)
    assert refused.value.message == tr("storage.service_stale")


# A save that slips in between the version check and the write ---------------------------


def saved_between_check_and_write(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, leenas_save: Callable[[], T]
) -> list[T]:
    """Run ``leenas_save`` when Veera's save stamps its row: after her version check
    passed, before her versioned UPDATE. Returns what Leena saved, once she has."""
    real_stamp = module.stamp
    saved: list[T] = []
    armed = [True]

    def stamp_after_leena_saved(row: Stamped, by: int | None, at: dt.datetime | None) -> None:
        if armed:
            armed.clear()  # Leena's own save stamps too: only Veera's waits for hers
            saved.append(leenas_save())
        real_stamp(row, by, at)

    monkeypatch.setattr(module, "stamp", stamp_after_leena_saved)
    return saved


def test_a_directory_save_losing_the_race_after_the_check_names_the_winner(
    uow: Uow,
    leenas_uow: Uow,
    actor: Staff,
    leena: Staff,
    laine: Professional,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leenas_edit = professional_input(laine, title="johtaja")
    saved = saved_between_check_and_write(
        monkeypatch,
        storage.repositories.professionals,
        lambda: save_professional(leenas_uow(), leenas_edit, actor=leena),
    )
    with pytest.raises(StaleVersion) as refused:
        save_professional(uow(), professional_input(laine, phone="040 000 0001"), actor=actor)
    assert_names_leena(refused.value)
    assert get_professional(uow(), laine.id) == saved[0]


def test_a_member_save_losing_the_race_after_the_check_names_the_winner(
    uow: Uow,
    leenas_uow: Uow,
    actor: Staff,
    leena: Staff,
    member: NetworkMember,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leenas_edit = member_input(member, responsibility="asunto")
    saved = saved_between_check_and_write(
        monkeypatch,
        storage.repositories.network,
        lambda: save_member(leenas_uow(), leenas_edit, actor=leena),
    )
    with pytest.raises(StaleVersion) as refused:
        save_member(uow(), member_input(member, until=dt.date(2026, 12, 31)), actor=actor)
    assert_names_leena(refused.value)
    assert stored_member(uow, actor, member) == saved[0]


def test_a_catalogue_save_losing_the_race_after_the_check_names_the_winner(
    uow: Uow,
    leenas_uow: Uow,
    actor: Staff,
    leena: Staff,
    service: Service,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leenas_edit = service_input(service, contact="ma–pe 9–11")
    saved = saved_between_check_and_write(
        monkeypatch,
        storage.repositories.catalogue,
        lambda: save_service(leenas_uow(), leenas_edit, actor=leena),
    )
    with pytest.raises(StaleVersion) as refused:
        save_service(uow(), service_input(service, work_ability=True), actor=actor)
    assert_names_leena(refused.value)
    assert get_service(uow(), service.id) == saved[0]
