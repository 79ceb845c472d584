"""The queue's moves, kept for undo (issue 19; rules in :mod:`domain.queue_undo`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from domain.visit_moves import NewVisitMove, VisitMove
from storage.converters import new_visit_move_row, visit_move_from_row
from storage.orm import VisitMoveRow


class SqlVisitMoveRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, move: NewVisitMove) -> VisitMove:
        row = new_visit_move_row(move)
        self._session.add(row)
        self._session.flush()
        return visit_move_from_row(row)

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
        return visit_move_from_row(row) if row is not None else None

    def latest_for_visit(self, visit_id: int) -> VisitMove | None:
        row = self._session.scalars(
            select(VisitMoveRow)
            .where(VisitMoveRow.visit_id == visit_id)
            .order_by(VisitMoveRow.moved_at.desc(), VisitMoveRow.id.desc())
            .limit(1)
        ).first()
        return visit_move_from_row(row) if row is not None else None

    def mark_undone(self, move_id: int, at: dt.datetime) -> None:
        row = self._session.get(VisitMoveRow, move_id)
        if row is None:
            raise NotFound.of(Record.VISIT)
        row.undone_at = at
        self._session.flush()
