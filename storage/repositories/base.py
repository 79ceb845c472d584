"""What every repository has: the unit of work's session, and rows read by id or refused."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from storage.orm import Base

RowT = TypeVar("RowT", bound=Base)


class SqlRepository:
    """A repository over the one session its unit of work opened (and commits)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _get(self, row_type: type[RowT], row_id: int | None, record: Record) -> RowT:
        """The row with this id; the domain's refusal for a ``record`` gone if none
        (an input not yet saved, with no id, is none either)."""
        row = self._session.get(row_type, row_id)
        if row is None:
            raise NotFound.of(record)
        return row
