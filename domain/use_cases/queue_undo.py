"""Undoing a queue move. (Putting a called visitor who is not there back in line is
:func:`domain.use_cases.reception.put_back_visit`, one of the moves kept here.)

The reception desk is fast and shared: a worker presses ``d`` on the wrong
row, or calls a name and nobody comes. Every move the queue's keys make
(call, finish, left, put back) is kept with what the visit was before it, so
that it can be taken back.

Who may undo what, and why:

- **Only the worker's own last move**, within :data:`UNDO_WINDOW`. Undo at a
  desk means "what I just did": the key works on this worker's latest move at
  this location, wherever the cursor is (the row moved when it was finished).
  A colleague at the other desk may be in the middle of serving the visitor
  they called; undoing their move from here would take the visitor away from
  them without their knowing.
- **Once, and only the last.** An undo is not itself undone, and after it the
  move before it stays: two presses of ``u`` do not walk back through the
  morning.
- **Not when the visit moved since.** If anyone (the worker too) moved the
  visit after it, or the interview closed it, undoing would overwrite that.
  The check is on the moves and the state, not on the visit's version: the
  feedback reminder after ``d`` saves the visit too, and must not make the
  finish impossible to undo.
- **Not a call whose interview has begun**: the typed draft belongs to a
  visitor who is there; it is finished or recorded as "client left".

An undo is audited as a change of the visit (``visit_updated``), like the move
it takes back, and goes through the visit's version check, so that two
terminals cannot undo and move at the same instant.
"""

from __future__ import annotations

import datetime as dt

from domain.audit import AccessAction
from domain.clock import Clock, local_day_bounds, local_today
from domain.errors import DomainError
from domain.i18n import tr
from domain.ports import UnitOfWork
from domain.queue_undo import Undone
from domain.staff import Location, Staff
from domain.use_cases.access import require
from domain.visit_moves import MoveKind, NewVisitMove, VisitMove
from domain.visits import Visit

UNDO_WINDOW = dt.timedelta(minutes=5)
"""How long a move can be undone: long enough to notice a wrong key, short enough
that nobody undoes a move the queue has long since moved on from."""


def record_move(
    uow: UnitOfWork, before: Visit, after: Visit, kind: MoveKind, actor: Staff, at: dt.datetime
) -> None:
    """Keep a move the queue made, in the caller's transaction (the caller commits)."""
    uow.visit_moves.add(
        NewVisitMove(
            visit_id=after.id,
            location_id=after.location_id,
            kind=kind,
            moved_by=actor.id,
            moved_at=at,
            before=before.snapshot,
            to_state=after.state,
        )
    )


def _refuse_undo(uow: UnitOfWork, move: VisitMove, visit: Visit, now: dt.datetime) -> None:
    if move.undone_at is not None:
        raise DomainError(tr("queue.undo_done_already", move=move.kind.label))
    if now - move.moved_at > UNDO_WINDOW:
        raise DomainError(
            tr(
                "queue.undo_too_late",
                move=move.kind.label,
                minutes=int(UNDO_WINDOW.total_seconds() // 60),
            )
        )
    latest = uow.visit_moves.latest_for_visit(visit.id)
    if latest is None or latest.id != move.id or visit.state is not move.to_state:
        raise DomainError(tr("queue.undo_changed_since", move=move.kind.label))
    if move.kind is MoveKind.CALLED and uow.intakes.draft_for(visit.id) is not None:
        raise DomainError(tr("queue.undo_interview_begun"))


def undo_last_move(uow: UnitOfWork, *, actor: Staff, location: Location, clock: Clock) -> Undone:
    """Take back this worker's last move in today's queue here (see the module's rules).

    Raises :class:`DomainError` with the reason when there is nothing to undo,
    the window has passed, or the visit changed since; :class:`StaleVersion`
    when another terminal saved the visit at the same moment.
    """
    now = clock.now()
    start, _ = local_day_bounds(local_today(clock))
    with uow:
        move = uow.visit_moves.last_by(actor.id, location.id, start)
        if move is None:
            raise DomainError(tr("queue.undo_nothing"))
        visit = uow.visits.get(move.visit_id)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.VISIT_UPDATED, visit.client_id)
        _refuse_undo(uow, move, visit, now)
        saved = uow.visits.update(visit.restored(move.before))
        uow.visit_moves.mark_undone(move.id, now)
        if saved.client_id is not None:
            uow.audit(actor, AccessAction.VISIT_UPDATED, saved.client_id)
        uow.commit()
    return Undone(move=move.model_copy(update={"undone_at": now}), visit=saved)
