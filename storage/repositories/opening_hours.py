"""Walk-in opening hours, stored as minutes after local midnight per weekday."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain.opening_hours import OpeningHours
from storage.converters import hours_from_row, new_hours_row
from storage.orm import OpeningHoursRow


class SqlOpeningHoursRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def for_location(self, location_id: int) -> list[OpeningHours]:
        rows = self._session.scalars(
            select(OpeningHoursRow)
            .where(OpeningHoursRow.location_id == location_id)
            .order_by(OpeningHoursRow.weekday, OpeningHoursRow.opens_minute)
        )
        return [hours_from_row(row) for row in rows]

    def replace(self, location_id: int, hours: Sequence[OpeningHours]) -> None:
        """The location's whole week at once: the old periods go, the given ones come."""
        self._session.execute(
            delete(OpeningHoursRow).where(OpeningHoursRow.location_id == location_id)
        )
        self._session.add_all(new_hours_row(location_id, period) for period in hours)
        self._session.flush()
