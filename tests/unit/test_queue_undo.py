"""Undoing a queue move, and putting a called visitor who did not come back in line.

Against the reception tests' in-memory unit of work. The rules are those of
:mod:`domain.queue_undo`: only the worker's own last move, within five
minutes, once, and not when the visit moved since.
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain.audit import AccessAction
from domain.clock import FixedClock
from domain.errors import DomainError, IllegalTransition
from domain.queue import QueueEntry, next_waiting, order_queue
from domain.staff import Staff
from domain.use_cases.queue_undo import UNDO_WINDOW, undo_last_move
from domain.use_cases.reception import (
    call_next,
    call_visit,
    finish_visit,
    mark_left,
    put_back_visit,
)
from domain.visit_moves import MoveKind
from domain.visits import Visit, VisitState
from tests.fakes import FakeUnitOfWork
from tests.unit.test_reception import ACTOR, HERE, NOW, seed_client, seed_visit

COLLEAGUE = Staff(id=9, name="Kalle Kollega")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def uow(clock: FixedClock) -> FakeUnitOfWork:
    return FakeUnitOfWork(clock)


def _stored(uow: FakeUnitOfWork, visit_id: int) -> Visit:
    return uow.committed.visits[visit_id]


def _undo(uow: FakeUnitOfWork, clock: FixedClock, actor: Staff = ACTOR) -> Visit:
    return undo_last_move(uow, actor=actor, location=HERE, clock=clock).visit


# --- undo ---------------------------------------------------------------------------


def test_a_finish_on_the_wrong_row_is_taken_back(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    client = seed_client(uow, "Aino Virtanen")
    visit = seed_visit(
        uow, NOW - dt.timedelta(minutes=30), state=VisitState.IN_SERVICE, client=client
    )
    finish_visit(uow, visit.id, visit.version, actor=ACTOR, clock=clock)
    clock.advance(minutes=2)

    done = undo_last_move(uow, actor=ACTOR, location=HERE, clock=clock)

    assert done.move.kind is MoveKind.FINISHED
    back = _stored(uow, visit.id)
    assert back.state is VisitState.IN_SERVICE
    assert (back.ended_at, back.ended_by) == (None, None)
    assert (back.called_at, back.called_by) == (visit.called_at, visit.called_by)
    assert uow.audits[-1] == (ACTOR.id, AccessAction.VISIT_UPDATED, client.id)


def test_a_call_by_mistake_puts_the_visitor_back_first_in_line(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    first = seed_visit(uow, NOW - dt.timedelta(minutes=20))
    seed_visit(uow, NOW - dt.timedelta(minutes=10))
    called = call_next(uow, actor=ACTOR, location=HERE, clock=clock)
    assert called is not None and called.id == first.id

    back = _undo(uow, clock)

    assert back.state is VisitState.WAITING
    assert (back.called_at, back.called_by) == (None, None)
    assert back.absent_at is None  # an undone call is not a missed one
    assert next_waiting(uow.committed.visits.values()) == back


def test_undo_is_refused_after_the_window(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    visit = seed_visit(uow, NOW - dt.timedelta(minutes=30), state=VisitState.IN_SERVICE)
    mark_left(uow, visit.id, visit.version, actor=ACTOR, clock=clock)
    clock.advance(seconds=int(UNDO_WINDOW.total_seconds()) + 1)

    with pytest.raises(DomainError, match="5 min"):
        _undo(uow, clock)
    assert _stored(uow, visit.id).state is VisitState.LEFT


def test_undo_works_up_to_the_end_of_the_window(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    visit = seed_visit(uow, NOW - dt.timedelta(minutes=30), state=VisitState.IN_SERVICE)
    mark_left(uow, visit.id, visit.version, actor=ACTOR, clock=clock)
    clock.advance(seconds=int(UNDO_WINDOW.total_seconds()))

    assert _undo(uow, clock).state is VisitState.IN_SERVICE


def test_a_colleagues_move_is_not_mine_to_undo(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    seed_visit(uow, NOW - dt.timedelta(minutes=20))
    call_next(uow, actor=COLLEAGUE, location=HERE, clock=clock)

    with pytest.raises(DomainError, match="Ei peruttavaa"):
        _undo(uow, clock)
    assert next(iter(uow.committed.visits.values())).state is VisitState.IN_SERVICE


def test_undo_is_refused_when_someone_moved_the_visit_since(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    waiting = seed_visit(uow, NOW - dt.timedelta(minutes=20))
    called = call_visit(uow, waiting.id, waiting.version, actor=ACTOR, clock=clock)
    # The colleague at the other desk finishes the visit I called.
    finish_visit(uow, called.id, called.version, actor=COLLEAGUE, clock=clock)

    with pytest.raises(DomainError, match="muutettu"):
        _undo(uow, clock)
    assert _stored(uow, waiting.id).state is VisitState.DONE


def test_a_save_that_is_not_a_move_does_not_block_the_undo(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    """The feedback reminder after ``d`` saves the visit (a new version), not a move."""
    visit = seed_visit(uow, NOW - dt.timedelta(minutes=30), state=VisitState.IN_SERVICE)
    finished = finish_visit(uow, visit.id, visit.version, actor=ACTOR, clock=clock)
    with uow:
        uow.visits.update(finished)
        uow.commit()

    assert _undo(uow, clock).state is VisitState.IN_SERVICE


def test_only_the_last_move_and_only_once(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    waiting = seed_visit(uow, NOW - dt.timedelta(minutes=20))
    called = call_visit(uow, waiting.id, waiting.version, actor=ACTOR, clock=clock)
    finish_visit(uow, called.id, called.version, actor=ACTOR, clock=clock)

    assert _undo(uow, clock).state is VisitState.IN_SERVICE
    with pytest.raises(DomainError, match="jo peruttu"):
        _undo(uow, clock)
    assert _stored(uow, waiting.id).state is VisitState.IN_SERVICE


def test_nothing_to_undo_says_so(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    with pytest.raises(DomainError, match="Ei peruttavaa"):
        _undo(uow, clock)


def test_a_call_whose_interview_has_begun_is_not_undone(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    waiting = seed_visit(uow, NOW - dt.timedelta(minutes=20))
    call_visit(uow, waiting.id, waiting.version, actor=ACTOR, clock=clock)
    uow.seed_draft(waiting.id, by=ACTOR.id)

    with pytest.raises(DomainError, match="kartoitus"):
        _undo(uow, clock)


# --- put back -------------------------------------------------------------------------


def test_a_visitor_who_did_not_come_goes_back_to_their_place(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    client = seed_client(uow, "Aino Virtanen")
    early = seed_visit(uow, NOW - dt.timedelta(minutes=40), client=client)
    later = seed_visit(uow, NOW - dt.timedelta(minutes=10))
    called = call_visit(uow, early.id, early.version, actor=ACTOR, clock=clock)
    clock.advance(minutes=3)

    back = put_back_visit(uow, called.id, called.version, actor=COLLEAGUE, clock=clock)

    assert back.state is VisitState.WAITING
    assert back.arrived_at == early.arrived_at
    assert back.absent_at == called.called_at
    # The minutes waited run on from the arrival.
    assert back.minutes_waited(clock.now()) == 43
    queue = order_queue(QueueEntry(visit=v, client=None) for v in uow.committed.visits.values())
    assert [entry.visit.id for entry in queue] == [early.id, later.id]
    assert uow.audits[-1] == (COLLEAGUE.id, AccessAction.VISIT_UPDATED, client.id)


def test_call_next_passes_over_the_absent_visitor_while_others_wait(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    early = seed_visit(uow, NOW - dt.timedelta(minutes=40))
    later = seed_visit(uow, NOW - dt.timedelta(minutes=10))
    called = call_visit(uow, early.id, early.version, actor=ACTOR, clock=clock)
    put_back_visit(uow, called.id, called.version, actor=ACTOR, clock=clock)

    second = call_next(uow, actor=ACTOR, location=HERE, clock=clock)
    assert second is not None and second.id == later.id
    # Nobody else waits: the absent visitor is next again.
    third = call_next(uow, actor=ACTOR, location=HERE, clock=clock)
    assert third is not None and third.id == early.id


def test_the_absent_visitor_who_comes_back_is_called_by_name(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    early = seed_visit(uow, NOW - dt.timedelta(minutes=40))
    seed_visit(uow, NOW - dt.timedelta(minutes=10))
    called = call_visit(uow, early.id, early.version, actor=ACTOR, clock=clock)
    back = put_back_visit(uow, called.id, called.version, actor=ACTOR, clock=clock)
    clock.advance(minutes=4)

    again = call_visit(uow, back.id, back.version, actor=ACTOR, clock=clock)
    assert again.state is VisitState.IN_SERVICE
    assert again.called_at == clock.now()


def test_put_back_can_be_undone(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    early = seed_visit(uow, NOW - dt.timedelta(minutes=40))
    called = call_visit(uow, early.id, early.version, actor=ACTOR, clock=clock)
    put_back_visit(uow, called.id, called.version, actor=ACTOR, clock=clock)

    restored = _undo(uow, clock)
    assert restored.state is VisitState.IN_SERVICE
    assert (restored.called_at, restored.absent_at) == (called.called_at, None)


def test_put_back_is_refused_once_the_interview_began(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    early = seed_visit(uow, NOW - dt.timedelta(minutes=40))
    called = call_visit(uow, early.id, early.version, actor=ACTOR, clock=clock)
    uow.seed_draft(early.id, by=ACTOR.id)

    with pytest.raises(DomainError, match="kartoitus"):
        put_back_visit(uow, called.id, called.version, actor=ACTOR, clock=clock)
    assert _stored(uow, early.id).state is VisitState.IN_SERVICE


@pytest.mark.parametrize("state", [VisitState.WAITING, VisitState.DONE, VisitState.LEFT])
def test_only_a_called_visitor_can_be_put_back(
    uow: FakeUnitOfWork, clock: FixedClock, state: VisitState
) -> None:
    visit = seed_visit(uow, NOW - dt.timedelta(minutes=40), state=state)
    with pytest.raises(DomainError):
        put_back_visit(uow, visit.id, visit.version, actor=ACTOR, clock=clock)


def test_the_visit_itself_refuses_a_put_back_unless_in_service() -> None:
    visit = Visit(
        id=1,
        location_id=1,
        client_id=None,
        reason="",
        channel="self",
        urgency="normal",
        state=VisitState.DONE,
        arrived_at=NOW,
        registered_by=1,
    )
    with pytest.raises(IllegalTransition):
        visit.put_back()
