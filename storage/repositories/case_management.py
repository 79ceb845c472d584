"""Case-manager assignments: who holds a client's case, and since when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from domain.case_management import CaseManagerAssignment, EndReason
from domain.errors import Record, StaleVersion
from storage.converters import assignment_from_row
from storage.orm import CaseManagerRow


class SqlCaseManagerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def active_for(self, client_id: int) -> CaseManagerAssignment | None:
        row = self._session.scalars(
            select(CaseManagerRow).where(
                CaseManagerRow.client_id == client_id, CaseManagerRow.ended_at.is_(None)
            )
        ).first()
        return assignment_from_row(row) if row else None

    def history(self, client_id: int) -> list[CaseManagerAssignment]:
        rows = self._session.scalars(
            select(CaseManagerRow)
            .where(CaseManagerRow.client_id == client_id)
            .order_by(CaseManagerRow.started_at.desc(), CaseManagerRow.id.desc())
        )
        return [assignment_from_row(row) for row in rows]

    def add(
        self, client_id: int, professional_id: int, *, interim: bool, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        row = CaseManagerRow(
            client_id=client_id,
            professional_id=professional_id,
            interim=interim,
            started_at=at,
            started_by=by,
        )
        self._session.add(row)
        try:
            self._session.flush()
        except (IntegrityError, OperationalError) as error:
            # The partial unique index, or SQLite's writer lock: another terminal named
            # one at the same moment. Either way this save lost the race.
            raise StaleVersion.of(Record.ASSIGNMENT) from error
        return assignment_from_row(row)

    def end(
        self, assignment_id: int, reason: EndReason, note: str, *, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        try:
            # Conditional on "still active": two terminals ending or replacing the same
            # assignment cannot both succeed.
            ended = self._session.execute(
                update(CaseManagerRow)
                .where(CaseManagerRow.id == assignment_id, CaseManagerRow.ended_at.is_(None))
                .values(ended_at=at, ended_by=by, end_reason=reason, end_note=note)
                .execution_options(synchronize_session=False)
            )
        except OperationalError as error:
            raise StaleVersion.of(Record.ASSIGNMENT) from error
        if ended.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleVersion.of(Record.ASSIGNMENT)
        row = self._session.get(CaseManagerRow, assignment_id, populate_existing=True)
        assert row is not None
        return assignment_from_row(row)

    def set_feedback_reminder(self, assignment_id: int, given: bool) -> None:
        self._session.execute(
            update(CaseManagerRow)
            .where(CaseManagerRow.id == assignment_id)
            .values(feedback_given=given)
            .execution_options(synchronize_session=False)
        )

    def active_for_professional(self, professional_id: int) -> list[CaseManagerAssignment]:
        rows = self._session.scalars(
            select(CaseManagerRow)
            .where(
                CaseManagerRow.professional_id == professional_id,
                CaseManagerRow.ended_at.is_(None),
            )
            .order_by(CaseManagerRow.started_at, CaseManagerRow.id)
        )
        return [assignment_from_row(row) for row in rows]
