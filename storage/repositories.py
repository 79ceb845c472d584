"""Repositories: the domain's ports over one SQLAlchemy session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from domain.clients import Client, NewClient
from domain.clock import Clock
from domain.errors import NotFound, StaleVersion
from domain.i18n import define, tr
from domain.search import ClientQuery
from domain.staff import Location, Staff
from domain.text import normalise_name
from domain.visits import NewVisit, Visit, VisitState
from storage.converters import (
    client_from_row,
    copy_visit_to_row,
    location_from_row,
    staff_from_row,
    visit_from_row,
)
from storage.orm import ClientRow, LocationRow, StaffRow, VisitRow

define(
    {
        "storage.client_missing": ("Asiakasta ei löydy.", "The client was not found."),
        "storage.visit_missing": ("Käyntiä ei löydy.", "The visit was not found."),
    }
)


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlClientRepository:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    def get(self, client_id: int) -> Client:
        row = self._session.get(ClientRow, client_id)
        if row is None:
            raise NotFound(tr("storage.client_missing"))
        return client_from_row(row)

    def get_many(self, client_ids: Iterable[int]) -> dict[int, Client]:
        ids = list(client_ids)
        if not ids:
            return {}
        rows = self._session.scalars(select(ClientRow).where(ClientRow.id.in_(ids)))
        return {row.id: client_from_row(row) for row in rows}

    def add(self, new: NewClient) -> Client:
        row = ClientRow(
            name=new.name,
            name_key=normalise_name(new.name or ""),
            hetu=new.hetu.code if new.hetu else None,
            birth_year=new.birth_year,
            created_at=self._clock.now(),
        )
        self._session.add(row)
        self._session.flush()
        return client_from_row(row)

    def by_hetu(self, hetu: str) -> Client | None:
        row = self._session.scalars(select(ClientRow).where(ClientRow.hetu == hetu)).first()
        return client_from_row(row) if row else None

    def born_in(self, year: int) -> list[Client]:
        rows = self._session.scalars(select(ClientRow).where(ClientRow.birth_year == year))
        return [client_from_row(row) for row in rows]

    def search(self, query: ClientQuery, limit: int) -> list[Client]:
        statement = select(ClientRow)
        for term in query.name_terms:
            statement = statement.where(
                ClientRow.name_key.like(f"%{_like_escape(term)}%", escape="\\")
            )
        if query.hetu is not None:
            statement = statement.where(ClientRow.hetu == query.hetu)
        if query.birth_year is not None:
            statement = statement.where(ClientRow.birth_year == query.birth_year)
        statement = statement.order_by(ClientRow.name_key, ClientRow.id).limit(limit)
        return [client_from_row(row) for row in self._session.scalars(statement)]


class SqlVisitRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, new: NewVisit) -> Visit:
        row = VisitRow(
            location_id=new.location_id,
            client_id=new.client_id,
            reason=new.reason,
            channel=new.channel,
            urgency=new.urgency,
            state=VisitState.WAITING,
            arrived_at=new.arrived_at,
            registered_by=new.registered_by,
        )
        self._session.add(row)
        self._session.flush()
        return visit_from_row(row)

    def get(self, visit_id: int) -> Visit:
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound(tr("storage.visit_missing"))
        return visit_from_row(row)

    def update(self, visit: Visit) -> Visit:
        row = self._session.get(VisitRow, visit.id)
        if row is None:
            raise NotFound(tr("storage.visit_missing"))
        if row.version != visit.version:
            raise StaleVersion(tr("visit.stale"))
        copy_visit_to_row(visit, row)
        try:
            # The UPDATE carries "WHERE version = :seen": a save by another
            # session since our read makes it match no row.
            self._session.flush()
        except StaleDataError as error:
            raise StaleVersion(tr("visit.stale")) from error
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


class SqlStaffRepository:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    def get_or_add(self, name: str) -> Staff:
        row = self._session.scalars(select(StaffRow).where(StaffRow.name == name)).first()
        if row is None:
            row = StaffRow(name=name, created_at=self._clock.now())
            self._session.add(row)
            self._session.flush()
        return staff_from_row(row)


class SqlLocationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_add(self, code: str, name: str) -> Location:
        row = self._session.scalars(select(LocationRow).where(LocationRow.code == code)).first()
        if row is None:
            row = LocationRow(code=code, name=name)
            self._session.add(row)
            self._session.flush()
        return location_from_row(row)
