"""Disclosure consents per client, receiving organisation and data kind (R12)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.consent import Consent, DataKind
from domain.errors import NotFound, Record
from storage.converters import consent_from_row
from storage.orm import ConsentRow
from storage.versions import refused_if_stale, require_version


class SqlConsentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        client_id: int,
        organisation: str,
        kind: DataKind,
        given_on: dt.date,
        *,
        recorded_by: int,
        recorded_at: dt.datetime,
    ) -> Consent:
        row = ConsentRow(
            client_id=client_id,
            organisation=organisation,
            kind=kind,
            given_on=given_on,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )
        self._session.add(row)
        self._session.flush()
        return consent_from_row(row)

    def for_client(self, client_id: int) -> list[Consent]:
        rows = self._session.scalars(
            select(ConsentRow)
            .where(ConsentRow.client_id == client_id)
            .order_by(ConsentRow.given_on.desc(), ConsentRow.id.desc())
        )
        return [consent_from_row(row) for row in rows]

    def withdraw(self, consent_id: int, withdrawn_on: dt.date, seen_version: int) -> Consent:
        row = self._session.get(ConsentRow, consent_id)
        if row is None:
            raise NotFound.of(Record.CONSENT)
        require_version(row.version, seen_version, Record.CONSENT)
        row.withdrawn_on = withdrawn_on
        with refused_if_stale(Record.CONSENT):
            self._session.flush()
        return consent_from_row(row)
