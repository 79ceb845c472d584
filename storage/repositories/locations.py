"""Locations: the reception desks and the team each belongs to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from domain.staff import Location
from storage.converters import location_from_row
from storage.orm import LocationRow
from storage.versions import created_meanwhile_refused


class SqlLocationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_add(self, code: str, name: str) -> Location:
        row = self._session.scalars(select(LocationRow).where(LocationRow.code == code)).first()
        if row is None:
            row = LocationRow(code=code, name=name)
            self._session.add(row)
            with created_meanwhile_refused():
                self._session.flush()
        return location_from_row(row)

    def get(self, location_id: int) -> Location:
        row = self._session.get(LocationRow, location_id)
        if row is None:
            raise NotFound.of(Record.LOCATION)
        return location_from_row(row)

    def by_code(self, code: str) -> Location | None:
        row = self._session.scalars(select(LocationRow).where(LocationRow.code == code)).first()
        return location_from_row(row) if row else None

    def all(self) -> list[Location]:
        rows = self._session.scalars(select(LocationRow).order_by(LocationRow.name, LocationRow.id))
        return [location_from_row(row) for row in rows]

    def set_team(self, location_id: int, team_id: int | None) -> Location:
        row = self._session.get(LocationRow, location_id)
        if row is None:
            raise NotFound.of(Record.LOCATION)
        row.team_id = team_id
        self._session.flush()
        return location_from_row(row)
