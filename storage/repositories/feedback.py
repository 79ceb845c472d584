"""Client feedback rows (R10)."""

from __future__ import annotations

from sqlalchemy import select

from domain.feedback import Feedback, NewFeedback
from storage.converters import feedback_from_row
from storage.orm import FeedbackRow
from storage.repositories.base import SqlRepository


class SqlFeedbackRepository(SqlRepository):
    def add(self, new: NewFeedback) -> Feedback:
        row = FeedbackRow(**new.model_dump())
        self._session.add(row)
        self._session.flush()
        return feedback_from_row(row)

    def for_client(self, client_id: int) -> list[Feedback]:
        rows = self._session.scalars(
            select(FeedbackRow)
            .where(FeedbackRow.client_id == client_id)
            .order_by(FeedbackRow.given_on.desc(), FeedbackRow.id.desc())
        )
        return [feedback_from_row(row) for row in rows]
