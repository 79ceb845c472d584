"""The intake interview on a real SQLite file: drafts, records, outcomes, case managers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction
from domain.case_management import EndReason
from domain.catalogue import Service, ServiceInput
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput, StaleVersion
from domain.i18n import tr
from domain.intake import (
    ChecklistItem,
    ConcernLevel,
    DomainEntry,
    IntakeContent,
    LifeDomain,
    OutcomeKind,
    merge_content,
)
from domain.interview import UnfinishedInterview
from domain.network import Professional, ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.catalogue import save_service
from domain.use_cases.interview import (
    DRAFT_LOG_MINUTES,
    correct_intake,
    finish_intake,
    leave_visit,
    open_interview,
    record_feedback_reminder,
    save_draft,
)
from domain.use_cases.summary import client_summary
from domain.visits import Visit, VisitState
from domain.walk_in import WalkInInput
from storage.engine import build_engine, build_session_factory
from storage.orm import (
    AccessEventRow,
    CaseManagerRow,
    IntakeRecordRow,
    NetworkMemberRow,
    ProfessionalRow,
    VisitRow,
)
from storage.repositories.case_management import SqlCaseManagerRepository
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]
NOTE = "Vuokrarästit, häätöuhka"


def register(uow: Uow, actor: Staff, location: Location, clock: FixedClock, **fields: Any) -> Visit:
    return reception.register_walk_in(
        uow(), WalkInInput(**fields), actor=actor, location=location, clock=clock
    )


def called(uow: Uow, actor: Staff, location: Location, clock: FixedClock, **fields: Any) -> Visit:
    """A visit registered and called in, ready for the interview."""
    visit = register(uow, actor, location, clock, **fields)
    return reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)


def client_of(visit: Visit) -> int:
    assert visit.client_id is not None
    return visit.client_id


def typed(**fields: Any) -> IntakeContent:
    domains = {domain: DomainEntry() for domain in LifeDomain}
    domains[LifeDomain.HOUSING] = DomainEntry(level=ConcernLevel.SERIOUS, note=NOTE)
    domains[LifeDomain.INCOME] = DomainEntry(level=ConcernLevel.SOME, note="Kela-päätös kesken")
    values: dict[str, Any] = {
        "domains": domains,
        "goals": "Oma asunto",
        "resources": "Sisko auttaa",
        "checklist": frozenset({ChecklistItem.SEVERAL_PLANS}),
        "interpreter": True,
        "language": "arabia",
    }
    values.update(fields)
    return IntakeContent.model_validate(values)


def add_service(uow: Uow, actor: Staff, name: str = "Aikuissosiaalityö", **fields: Any) -> Service:
    return save_service(uow(), ServiceInput(name=name, sector=Sector.SOCIAL, **fields), actor=actor)


def deactivate(uow: Uow, actor: Staff, service: Service) -> Service:
    return save_service(
        uow(),
        ServiceInput(
            name=service.name,
            sector=service.sector,
            contact=service.contact,
            active=False,
            service_id=service.id,
            seen_version=service.version,
        ),
        actor=actor,
    )


def complete(outcome: OutcomeKind, service: Service | None = None) -> IntakeContent:
    """Typed content with everything the outcome needs."""
    extra: dict[str, Any] = {"outcome": outcome}
    if outcome is OutcomeKind.REFERRED:
        assert service is not None
        extra["referral_service_id"] = service.id
    if outcome is OutcomeKind.MOTI:
        extra["moti_question"] = "Kuka on vastuutyöntekijä?"
    return typed(**extra)


def record_rows(session_factory: sessionmaker[Session], visit_id: int) -> list[IntakeRecordRow]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(IntakeRecordRow)
                .where(IntakeRecordRow.visit_id == visit_id)
                .order_by(IntakeRecordRow.number)
            )
        )


def raw_record(session_factory: sessionmaker[Session], record_id: int) -> dict[str, Any]:
    """The row exactly as SQLite stores it, no type conversion."""
    with session_factory() as session:
        row = session.execute(
            text("SELECT * FROM intake_records WHERE id = :id"), {"id": record_id}
        ).one()
        return dict(row._mapping)


def assignments(session_factory: sessionmaker[Session], client_id: int) -> list[CaseManagerRow]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(CaseManagerRow)
                .where(CaseManagerRow.client_id == client_id)
                .order_by(CaseManagerRow.id)
            )
        )


def all_assignments(session_factory: sessionmaker[Session]) -> list[CaseManagerRow]:
    with session_factory() as session:
        return list(session.scalars(select(CaseManagerRow)))


def own_professional(session_factory: sessionmaker[Session], staff: Staff) -> ProfessionalRow:
    """The worker's own directory entry: exactly one, linked by ``staff_id``."""
    with session_factory() as session:
        return session.scalars(
            select(ProfessionalRow).where(ProfessionalRow.staff_id == staff.id)
        ).one()


