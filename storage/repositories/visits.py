"""Visits: the queue's rows, one per arrival."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from domain.visits import NewVisit, Visit, VisitState
from storage.converters import copy_visit_to_row, new_visit_row, visit_from_row
from storage.orm import VisitRow
from storage.queue_watch import notify_queue_changed
from storage.versions import refused_if_stale, require_version


class SqlVisitRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, new: NewVisit) -> Visit:
        row = new_visit_row(new)
        self._session.add(row)
        self._session.flush()
        notify_queue_changed(self._session, row.location_id)
        return visit_from_row(row)

    def get(self, visit_id: int) -> Visit:
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound.of(Record.VISIT)
        return visit_from_row(row)

    def update(self, visit: Visit) -> Visit:
        row = self._session.get(VisitRow, visit.id)
        if row is None:
            raise NotFound.of(Record.VISIT)
        require_version(row.version, visit.version, Record.VISIT)
        copy_visit_to_row(visit, row)
        with refused_if_stale(Record.VISIT):
            # The UPDATE carries "WHERE version = :seen": a save by another
            # session since our read makes it match no row.
            self._session.flush()
        notify_queue_changed(self._session, row.location_id)
        return visit_from_row(row)

    def arrived_between(
        self, location_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[Visit]:
        rows = self._session.scalars(
            select(VisitRow)
            .where(
                VisitRow.location_id == location_id,
                VisitRow.arrived_at >= start,
                VisitRow.arrived_at < end,
            )
            .order_by(VisitRow.arrived_at, VisitRow.id)
        )
        return [visit_from_row(row) for row in rows]

    def for_client(self, client_id: int) -> list[Visit]:
        rows = self._session.scalars(
            select(VisitRow)
            .where(VisitRow.client_id == client_id)
            .order_by(VisitRow.arrived_at.desc(), VisitRow.id.desc())
        )
        return [visit_from_row(row) for row in rows]

    def open_for_client_since(self, client_id: int, since: dt.datetime) -> list[Visit]:
        rows = self._session.scalars(
            select(VisitRow)
            .where(
                VisitRow.client_id == client_id,
                VisitRow.arrived_at >= since,
                VisitRow.state.in_((VisitState.WAITING, VisitState.IN_SERVICE)),
            )
            .order_by(VisitRow.arrived_at, VisitRow.id)
        )
        return [visit_from_row(row) for row in rows]

    def count_for_client_since(self, client_id: int, since: dt.datetime) -> int:
        return (
            self._session.scalar(
                select(func.count())
                .select_from(VisitRow)
                .where(VisitRow.client_id == client_id, VisitRow.arrived_at >= since)
            )
            or 0
        )

    def set_feedback_reminder(self, visit_id: int, given: bool) -> None:
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound.of(Record.VISIT)
        row.feedback_given = given
        self._session.flush()
