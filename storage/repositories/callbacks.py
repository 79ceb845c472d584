"""The callbacks promised to clients and who is to make them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from domain.callbacks import Callback, CallbackInput
from domain.errors import NotFound, Record
from storage.converters import callback_from_row, new_callback_row
from storage.orm import CallbackRow
from storage.versions import refused_if_stale, require_version


class SqlCallbackRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, entry: CallbackInput, *, by: int, at: dt.datetime) -> Callback:
        row = new_callback_row(entry, by=by, at=at)
        self._session.add(row)
        self._session.flush()
        return callback_from_row(row)

    def get(self, callback_id: int) -> Callback:
        row = self._session.get(CallbackRow, callback_id)
        if row is None:
            raise NotFound.of(Record.CALLBACK)
        return callback_from_row(row)

    def open_for(self, staff_id: int) -> list[Callback]:
        rows = self._session.scalars(
            select(CallbackRow)
            .where(
                CallbackRow.done_at.is_(None),
                or_(CallbackRow.caller_id == staff_id, CallbackRow.created_by == staff_id),
            )
            .order_by(CallbackRow.due_on, CallbackRow.id)
        )
        found = [callback_from_row(row) for row in rows]
        # A day without a time first (call during the day), then by time: sorted
        # here, since the engines put NULL times at different ends.
        return sorted(
            found, key=lambda c: (c.due_on, c.due_time is not None, c.due_time or dt.time())
        )

    def mark_done(
        self, callback_id: int, seen_version: int, *, by: int, at: dt.datetime
    ) -> Callback:
        row = self._session.get(CallbackRow, callback_id)
        if row is None:
            raise NotFound.of(Record.CALLBACK)
        require_version(row.version, seen_version, Record.CALLBACK)
        row.done_at = at
        row.done_by = by
        with refused_if_stale(Record.CALLBACK):
            self._session.flush()
        return callback_from_row(row)
