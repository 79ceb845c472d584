"""Undo and put back on a real database: the moves are kept, the other desks learn of it.

On SQLite and PostgreSQL: the move log and ``visits.absent_at`` are stored and
read back, the access log records both changes, and the queue watch (polling
on SQLite, NOTIFY on PostgreSQL) wakes the other terminals.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction
from domain.clock import FixedClock, local_day_bounds, local_today
from domain.errors import DomainError
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.queue_undo import undo_last_move
from domain.use_cases.reception import put_back_visit
from domain.visit_moves import MoveKind
from domain.visits import VisitState
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow, VisitMoveRow
from storage.queue_watch import SqlQueueWatch
from storage.unit_of_work import SqlUnitOfWork

UoW = Callable[[], SqlUnitOfWork]


def _register(uow: UoW, actor: Staff, location: Location, clock: FixedClock, name: str) -> int:
    visit = reception.register_walk_in(
        uow(), WalkInInput(name=name), actor=actor, location=location, clock=clock
    )
    clock.advance(minutes=5)
    return visit.id


def test_undo_of_a_finish_is_stored_and_logged(
    uow: UoW,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    session_factory: sessionmaker[Session],
) -> None:
    visit_id = _register(uow, actor, location, clock, "Aino Virtanen")
    called = reception.call_next(uow(), actor=actor, location=location, clock=clock)
    assert called is not None
    clock.advance(minutes=10)
    reception.finish_visit(uow(), visit_id, called.version, actor=actor, clock=clock)
    clock.advance(minutes=1)

    undone = undo_last_move(uow(), actor=actor, location=location, clock=clock)

    assert undone.move.kind is MoveKind.FINISHED
    with uow() as work:
        stored = work.visits.get(visit_id)
    assert stored.state is VisitState.IN_SERVICE
    assert (stored.ended_at, stored.called_at) == (None, called.called_at)
    with session_factory() as session:
        moves = session.scalars(select(VisitMoveRow).order_by(VisitMoveRow.id)).all()
        assert [(m.kind, m.undone_at is not None) for m in moves] == [
            (MoveKind.CALLED, False),
            (MoveKind.FINISHED, True),
        ]
        logged = session.scalars(
            select(AccessEventRow.action).where(AccessEventRow.client_id == stored.client_id)
        ).all()
    assert logged.count(AccessAction.VISIT_UPDATED.value) == 3  # call, finish, undo


def test_put_back_keeps_the_place_and_is_stored(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock
) -> None:
    first = _register(uow, actor, location, clock, "Aino Virtanen")
    second = _register(uow, actor, location, clock, "Bertta Koski")
    called = reception.call_next(uow(), actor=actor, location=location, clock=clock)
    assert called is not None and called.id == first
    clock.advance(minutes=2)

    back = put_back_visit(uow(), first, called.version, actor=actor, clock=clock)
    assert back.absent_at == called.called_at

    queue = reception.todays_queue(uow(), actor=actor, location=location, clock=clock)
    assert [entry.visit.id for entry in queue] == [first, second]
    assert queue[0].visit.absent_at == called.called_at
    following = reception.call_next(uow(), actor=actor, location=location, clock=clock)
    assert following is not None and following.id == second


def test_the_other_terminals_learn_of_an_undo_and_a_put_back(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock, engine: Engine
) -> None:
    visit_id = _register(uow, actor, location, clock, "Aino Virtanen")
    called = reception.call_next(uow(), actor=actor, location=location, clock=clock)
    assert called is not None
    since, _ = local_day_bounds(local_today(clock))
    watch = SqlQueueWatch(engine)
    try:
        seen = watch.wait(location.id, since, None, 0)
        put_back_visit(uow(), visit_id, called.version, actor=actor, clock=clock)
        after_put_back = watch.wait(location.id, since, seen, 2.0)
        assert after_put_back != seen
        undo_last_move(uow(), actor=actor, location=location, clock=clock)
        assert watch.wait(location.id, since, after_put_back, 2.0) != after_put_back
    finally:
        watch.close()


def test_moves_older_than_today_are_not_offered(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock
) -> None:
    """Yesterday's last move is not "my last move" this morning."""
    visit_id = _register(uow, actor, location, clock, "Aino Virtanen")
    called = reception.call_next(uow(), actor=actor, location=location, clock=clock)
    assert called is not None and called.id == visit_id
    clock.advance(hours=24)
    with pytest.raises(DomainError, match="Ei peruttavaa"):
        undo_last_move(uow(), actor=actor, location=location, clock=clock)