def member_ids(session_factory: sessionmaker[Session], client_id: int) -> list[int | None]:
    """The professionals in the client's network."""
    with session_factory() as session:
        return list(
            session.scalars(
                select(NetworkMemberRow.professional_id)
                .where(NetworkMemberRow.client_id == client_id)
                .order_by(NetworkMemberRow.id)
            )
        )


def directory_entry(uow: Uow, name: str = "Asiakasvastaava Aino") -> Professional:
    """A case manager from the directory who is not a Rinnalla user."""
    with uow() as work:
        professional = work.professionals.add(
            ProfessionalInput(
                name=name,
                title="Asiakasvastaava",
                organisation="Aikuissosiaalityö",
                sector=Sector.SOCIAL,
            )
        )
        work.commit()
    return professional


def visit_row(session_factory: sessionmaker[Session], visit_id: int) -> VisitRow:
    with session_factory() as session:
        row = session.get(VisitRow, visit_id)
        assert row is not None
        return row


def actions_for(session_factory: sessionmaker[Session], client_id: int) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.action)
                .where(AccessEventRow.client_id == client_id)
                .order_by(AccessEventRow.id)
            )
        )


# Drafts --------------------------------------------------------------------------


def test_draft_survives_a_restart(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock, database_url: str
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    first = save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    clock.advance(minutes=2)
    content = typed(goals="Oma asunto ja työ")
    second = save_draft(uow(), visit.id, content, first.version, actor=actor, clock=clock)
    assert second.version > first.version
    assert second.updated_at == clock.now()
    assert second.updated_by == actor.id

    # A new unit of work on the same engine ...
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert view.content == content
    assert view.draft_version == second.version
    assert view.finished is False

    # ... and after a restart: a new engine and session factory on the same file.
    engine = build_engine(database_url)
    try:
        restarted = SqlUnitOfWork(build_session_factory(engine), clock)
        view = open_interview(restarted, visit.id, actor=actor, clock=clock)
    finally:
        engine.dispose()
    assert view.content == content
    assert view.content.entry(LifeDomain.HOUSING).note == NOTE
    assert view.content.checklist == frozenset({ChecklistItem.SEVERAL_PLANS})
    assert view.draft_version == second.version
    assert view.records == ()
    assert view.visit.id == visit.id
    assert view.client is not None and view.client.id == visit.client_id


def test_a_visit_without_draft_opens_empty(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert view.content == IntakeContent()
    assert view.draft_version is None
    assert view.records == ()


def test_saving_with_an_outdated_version_is_refused_and_changes_nothing(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    first = save_draft(uow(), visit.id, typed(goals="eka"), None, actor=actor, clock=clock)
    kept = typed(goals="toka")
    second = save_draft(uow(), visit.id, kept, first.version, actor=actor, clock=clock)
    with pytest.raises(StaleVersion):
        save_draft(
            uow(), visit.id, typed(goals="vanha näkymä"), first.version, actor=actor, clock=clock
        )
    with uow() as work:
        stored = work.intakes.draft_for(visit.id)
    assert stored is not None
    assert stored.content == kept
    assert stored.version == second.version


def test_the_second_of_two_first_saves_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    first = save_draft(uow(), visit.id, typed(goals="ensimmäinen"), None, actor=actor, clock=clock)
    with pytest.raises(StaleVersion):
        save_draft(uow(), visit.id, typed(goals="toinen"), None, actor=actor, clock=clock)
    with uow() as work:
        stored = work.intakes.draft_for(visit.id)
    assert stored is not None
    assert stored.content.goals == "ensimmäinen"
    assert stored.version == first.version


def test_saving_a_draft_that_was_finished_meanwhile_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    draft = save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    finish_intake(
        uow(),
        visit.id,
        complete(OutcomeKind.ADVICE),
        actor=actor,
        clock=clock,
        seen_draft=draft.version,
    )
    with pytest.raises(StaleVersion):
        save_draft(uow(), visit.id, typed(), draft.version, actor=actor, clock=clock)
    with uow() as work:
        assert work.intakes.draft_for(visit.id) is None


# Finishing -----------------------------------------------------------------------


def test_finishing_stores_record_one_closes_the_visit_and_drops_the_draft(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    service = add_service(uow, actor)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    draft = save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    clock.advance(minutes=25)
    content = complete(OutcomeKind.REFERRED, service)

    result = finish_intake(
        uow(), visit.id, content, actor=actor, clock=clock, seen_draft=draft.version
    )

    record = result.record
    assert record.number == 1
    assert record.supersedes_id is None
    assert record.visit_id == visit.id
    assert record.client_id == visit.client_id
    assert (record.finished_by, record.finished_at) == (actor.id, clock.now())
    assert record.content == content
    assert result.visit.state is VisitState.DONE
    assert (result.visit.ended_by, result.visit.ended_at) == (actor.id, clock.now())
    assert result.interim_case_manager is True  # the referring worker carries the client
    with uow() as work:
        assert work.intakes.draft_for(visit.id) is None
        stored_visit = work.visits.get(visit.id)
        assert work.intakes.records_for_visit(visit.id) == [record]
    assert stored_visit == result.visit
    (row,) = record_rows(session_factory, visit.id)
    assert row.outcome is OutcomeKind.REFERRED
    assert row.referral_service_id == service.id
    assert row.number == 1
    assert row.id == record.id


def test_finished_intake_opens_as_its_record(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    result = finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert view.finished is True
    assert view.records == (result.record,)
    assert view.content == result.record.content
    assert view.draft_version is None


def test_a_service_left_over_is_not_stored_for_advice(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    service = add_service(uow, actor)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    content = typed(outcome=OutcomeKind.ADVICE, referral_service_id=service.id)
    result = finish_intake(uow(), visit.id, content, actor=actor, clock=clock)
    assert result.record.content.referral_service_id is None
    (row,) = record_rows(session_factory, visit.id)
    assert row.outcome is OutcomeKind.ADVICE
    assert row.referral_service_id is None


def test_client_left_closes_the_visit_as_left(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    clock.advance(minutes=5)
    result = finish_intake(
        uow(), visit.id, complete(OutcomeKind.CLIENT_LEFT), actor=actor, clock=clock
    )
    assert result.visit.state is VisitState.LEFT
    assert (result.visit.ended_by, result.visit.ended_at) == (actor.id, clock.now())
    row = visit_row(session_factory, visit.id)
    assert row.state is VisitState.LEFT
    assert row.ended_at == clock.now()
    assert row.ended_by == actor.id
    (record,) = record_rows(session_factory, visit.id)
    assert record.outcome is OutcomeKind.CLIENT_LEFT


def test_finishing_twice_is_refused(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    first = finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    with pytest.raises(StaleVersion) as caught:
        finish_intake(uow(), visit.id, complete(OutcomeKind.COORDINATOR), actor=actor, clock=clock)
    assert caught.value.saved_by == actor.name  # who recorded it first
    rows = record_rows(session_factory, visit.id)
    assert [(r.id, r.number, r.outcome) for r in rows] == [(first.record.id, 1, OutcomeKind.ADVICE)]
    assert all_assignments(session_factory) == []


def test_an_incomplete_outcome_is_refused_and_stores_nothing(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    with pytest.raises(InvalidInput) as caught:
        finish_intake(uow(), visit.id, typed(outcome=OutcomeKind.MOTI), actor=actor, clock=clock)
    assert set(caught.value.fields) == {"moti_question"}
    assert record_rows(session_factory, visit.id) == []
    assert visit_row(session_factory, visit.id).state is VisitState.IN_SERVICE
    with uow() as work:
        assert work.intakes.draft_for(visit.id) is not None


def test_referral_to_a_deactivated_service_is_refused(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    service = add_service(uow, actor)
    inactive = deactivate(uow, actor, service)
    assert inactive.active is False
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    draft = save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    with pytest.raises(InvalidInput) as caught:
        finish_intake(
            uow(),
            visit.id,
            complete(OutcomeKind.REFERRED, inactive),
            actor=actor,
            clock=clock,
            seen_draft=draft.version,
        )
    assert set(caught.value.fields) == {"referral_service"}
    assert caught.value.fields["referral_service"] == tr("interview.service_inactive")
    # Nothing of the refused finish remains: no record, the visit open, the draft kept.
    assert record_rows(session_factory, visit.id) == []
    assert visit_row(session_factory, visit.id).state is VisitState.IN_SERVICE
    with uow() as work:
        assert work.intakes.draft_for(visit.id) is not None
    # The deactivated service is not offered any more.
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert service.id not in {s.id for s in view.services}


def test_open_interview_offers_the_active_services(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    kept = add_service(uow, actor, "Talous- ja velkaneuvonta")
    gone = deactivate(uow, actor, add_service(uow, actor, "Lakkautettu palvelu"))
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert [s.id for s in view.services] == [kept.id]
    assert gone.id not in {s.id for s in view.services}


# Corrections ---------------------------------------------------------------------


def test_a_correction_is_record_two_and_record_one_stays_as_it_was(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    service = add_service(uow, actor)
    other = reception.identify_staff(uow(), "Korjaaja Kaisa")
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    first = finish_intake(
        uow(), visit.id, complete(OutcomeKind.REFERRED, service), actor=actor, clock=clock
    ).record
    before = raw_record(session_factory, first.id)
    with uow() as work:  # the referral named an interim case manager: Kaisa is in the network
        entry = work.professionals.for_staff(other, "")
        work.network.ensure_member(client_of(visit), entry.id, clock.now().date())
        work.commit()

    clock.advance(days=1, minutes=7)
    corrected_content = typed(goals="Oma asunto keväällä", outcome=OutcomeKind.ADVICE)
    second = correct_intake(
        uow(), visit.id, corrected_content, actor=other, clock=clock, seen_record=1
    ).record

    assert second.number == 2
    assert second.supersedes_id == first.id
    assert second.id != first.id
    assert (second.finished_by, second.finished_at) == (other.id, clock.now())
    assert second.content.goals == "Oma asunto keväällä"
    assert raw_record(session_factory, first.id) == before
    with uow() as work:
        stored = work.intakes.records_for_visit(visit.id)
    assert stored == [first, second]
    rows = record_rows(session_factory, visit.id)
    assert [(r.number, r.outcome, r.referral_service_id) for r in rows] == [
        (1, OutcomeKind.REFERRED, service.id),
        (2, OutcomeKind.ADVICE, None),
    ]
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert view.content == second.content


def test_a_correction_drops_the_correction_draft(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    editing = typed(goals="korjaus kesken", outcome=OutcomeKind.ADVICE)
    draft = save_draft(uow(), visit.id, editing, None, actor=actor, clock=clock, seen_record=1)
    assert open_interview(uow(), visit.id, actor=actor, clock=clock).content == editing
    corrected = correct_intake(
        uow(), visit.id, editing, actor=actor, clock=clock, seen_record=1, seen_draft=draft.version
    ).record
    assert corrected.number == 2
    assert corrected.content == editing
    with uow() as work:
        assert work.intakes.draft_for(visit.id) is None


def test_correcting_an_unfinished_intake_is_refused(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    with pytest.raises(DomainError) as caught:
        correct_intake(
            uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock, seen_record=0
        )
    assert caught.value.message == tr("interview.not_finished")
    assert record_rows(session_factory, visit.id) == []


# Interim case manager (R4) -------------------------------------------------------


@pytest.mark.parametrize("outcome", [OutcomeKind.COORDINATOR, OutcomeKind.MOTI])
def test_follow_up_makes_the_worker_interim_case_manager(
    outcome: OutcomeKind,
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    result = finish_intake(uow(), visit.id, complete(outcome), actor=actor, clock=clock)
    assert result.interim_case_manager is True
    with uow() as work:
        active = work.case_managers.active_for(client_of(visit))
    assert active is not None
    professional = own_professional(session_factory, actor)
    assert professional.staff_id == actor.id
    assert professional.name == actor.name
    assert professional.organisation == location.name
    assert active.professional_id == professional.id
    assert active.interim is True
    assert (active.started_by, active.started_at) == (actor.id, clock.now())
    assert (active.end_reason, active.end_note) == (None, "")
    assert member_ids(session_factory, client_of(visit)) == [professional.id]
    assert active.ended_at is None
    assert len(assignments(session_factory, client_of(visit))) == 1
    assert AccessAction.CASE_MANAGER_ASSIGNED.value in actions_for(
        session_factory, client_of(visit)
    )


@pytest.mark.parametrize("outcome", [OutcomeKind.COORDINATOR, OutcomeKind.MOTI])
def test_an_existing_case_manager_is_kept(
    outcome: OutcomeKind,
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    manager = directory_entry(uow)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    with uow() as work:
        existing = work.case_managers.add(
            client_of(visit), manager.id, interim=False, by=actor.id, at=clock.now()
        )
        work.commit()
    clock.advance(minutes=30)
    result = finish_intake(uow(), visit.id, complete(outcome), actor=actor, clock=clock)
    assert result.interim_case_manager is False
    with uow() as work:
        active = work.case_managers.active_for(client_of(visit))
    assert active == existing
    rows = assignments(session_factory, client_of(visit))
    assert [row.professional_id for row in rows] == [manager.id]


@pytest.mark.parametrize("outcome", [OutcomeKind.ADVICE, OutcomeKind.CLIENT_LEFT])
def test_no_interim_case_manager_without_follow_up(
    outcome: OutcomeKind,
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    service = add_service(uow, actor)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    result = finish_intake(uow(), visit.id, complete(outcome, service), actor=actor, clock=clock)
    assert result.interim_case_manager is False
    assert assignments(session_factory, client_of(visit)) == []


@pytest.mark.parametrize("outcome", [OutcomeKind.COORDINATOR, OutcomeKind.MOTI])
def test_an_anonymous_visit_with_a_follow_up_outcome_gets_a_client_without_a_name(
    outcome: OutcomeKind,
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    """Follow-up needs someone to carry a client (R4): the visitor becomes a client
    with no name (R1), so the interim case manager is not silently skipped."""
    visit = called(uow, actor, location, clock)
    assert visit.client_id is None
    result = finish_intake(uow(), visit.id, complete(outcome), actor=actor, clock=clock)
    assert result.interim_case_manager is True
    assert result.record.client_id is not None
    assert result.visit.client_id == result.record.client_id
    assert result.visit.state is VisitState.DONE
    assert len(all_assignments(session_factory)) == 1


def test_correcting_to_a_follow_up_outcome_names_an_interim_case_manager(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    correct_intake(
        uow(), visit.id, complete(OutcomeKind.MOTI), actor=actor, clock=clock, seen_record=1
    )
    with uow() as work:
        active = work.case_managers.active_for(client_of(visit))
    assert active is not None
    assert active.professional_id == own_professional(session_factory, actor).id
    assert active.interim is True


def test_a_case_manager_named_meanwhile_is_refused_as_stale(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manager = directory_entry(uow)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    with uow() as work:
        work.case_managers.add(
            client_of(visit), manager.id, interim=False, by=actor.id, at=clock.now()
        )
        work.commit()
    # finish_intake read "nobody" just before the other terminal's commit became visible.
    monkeypatch.setattr(SqlCaseManagerRepository, "active_for", lambda _self, _client_id: None)
    with pytest.raises(StaleVersion):
        finish_intake(uow(), visit.id, complete(OutcomeKind.MOTI), actor=actor, clock=clock)
    assert record_rows(session_factory, visit.id) == []
    assert visit_row(session_factory, visit.id).state is VisitState.IN_SERVICE
    rows = assignments(session_factory, client_of(visit))
    assert [row.professional_id for row in rows] == [manager.id]
    assert member_ids(session_factory, client_of(visit)) == []


def test_the_database_refuses_a_second_active_case_manager(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    client_id = client_of(register(uow, actor, location, clock, name="Laine Liisa"))
    with uow() as work:
        professional = work.professionals.for_staff(actor, location.name)
        work.commit()

    def assignment(ended_at: dt.datetime | None = None) -> CaseManagerRow:
        return CaseManagerRow(
            client_id=client_id,
            professional_id=professional.id,
            interim=True,
            started_at=clock.now(),
            started_by=actor.id,
            ended_at=ended_at,
        )

    with session_factory() as session:
        session.add(assignment())
        session.commit()
    with session_factory() as session:
        session.add(assignment())
        with pytest.raises(IntegrityError):
            session.commit()
    assert len(assignments(session_factory, client_id)) == 1

    # Once the first has ended, a new one may start.
    with session_factory() as session:
        first = session.scalars(select(CaseManagerRow)).one()
        first.ended_at = clock.now()
        first.ended_by = actor.id
        first.end_reason = EndReason.OTHER
        session.add(assignment())
        session.commit()
    rows = assignments(session_factory, client_id)
    assert len(rows) == 2
    assert [row.ended_at is None for row in rows] == [False, True]
    # Ended assignments do not count: several may exist side by side.
    with session_factory() as session:
        session.add(assignment(ended_at=clock.now()))
        session.commit()
    assert len(assignments(session_factory, client_id)) == 3


# Feedback reminder (R10) ---------------------------------------------------------


@pytest.mark.parametrize("given", [True, False])
def test_feedback_reminder_is_stored_on_the_visit(
    given: bool,
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    assert visit_row(session_factory, visit.id).feedback_given is None
    record_feedback_reminder(uow(), visit.id, given, actor=actor)
    assert visit_row(session_factory, visit.id).feedback_given is given
    assert actions_for(session_factory, client_of(visit))[-1] == AccessAction.VISIT_UPDATED.value


def test_feedback_reminder_can_be_changed(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock)
    record_feedback_reminder(uow(), visit.id, False, actor=actor)
    record_feedback_reminder(uow(), visit.id, True, actor=actor)
    assert visit_row(session_factory, visit.id).feedback_given is True


# Known facts (R7) ----------------------------------------------------------------


def test_facts_count_earlier_visits_and_finished_intakes(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    def at(days_ago: int) -> FixedClock:
        return FixedClock(clock.now() - dt.timedelta(days=days_ago))

    first = register(uow, actor, location, at(200), name="Toistuva Tuomas")
    client_id = client_of(first)
    visits = {200: first}
    for days_ago in (100, 10, 3):
        visits[days_ago] = register(uow, actor, location, at(days_ago), client_id=client_id)
    # Finished intakes 200 and 10 days ago (the latter corrected: still one intake).
    for days_ago in (200, 10):
        past = at(days_ago)
        visit = visits[days_ago]
        reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=past)
        finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=past)
    correct_intake(
        uow(), visits[10].id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock, seen_record=1
    )
    # Somebody else's visits and intakes are not this client's facts.
    stranger = called(uow, actor, location, clock, name="Muu Maija")
    finish_intake(uow(), stranger.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)

    today = called(uow, actor, location, clock, client_id=client_id)
    facts = open_interview(uow(), today.id, actor=actor, clock=clock).facts
    # 100, 10 and 3 days ago; not 200 days ago, not today's own visit.
    assert facts.visits_last_6_months == 3
    assert facts.earlier_intakes == 2

    # Finishing today's intake does not make it an "earlier" one.
    finish_intake(uow(), today.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    facts = open_interview(uow(), today.id, actor=actor, clock=clock).facts
    assert facts.visits_last_6_months == 3
    assert facts.earlier_intakes == 2


def test_a_first_visit_has_no_facts(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = called(uow, actor, location, clock, name="Uusi Ulla")
    facts = open_interview(uow(), visit.id, actor=actor, clock=clock).facts
    assert (facts.visits_last_6_months, facts.earlier_intakes) == (0, 0)


def test_an_anonymous_visit_has_no_client_and_no_facts(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    register(uow, actor, location, clock)
    visit = called(uow, actor, location, clock)
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert view.client is None
    assert (view.facts.visits_last_6_months, view.facts.earlier_intakes) == (0, 0)
    with session_factory() as session:
        assert list(session.scalars(select(AccessEventRow))) == []


# Client summary --------------------------------------------------------------------


def test_summary_lists_visits_newest_first_with_the_newest_record(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    first_target = add_service(uow, actor, "Aikuissosiaalityö")
    corrected_target = add_service(uow, actor, "Talous- ja velkaneuvonta")
    month_ago = FixedClock(clock.now() - dt.timedelta(days=30))
    old = called(uow, actor, location, month_ago, name="Laine Liisa")
    client_id = client_of(old)
    finish_intake(
        uow(), old.id, complete(OutcomeKind.REFERRED, first_target), actor=actor, clock=month_ago
    )
    corrected = correct_intake(
        uow(),
        old.id,
        complete(OutcomeKind.REFERRED, corrected_target),
        actor=actor,
        clock=clock,
        seen_record=1,
    ).record
    week_ago = FixedClock(clock.now() - dt.timedelta(days=7))
    left = register(uow, actor, location, week_ago, client_id=client_id)
    reception.mark_left(uow(), left.id, left.version, actor=actor, clock=week_ago)
    today = called(uow, actor, location, clock, client_id=client_id)
    latest = finish_intake(
        uow(), today.id, complete(OutcomeKind.COORDINATOR), actor=actor, clock=clock
    ).record

    summary = client_summary(uow(), client_id, actor=actor)

    assert summary.client.id == client_id
    assert [line.visit.id for line in summary.visits] == [today.id, left.id, old.id]
    newest, gone, referred = summary.visits
    assert newest.record == latest
    assert newest.referral is None
    assert gone.record is None
    assert gone.visit.state is VisitState.LEFT
    assert referred.record == corrected
    assert referred.record is not None and referred.record.number == 2
    assert referred.referral is not None
    assert referred.referral.id == corrected_target.id
    assert summary.case_manager is not None
    assert summary.case_manager.professional_id == own_professional(session_factory, actor).id
    assert summary.case_manager_name(summary.case_manager) == actor.name
    assert summary.case_manager.interim is True
    assert summary.staff_name(actor.id) == actor.name


def test_summary_shows_a_deactivated_referral_target(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    service = add_service(uow, actor)
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    finish_intake(
        uow(), visit.id, complete(OutcomeKind.REFERRED, service), actor=actor, clock=clock
    )
    deactivate(uow, actor, service)
    (line,) = client_summary(uow(), client_of(visit), actor=actor).visits
    assert line.referral is not None
    assert line.referral.id == service.id
    assert line.referral.active is False


def test_summary_without_intakes_or_case_manager(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit = register(uow, actor, location, clock, name="Laine Liisa")
    summary = client_summary(uow(), client_of(visit), actor=actor)
    assert summary.case_manager is None
    assert summary.case_manager_history == ()
    assert [line.visit.id for line in summary.visits] == [visit.id]
    assert summary.visits[0].record is None


# Access log (R12) ------------------------------------------------------------------


def test_interview_reads_and_writes_are_in_the_access_log(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    client_id = client_of(visit)
    open_interview(uow(), visit.id, actor=actor, clock=clock)
    draft = save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    finish_intake(
        uow(),
        visit.id,
        complete(OutcomeKind.ADVICE),
        actor=actor,
        clock=clock,
        seen_draft=draft.version,
    )
    client_summary(uow(), client_id, actor=actor)

    interview_events = {
        AccessAction.INTAKE_OPENED.value,
        AccessAction.INTAKE_DRAFT_SAVED.value,
        AccessAction.INTAKE_FINISHED.value,
        AccessAction.SUMMARY_READ.value,
    }
    logged = [a for a in actions_for(session_factory, client_id) if a in interview_events]
    assert logged == ["intake.open", "intake.draft", "intake.finish", "client.summary"]
    with session_factory() as session:
        rows = list(
            session.scalars(
                select(AccessEventRow).where(AccessEventRow.action.in_(interview_events))
            )
        )
    assert len(rows) == 4
    assert {(row.actor_id, row.client_id, row.at) for row in rows} == {
        (actor.id, client_id, clock.now())
    }


def test_a_correction_is_in_the_access_log(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    correct_intake(
        uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock, seen_record=1
    )
    assert actions_for(session_factory, client_of(visit))[-1] == "intake.correct"


# Service catalogue -----------------------------------------------------------------


def test_editing_a_service_with_an_old_version_is_refused(uow: Uow, actor: Staff) -> None:
    service = add_service(uow, actor, "Aikuissosiaalityö", contact="puh. 040 123")
    edited = save_service(
        uow(),
        ServiceInput(
            name="Aikuissosiaalityö (Lappeenranta)",
            sector=Sector.SOCIAL,
            contact=service.contact,
            service_id=service.id,
            seen_version=service.version,
        ),
        actor=actor,
    )
    assert edited.version > service.version
    with pytest.raises(StaleVersion):
        save_service(
            uow(),
            ServiceInput(
                name="Vanha näkymä",
                sector=Sector.HEALTH,
                service_id=service.id,
                seen_version=service.version,
            ),
            actor=actor,
        )
    with uow() as work:
        stored = work.services.get(service.id)
    assert stored == edited
    assert stored.name == "Aikuissosiaalityö (Lappeenranta)"


def test_a_correction_may_keep_a_referral_to_a_since_deactivated_service(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    """Fixing a note must not force a new referral target: old referrals keep theirs."""
    service = add_service(uow, actor, "Lakkautettava palvelu")
    visit = called(uow, actor, location, clock, name="Pitkänen Paula")
    finish_intake(
        uow(), visit.id, complete(OutcomeKind.REFERRED, service), actor=actor, clock=clock
    )
    deactivate(uow, actor, service)
    fixed = complete(OutcomeKind.REFERRED, service).model_copy(update={"goals": "Korjattu"})
    record = correct_intake(uow(), visit.id, fixed, actor=actor, clock=clock, seen_record=1).record
    assert record.number == 2
    assert record.content.referral_service_id == service.id
    other = add_service(uow, actor, "Toinen lakkautettu")
    deactivate(uow, actor, other)
    with pytest.raises(InvalidInput) as refused:
        correct_intake(
            uow(),
            visit.id,
            complete(OutcomeKind.REFERRED, other),
            actor=actor,
            clock=clock,
            seen_record=2,
        )
    assert set(refused.value.fields) == {"referral_service"}


def test_saving_as_one_types_logs_the_draft_once_per_stretch_of_typing(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    """The draft is saved a moment after each pause in typing, often once a key: the
    access log says who wrote it and when, not once per key (which would bury the
    client's access listing and make every key take the log's lock)."""
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    client_id = client_of(visit)
    draft = None
    for word in ("Asuu", "Asuu ystävällä", "Asuu ystävällä, ei vuokrasopimusta"):
        draft = save_draft(
            uow(),
            visit.id,
            typed(goals=word),
            draft.version if draft else None,
            actor=actor,
            clock=clock,
        )
        clock.advance(seconds=20)
    drafts = [a for a in actions_for(session_factory, client_id) if a == "intake.draft"]
    assert drafts == ["intake.draft"]
    clock.advance(minutes=DRAFT_LOG_MINUTES)
    assert draft is not None
    save_draft(uow(), visit.id, typed(goals="Muutti"), draft.version, actor=actor, clock=clock)
    drafts = [a for a in actions_for(session_factory, client_id) if a == "intake.draft"]
    assert drafts == ["intake.draft", "intake.draft"]


# Two terminals in one interview: every save path checks the version -------------------


def test_finishing_over_a_colleagues_newer_draft_is_refused_naming_them(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    other = reception.identify_staff(uow(), "Toinen Tiina")
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    mine = save_draft(uow(), visit.id, typed(goals="oma"), None, actor=actor, clock=clock)
    clock.advance(minutes=2)
    theirs = typed(goals="kollegan")
    save_draft(uow(), visit.id, theirs, mine.version, actor=other, clock=clock)
    with pytest.raises(StaleVersion) as caught:
        finish_intake(
            uow(),
            visit.id,
            complete(OutcomeKind.ADVICE),
            actor=actor,
            clock=clock,
            seen_draft=mine.version,
        )
    assert caught.value.saved_by == "Toinen Tiina"
    assert "Toinen Tiina" in caught.value.message
    assert record_rows(session_factory, visit.id) == []
    view = open_interview(uow(), visit.id, actor=actor, clock=clock)
    assert view.content == theirs
    assert view.visit.state is VisitState.IN_SERVICE


def test_finishing_without_having_seen_a_draft_is_refused(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    other = reception.identify_staff(uow(), "Toinen Tiina")
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    save_draft(uow(), visit.id, typed(goals="kollegan"), None, actor=other, clock=clock)
    with pytest.raises(StaleVersion):
        finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    assert record_rows(session_factory, visit.id) == []


def test_a_correction_of_an_older_version_is_refused(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    other = reception.identify_staff(uow(), "Toinen Tiina")
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    correct_intake(
        uow(),
        visit.id,
        complete(OutcomeKind.ADVICE).model_copy(update={"goals": "toisen korjaus"}),
        actor=other,
        clock=clock,
        seen_record=1,
    )
    with pytest.raises(StaleVersion) as caught:
        correct_intake(
            uow(),
            visit.id,
            complete(OutcomeKind.COORDINATOR),
            actor=actor,
            clock=clock,
            seen_record=1,
        )
    assert caught.value.saved_by == "Toinen Tiina"
    assert [r.number for r in record_rows(session_factory, visit.id)] == [1, 2]
    # A correction draft started on version 1 is refused too.
    with pytest.raises(StaleVersion):
        save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock, seen_record=1)
    with uow() as work:
        assert work.intakes.draft_for(visit.id) is None


def test_a_correction_over_a_colleagues_correction_draft_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    other = reception.identify_staff(uow(), "Toinen Tiina")
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    finish_intake(uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock)
    save_draft(
        uow(), visit.id, typed(goals="kesken"), None, actor=other, clock=clock, seen_record=1
    )
    with pytest.raises(StaleVersion):
        correct_intake(
            uow(), visit.id, complete(OutcomeKind.ADVICE), actor=actor, clock=clock, seen_record=1
        )


def test_merge_keeps_own_changes_on_top_of_the_newer_version() -> None:
    base = typed(goals="alku", resources="alku")
    mine = base.model_copy(update={"goals": "oma", "outcome": OutcomeKind.MOTI})
    theirs = base.model_copy(
        update={"resources": "kollegan", "goals": "kollegan", "interpreter": False}
    )
    merged = merge_content(base, mine, theirs)
    assert merged.content.goals == "oma"  # changed by both: the worker's text stays
    assert merged.content.outcome is OutcomeKind.MOTI
    assert merged.content.resources == "kollegan"
    assert merged.content.interpreter is False
    assert merged.content.entry(LifeDomain.HOUSING).note == NOTE
    assert set(merged.taken) == {"voimavarat", "tulkin tarve"}
    assert merged.both == ("omat tavoitteet",)


# Leaving and serving a visit whose interview is under way ---------------------------


def test_leaving_a_visit_without_an_interview_closes_it_as_left(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    result = leave_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    assert result.visit.state is VisitState.LEFT
    assert result.record is None
    assert record_rows(session_factory, visit.id) == []


def test_leaving_a_visit_with_an_unfinished_interview_asks_then_records_it_as_left(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    content = typed(goals="Oma asunto", outcome=OutcomeKind.COORDINATOR)
    draft = save_draft(uow(), visit.id, content, None, actor=actor, clock=clock)
    with pytest.raises(UnfinishedInterview) as asked:
        leave_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    assert asked.value.draft_version == draft.version
    assert open_interview(uow(), visit.id, actor=actor, clock=clock).visit.state is (
        VisitState.IN_SERVICE
    )

    result = leave_visit(
        uow(), visit.id, visit.version, actor=actor, clock=clock, seen_draft=draft.version
    )
    assert result.visit.state is VisitState.LEFT
    assert result.record is not None
    assert result.record.content.outcome is OutcomeKind.CLIENT_LEFT
    assert result.record.content.goals == "Oma asunto"
    assert result.record.content.entry(LifeDomain.HOUSING).note == NOTE
    (row,) = record_rows(session_factory, visit.id)
    assert row.outcome is OutcomeKind.CLIENT_LEFT
    with uow() as work:
        assert work.intakes.draft_for(visit.id) is None
    assert all_assignments(session_factory) == []  # "left" needs no follow-up


def test_leaving_over_a_draft_saved_again_meanwhile_is_refused(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    draft = save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    save_draft(uow(), visit.id, typed(goals="lisää"), draft.version, actor=actor, clock=clock)
    with pytest.raises(StaleVersion):
        leave_visit(
            uow(), visit.id, visit.version, actor=actor, clock=clock, seen_draft=draft.version
        )
    assert record_rows(session_factory, visit.id) == []


def test_serving_or_leaving_a_visit_with_an_unfinished_interview_is_refused(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
) -> None:
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    with pytest.raises(DomainError) as refused:
        reception.finish_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    assert "kesken" in refused.value.message
    with pytest.raises(DomainError, match="kesken"):
        reception.mark_left(uow(), visit.id, visit.version, actor=actor, clock=clock)
    assert open_interview(uow(), visit.id, actor=actor, clock=clock).visit.state is (
        VisitState.IN_SERVICE
    )
    other = called(uow, actor, location, clock, name="Muu Maija")
    assert reception.finish_visit(
        uow(), other.id, other.version, actor=actor, clock=clock
    ).state is (VisitState.DONE)


def test_removing_a_draft_saved_again_meanwhile_is_refused(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    """The last guard of finishing: a draft saved between its check and its removal."""
    visit = called(uow, actor, location, clock, name="Laine Liisa")
    first = save_draft(uow(), visit.id, typed(), None, actor=actor, clock=clock)
    save_draft(uow(), visit.id, typed(goals="uudempi"), first.version, actor=actor, clock=clock)
    with uow() as work, pytest.raises(StaleVersion):
        work.intakes.delete_draft(visit.id, first.version)
    with uow() as work, pytest.raises(StaleVersion):
        work.intakes.delete_draft(visit.id, None)  # "no draft seen", but there is one
    with uow() as work:
        stored = work.intakes.draft_for(visit.id)
    assert stored is not None and stored.content.goals == "uudempi"
