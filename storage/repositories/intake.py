"""Intake interviews: the drafts being typed and the records finished."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from domain.errors import Record, StaleVersion
from domain.intake import IntakeContent, IntakeDraft, IntakeRecord
from storage.converters import copy_draft_to_row, draft_from_row, new_record_row, record_from_row
from storage.orm import IntakeDraftRow, IntakeRecordRow, VisitRow
from storage.queue_watch import notify_queue_changed


class SqlIntakeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _draft_row(self, visit_id: int) -> IntakeDraftRow | None:
        return self._session.scalars(
            select(IntakeDraftRow).where(IntakeDraftRow.visit_id == visit_id)
        ).first()

    def draft_for(self, visit_id: int) -> IntakeDraft | None:
        row = self._draft_row(visit_id)
        return draft_from_row(row) if row else None

    def save_draft(
        self,
        visit_id: int,
        content: IntakeContent,
        seen_version: int | None,
        by: int,
        at: dt.datetime,
        position: str | None = None,
    ) -> IntakeDraft:
        row = self._draft_row(visit_id)
        if row is None:
            if seen_version is not None:
                # The draft this screen was editing was finished or removed meanwhile.
                raise StaleVersion.of(Record.INTAKE_DRAFT)
            row = IntakeDraftRow(visit_id=visit_id)
            self._session.add(row)
        elif row.version != seen_version:
            raise StaleVersion.of(Record.INTAKE_DRAFT)
        copy_draft_to_row(content, position, row, by=by, at=at)
        try:
            self._session.flush()
        except (StaleDataError, IntegrityError) as error:
            # Two first saves at once meet the unique visit_id; a later one the version.
            raise StaleVersion.of(Record.INTAKE_DRAFT) from error
        if seen_version is None:
            # A new draft: the queues show the visit as "Luonnos" from now on.
            visit = self._session.get(VisitRow, visit_id)
            if visit is not None:
                notify_queue_changed(self._session, visit.location_id)
        return draft_from_row(row)

    def visits_with_draft(self, visit_ids: Collection[int]) -> set[int]:
        if not visit_ids:
            return set()
        return set(
            self._session.scalars(
                select(IntakeDraftRow.visit_id).where(IntakeDraftRow.visit_id.in_(list(visit_ids)))
            )
        )

    def delete_draft(self, visit_id: int, seen_version: int | None) -> None:
        statement = delete(IntakeDraftRow).where(IntakeDraftRow.visit_id == visit_id)
        if seen_version is not None:
            statement = statement.where(IntakeDraftRow.version == seen_version)
        # On PostgreSQL the DELETE waits for a draft save under way and then sees its
        # new version: the finish that read the old one is refused, not the draft lost.
        deleted = self._session.execute(statement, execution_options={"synchronize_session": False})
        if getattr(deleted, "rowcount", 0) != (0 if seen_version is None else 1):
            raise StaleVersion.of(Record.INTAKE_DRAFT)

    def records_for_visit(self, visit_id: int) -> list[IntakeRecord]:
        rows = self._session.scalars(
            select(IntakeRecordRow)
            .where(IntakeRecordRow.visit_id == visit_id)
            .order_by(IntakeRecordRow.number)
        )
        return [record_from_row(row) for row in rows]

    def records_for_client(self, client_id: int) -> list[IntakeRecord]:
        rows = self._session.scalars(
            select(IntakeRecordRow)
            .where(IntakeRecordRow.client_id == client_id)
            .order_by(IntakeRecordRow.finished_at.desc(), IntakeRecordRow.id.desc())
        )
        return [record_from_row(row) for row in rows]

    def add_record(
        self,
        visit_id: int,
        client_id: int | None,
        content: IntakeContent,
        by: int,
        at: dt.datetime,
        supersedes_id: int | None,
    ) -> IntakeRecord:
        number = (
            self._session.scalar(
                select(func.max(IntakeRecordRow.number)).where(IntakeRecordRow.visit_id == visit_id)
            )
            or 0
        ) + 1
        row = new_record_row(
            visit_id, client_id, number, content, by=by, at=at, supersedes_id=supersedes_id
        )
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as error:
            # Another terminal finished or corrected the same intake at the same moment.
            raise StaleVersion.of(Record.INTAKE_DRAFT) from error
        return record_from_row(row)

    def visits_with_records(self, client_id: int) -> int:
        return (
            self._session.scalar(
                select(func.count(func.distinct(IntakeRecordRow.visit_id))).where(
                    IntakeRecordRow.client_id == client_id
                )
            )
            or 0
        )
