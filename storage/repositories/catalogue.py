"""The service catalogue that referrals and decisions point to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.catalogue import Service, ServiceInput
from domain.errors import NotFound, Record
from storage.converters import copy_service_to_row, service_from_row
from storage.orm import ServiceRow
from storage.versions import refused_if_stale, require_row_version, stamp


class SqlServiceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self, *, include_inactive: bool) -> list[Service]:
        statement = select(ServiceRow).order_by(ServiceRow.name, ServiceRow.id)
        if not include_inactive:
            statement = statement.where(ServiceRow.active.is_(True))
        return [service_from_row(row) for row in self._session.scalars(statement)]

    def get(self, service_id: int) -> Service:
        row = self._session.get(ServiceRow, service_id)
        if row is None:
            raise NotFound.of(Record.SERVICE)
        return service_from_row(row)

    def add(self, entry: ServiceInput) -> Service:
        row = ServiceRow()
        copy_service_to_row(entry, row)
        stamp(row, entry.saved_by, entry.saved_at)
        self._session.add(row)
        self._session.flush()
        return service_from_row(row)

    def update(self, entry: ServiceInput) -> Service:
        row = self._session.get(ServiceRow, entry.service_id)
        if row is None:
            raise NotFound.of(Record.SERVICE)
        require_row_version(row, entry.seen_version, Record.SERVICE)
        copy_service_to_row(entry, row)
        stamp(row, entry.saved_by, entry.saved_at)
        with refused_if_stale(Record.SERVICE, row=row):
            self._session.flush()
        return service_from_row(row)
