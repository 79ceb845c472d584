"""Referrals and their state changes (:mod:`domain.referrals`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from domain.referrals import Referral, ReferralChange, ReferralSource, ReferralState
from storage.converters import (
    copy_change_to_referral_row,
    new_referral_change_row,
    referral_from_row,
)
from storage.orm import CaseManagerRow, ReferralChangeRow, ReferralRow
from storage.versions import refused_if_stale, require_version


class SqlReferralRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _with_history(self, rows: list[ReferralRow]) -> list[Referral]:
        changes: dict[int, list[ReferralChangeRow]] = defaultdict(list)
        if rows:
            for change in self._session.scalars(
                select(ReferralChangeRow)
                .where(ReferralChangeRow.referral_id.in_([row.id for row in rows]))
                .order_by(ReferralChangeRow.id)
            ):
                changes[change.referral_id].append(change)
        return [referral_from_row(row, changes[row.id]) for row in rows]

    def add(
        self,
        *,
        client_id: int,
        source: ReferralSource,
        source_id: int | None,
        service_id: int | None,
        target: str,
        expected_on: dt.date,
        made_by: int,
        made_at: dt.datetime,
    ) -> Referral:
        row = ReferralRow(
            client_id=client_id,
            source=source,
            source_id=source_id,
            service_id=service_id,
            target=target,
            expected_on=expected_on,
            made_by=made_by,
            made_at=made_at,
            state=ReferralState.SENT,
        )
        self._session.add(row)
        self._session.flush()
        return referral_from_row(row, [])

    def get(self, referral_id: int) -> Referral:
        row = self._session.get(ReferralRow, referral_id)
        if row is None:
            raise NotFound.of(Record.REFERRAL)
        return self._with_history([row])[0]

    def for_client(self, client_id: int) -> list[Referral]:
        rows = self._session.scalars(
            select(ReferralRow)
            .where(ReferralRow.client_id == client_id)
            .order_by(ReferralRow.made_at.desc(), ReferralRow.id.desc())
        )
        return self._with_history(list(rows))

    def record(self, referral_id: int, change: ReferralChange, seen_version: int) -> Referral:
        row = self._session.get(ReferralRow, referral_id)
        if row is None:
            raise NotFound.of(Record.REFERRAL)
        require_version(row.version, seen_version, Record.REFERRAL)
        copy_change_to_referral_row(change, row)
        self._session.add(new_referral_change_row(referral_id, change))
        with refused_if_stale(Record.REFERRAL):
            self._session.flush()
        return self.get(referral_id)

    def past_due(
        self, today: dt.date, professional_id: int, staff_id: int | None
    ) -> list[Referral]:
        managed = select(CaseManagerRow.client_id).where(
            CaseManagerRow.professional_id == professional_id,
            CaseManagerRow.ended_at.is_(None),
        )
        whose: list[ColumnElement[bool]] = [ReferralRow.client_id.in_(managed)]
        if staff_id is not None:
            whose.append(ReferralRow.made_by == staff_id)
        rows = self._session.scalars(
            select(ReferralRow)
            .where(
                ReferralRow.state == ReferralState.SENT,
                ReferralRow.expected_on < today,
                or_(*whose),
            )
            .order_by(ReferralRow.expected_on, ReferralRow.id)
        )
        return self._with_history(list(rows))
