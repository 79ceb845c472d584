"""Pending service need assessments and their due dates (R9)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from domain.need_assessment import PendingAssessment
from storage.converters import pending_from_row
from storage.orm import CaseManagerRow, PendingAssessmentRow
from storage.versions import refused_if_stale, require_version


class SqlPendingAssessmentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        client_id: int,
        *,
        pending_since: dt.date,
        due_on: dt.date,
        statutory: bool,
        recorded_by: int,
    ) -> PendingAssessment:
        row = PendingAssessmentRow(
            client_id=client_id,
            pending_since=pending_since,
            due_on=due_on,
            statutory=statutory,
            recorded_by=recorded_by,
        )
        self._session.add(row)
        self._session.flush()
        return pending_from_row(row)

    def get(self, pending_id: int) -> PendingAssessment:
        row = self._session.get(PendingAssessmentRow, pending_id)
        if row is None:
            raise NotFound.of(Record.PENDING_ASSESSMENT)
        return pending_from_row(row)

    def for_client(self, client_id: int) -> list[PendingAssessment]:
        rows = self._session.scalars(
            select(PendingAssessmentRow)
            .where(PendingAssessmentRow.client_id == client_id)
            .order_by(PendingAssessmentRow.pending_since.desc(), PendingAssessmentRow.id.desc())
        )
        return [pending_from_row(row) for row in rows]

    def mark_started(
        self, pending_id: int, started_on: dt.date, seen_version: int
    ) -> PendingAssessment:
        row = self._session.get(PendingAssessmentRow, pending_id)
        if row is None:
            raise NotFound.of(Record.PENDING_ASSESSMENT)
        require_version(row.version, seen_version, Record.PENDING_ASSESSMENT)
        row.started_on = started_on
        with refused_if_stale(Record.PENDING_ASSESSMENT):
            self._session.flush()
        return pending_from_row(row)

    def reschedule(self, pending_id: int, due_on: dt.date, statutory: bool) -> PendingAssessment:
        row = self._session.get(PendingAssessmentRow, pending_id)
        if row is None:
            raise NotFound.of(Record.PENDING_ASSESSMENT)
        row.due_on = due_on
        row.statutory = statutory
        with refused_if_stale(Record.PENDING_ASSESSMENT):
            self._session.flush()
        return pending_from_row(row)

    def not_started_due_by(
        self, horizon: dt.date, professional_id: int | None
    ) -> list[PendingAssessment]:
        """Not yet started and due on or before ``horizon``, earliest first.

        With ``professional_id``: only that case manager's clients and clients with
        no active case manager, whom nobody else would notice.
        """
        query = select(PendingAssessmentRow).where(
            PendingAssessmentRow.started_on.is_(None), PendingAssessmentRow.due_on <= horizon
        )
        if professional_id is not None:
            active = CaseManagerRow.ended_at.is_(None)
            query = query.where(
                or_(
                    exists().where(
                        and_(
                            CaseManagerRow.client_id == PendingAssessmentRow.client_id,
                            active,
                            CaseManagerRow.professional_id == professional_id,
                        )
                    ),
                    ~exists().where(
                        and_(CaseManagerRow.client_id == PendingAssessmentRow.client_id, active)
                    ),
                )
            )
        rows = self._session.scalars(
            query.order_by(PendingAssessmentRow.due_on, PendingAssessmentRow.id)
        )
        return [pending_from_row(row) for row in rows]
