"""The queue's moves, kept for undo (issue 19; rules in :mod:`domain.queue_undo`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import NotFound
from domain.i18n import tr
from domain.visit_moves import NewVisitMove, VisitMove
from domain.visits import VisitSnapshot
from storage.orm import VisitMoveRow


def _move_from_row(row: VisitMoveRow) -> VisitMove:
    return VisitMove(
        id=row.id,
        visit_id=row.visit_id,
        location_id=row.location_id,
        kind=row.kind,
        moved_by=row.moved_by,
        moved_at=row.moved_at,
        to_state=row.to_state,
        before=VisitSnapshot(
            state=row.before_state,
            called_at=row.before_called_at,
            called_by=row.before_called_by,
            ended_at=row.before_ended_at,
            ended_by=row.before_ended_by,
            absent_at=row.before_absent_at,
        ),
        undone_at=row.undone_at,
    )


class SqlVisitMoveRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, move: NewVisitMove) -> VisitMove:
        before = move.before
        row = VisitMoveRow(
            visit_id=move.visit_id,
            location_id=move.location_id,
            kind=move.kind,
            moved_by=move.moved_by,
            moved_at=move.moved_at,
            to_state=move.to_state,
            before_state=before.state,
            before_called_at=before.called_at,
            before_called_by=before.called_by,
            before_ended_at=before.ended_at,
            before_ended_by=before.ended_by,
            before_absent_at=before.absent_at,
        )
        self._session.add(row)
        self._session.flush()
        return _move_from_row(row)

    def last_by(self, staff_id: int, location_id: int, since: dt.datetime) -> VisitMove | None:
        row = self._session.scalars(
            select(VisitMoveRow)
            .where(
                VisitMoveRow.moved_by == staff_id,
                VisitMoveRow.location_id == location_id,
                VisitMoveRow.moved_at >= since,
            )
            .order_by(VisitMoveRow.moved_at.desc(), VisitMoveRow.id.desc())
            .limit(1)
        ).first()
        return _move_from_row(row) if row is not None else None

    def latest_for_visit(self, visit_id: int) -> VisitMove | None:
        row = self._session.scalars(
            select(VisitMoveRow)
            .where(VisitMoveRow.visit_id == visit_id)
            .order_by(VisitMoveRow.moved_at.desc(), VisitMoveRow.id.desc())
            .limit(1)
        ).first()
        return _move_from_row(row) if row is not None else None

    def mark_undone(self, move_id: int, at: dt.datetime) -> None:
        row = self._session.get(VisitMoveRow, move_id)
        if row is None:
            raise NotFound(tr("storage.visit_missing"))
        row.undone_at = at
        self._session.flush()
