"""Client feedback on a real SQLite file: what anonymous rows keep, the access log, reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction
from domain.case_management import EndParticipants, EndReason
from domain.clock import FixedClock
from domain.errors import DomainError
from domain.feedback import FeedbackKind
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import coordination, reception
from domain.use_cases.feedback import (
    client_feedback,
    record_closure_feedback,
    record_closure_reminder,
    record_visit_feedback,
)
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow, CaseManagerRow, FeedbackRow
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]


def served_visit(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> tuple[int, int]:
    """A named walk-in, called and served; returns (visit id, client id)."""
    visit = reception.register_walk_in(
        uow(), WalkInInput(name="Heikkinen Helena"), actor=actor, location=location, clock=clock
    )
    called = reception.call_next(uow(), actor=actor, location=location, clock=clock)
    assert called is not None
    reception.finish_visit(uow(), visit.id, called.version, actor=actor, clock=clock)
    assert visit.client_id is not None
    return visit.id, visit.client_id


def closed_relationship(
    uow: Uow, actor: Staff, client_id: int, clock: FixedClock, reason: EndReason
) -> int:
    """Laine Liisa managed the client until today; returns the assignment id."""
    liisa = coordination.save_professional(
        uow(),
        ProfessionalInput(
            name="Laine Liisa",
            title="sosiaaliohjaaja",
            organisation="Aikuissosiaalityö",
            sector=Sector.SOCIAL,
        ),
        actor=actor,
    )
    coordination.name_case_manager(uow(), client_id, liisa.id, "Sovittu", actor=actor, clock=clock)
    ended = coordination.end_case_management(
        uow(),
        client_id,
        reason,
        "",
        participants=EndParticipants(client=True),
        actor=actor,
        clock=clock,
    )
    return ended.id


def feedback_rows(session_factory: sessionmaker[Session]) -> list[FeedbackRow]:
    with session_factory() as session:
        return list(session.scalars(select(FeedbackRow).order_by(FeedbackRow.id)))


def log(session_factory: sessionmaker[Session], action: AccessAction) -> list[int]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow.client_id).where(AccessEventRow.action == action.value)
            )
        )


def test_anonymous_rows_carry_no_client_visit_or_assignment(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit_id, client_id = served_visit(uow, actor, location, clock)
    assignment_id = closed_relationship(uow, actor, client_id, clock, EndReason.NEED_ENDED)
    record_visit_feedback(uow(), visit_id, 2, "Jono oli pitkä", True, actor=actor, clock=clock)
    record_closure_feedback(
        uow(), assignment_id, 4, "", True, client_id=client_id, actor=actor, clock=clock
    )

    visit_row, closure_row = feedback_rows(session_factory)
    for row in (visit_row, closure_row):
        assert row.anonymous
        assert (row.client_id, row.visit_id, row.assignment_id) == (None, None, None)
        assert row.given_on == dt.date(2026, 11, 24)
        assert row.recorded_at == dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.UTC)
    assert (visit_row.kind, visit_row.staff_id, visit_row.location_id) == (
        FeedbackKind.VISIT,
        actor.id,
        location.id,
    )
    with session_factory() as session:
        manager = session.get(CaseManagerRow, assignment_id)
        assert manager is not None
        assert (closure_row.kind, closure_row.professional_id) == (
            FeedbackKind.CLOSURE,
            manager.professional_id,
        )
    assert log(session_factory, AccessAction.FEEDBACK_RECORDED) == []
    assert client_feedback(uow(), client_id, actor=actor) == []


def test_named_feedback_is_linked_listed_and_logged(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit_id, client_id = served_visit(uow, actor, location, clock)
    assignment_id = closed_relationship(uow, actor, client_id, clock, EndReason.MOVED)
    record_visit_feedback(uow(), visit_id, 5, "[b]Kiitos[/b]", False, actor=actor, clock=clock)
    record_closure_feedback(
        uow(), assignment_id, 3, "", False, client_id=client_id, actor=actor, clock=clock
    )

    visit_row, closure_row = feedback_rows(session_factory)
    assert (visit_row.client_id, visit_row.visit_id, visit_row.assignment_id) == (
        client_id,
        visit_id,
        None,
    )
    assert visit_row.text == "[b]Kiitos[/b]"
    assert visit_row.recorded_at == clock.now()
    assert (closure_row.client_id, closure_row.assignment_id) == (client_id, assignment_id)
    assert log(session_factory, AccessAction.FEEDBACK_RECORDED) == [client_id, client_id]
    listed = client_feedback(uow(), client_id, actor=actor)
    assert sorted(f.kind for f in listed) == [FeedbackKind.CLOSURE, FeedbackKind.VISIT]
    assert log(session_factory, AccessAction.FEEDBACK_READ) == [client_id]


def test_feedback_per_worker_counts_anonymous_feedback_too(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    visit_id, client_id = served_visit(uow, actor, location, clock)
    assignment_id = closed_relationship(uow, actor, client_id, clock, EndReason.DECLINED)
    record_visit_feedback(uow(), visit_id, 2, "", True, actor=actor, clock=clock)
    record_visit_feedback(uow(), visit_id, 4, "", False, actor=actor, clock=clock)
    record_closure_feedback(
        uow(), assignment_id, 5, "", True, client_id=client_id, actor=actor, clock=clock
    )
    with uow() as work:
        per_worker = work.reports.feedback_by_worker(
            dt.date(2026, 11, 1), dt.date(2026, 11, 30), None
        )
    assert {(w.name, w.count, w.average_score) for w in per_worker} == {
        ("Vastaanotto Veera", 2, 3.0),
        ("Laine Liisa", 1, 5.0),
    }


def test_the_closure_reminder_counts_in_the_closures_figure(
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    _, client_id = served_visit(uow, actor, location, clock)
    assignment_id = closed_relationship(uow, actor, client_id, clock, EndReason.NEED_ENDED)
    record_closure_reminder(uow(), assignment_id, True, client_id=client_id, actor=actor)
    with session_factory() as session:
        row = session.get(CaseManagerRow, assignment_id)
        assert row is not None and row.feedback_given is True
    assert log(session_factory, AccessAction.CASE_MANAGER_UPDATED) == [client_id]
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with uow() as work:
        closures = work.reports.closures(start, start + dt.timedelta(days=30), None)
    # The served visit had no reminder answered; the closure had.
    assert (closures.part, closures.whole) == (1, 2)


def test_a_hand_over_is_not_a_closure(
    uow: Uow, actor: Staff, location: Location, clock: FixedClock
) -> None:
    _, client_id = served_visit(uow, actor, location, clock)
    liisa, kari = (
        coordination.save_professional(
            uow(),
            ProfessionalInput(name=name, organisation="Aikuissosiaalityö", sector=Sector.SOCIAL),
            actor=actor,
        )
        for name in ("Laine Liisa", "Koski Kari")
    )
    first = coordination.name_case_manager(
        uow(), client_id, liisa.id, "Sovittu", actor=actor, clock=clock
    )
    coordination.name_case_manager(uow(), client_id, kari.id, "Sovittu", actor=actor, clock=clock)
    with pytest.raises(DomainError, match="asiakkuus ei päättynyt"):
        record_closure_feedback(
            uow(), first.assignment.id, 4, "", False, client_id=client_id, actor=actor, clock=clock
        )
    with pytest.raises(DomainError, match="asiakkuus ei päättynyt"):
        record_closure_reminder(uow(), first.assignment.id, True, client_id=client_id, actor=actor)
