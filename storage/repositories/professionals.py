"""The professional directory: who works where, searchable by name, title and organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from domain.network import Professional, ProfessionalEdit, ProfessionalInput
from domain.sectors import Sector
from domain.staff import Staff
from domain.text import normalise_name
from storage.converters import (
    copy_professional_to_row,
    professional_edit_from_row,
    professional_from_row,
    professional_search_key,
)
from storage.orm import CaseManagerRow, ProfessionalEditRow, ProfessionalRow
from storage.versions import refused_if_stale, require_row_version, stamp


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SqlProfessionalRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, professional_id: int) -> Professional:
        row = self._session.get(ProfessionalRow, professional_id)
        if row is None:
            raise NotFound.of(Record.PROFESSIONAL)
        return professional_from_row(row)

    def get_many(self, professional_ids: Iterable[int]) -> dict[int, Professional]:
        ids = list(set(professional_ids))
        if not ids:
            return {}
        rows = self._session.scalars(select(ProfessionalRow).where(ProfessionalRow.id.in_(ids)))
        return {row.id: professional_from_row(row) for row in rows}

    def search(self, text: str, limit: int) -> list[Professional]:
        statement = select(ProfessionalRow)
        for term in normalise_name(text).split():
            statement = statement.where(ProfessionalRow.name_key.like(_like(term), escape="\\"))
        rows = self._session.scalars(
            statement.order_by(ProfessionalRow.name, ProfessionalRow.id).limit(limit)
        )
        return [professional_from_row(row) for row in rows]

    def add(self, entry: ProfessionalInput) -> Professional:
        row = ProfessionalRow()
        copy_professional_to_row(entry, row)
        stamp(row, entry.saved_by, entry.saved_at)
        self._session.add(row)
        self._session.flush()
        return professional_from_row(row)

    def update(self, entry: ProfessionalInput) -> Professional:
        row = self._session.get(ProfessionalRow, entry.professional_id)
        if row is None:
            raise NotFound.of(Record.PROFESSIONAL)
        require_row_version(row, entry.seen_version, Record.PROFESSIONAL)
        copy_professional_to_row(entry, row)
        stamp(row, entry.saved_by, entry.saved_at)
        with refused_if_stale(Record.PROFESSIONAL, row=row):
            self._session.flush()
        return professional_from_row(row)

    def for_staff(self, staff: Staff, organisation: str) -> Professional:
        row = self._session.scalars(
            select(ProfessionalRow).where(ProfessionalRow.staff_id == staff.id)
        ).first()
        if row is None:
            row = ProfessionalRow(
                name=staff.name,
                title="",
                organisation=organisation,
                sector=Sector.SOCIAL,
                staff_id=staff.id,
            )
            row.name_key = professional_search_key(row)
            self._session.add(row)
            self._session.flush()
        return professional_from_row(row)

    def with_caseloads(self) -> list[tuple[Professional, int]]:
        counted = self._session.execute(
            select(ProfessionalRow, func.count(CaseManagerRow.id))
            .join(CaseManagerRow, CaseManagerRow.professional_id == ProfessionalRow.id)
            .where(CaseManagerRow.ended_at.is_(None))
            .group_by(ProfessionalRow.id)
            .order_by(ProfessionalRow.name)
        )
        return [(professional_from_row(row), count) for row, count in counted.all()]

    def record_edit(
        self, professional_id: int, fields: Sequence[str], *, by: int, at: dt.datetime
    ) -> None:
        self._session.add(
            ProfessionalEditRow(
                professional_id=professional_id, at=at, by=by, fields=",".join(fields)
            )
        )
        self._session.flush()

    def edits(self, professional_id: int) -> list[ProfessionalEdit]:
        rows = self._session.scalars(
            select(ProfessionalEditRow)
            .where(ProfessionalEditRow.professional_id == professional_id)
            .order_by(ProfessionalEditRow.id)
        )
        return [professional_edit_from_row(row) for row in rows]
