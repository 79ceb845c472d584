"""Repositories of the client network: the professional directory, members, plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from domain.errors import NotFound, StaleVersion
from domain.i18n import N_, tr
from domain.network import (
    Assessment,
    AssessmentInput,
    MemberInput,
    NetworkMember,
    Plan,
    PlanInput,
    Professional,
    ProfessionalEdit,
    ProfessionalInput,
)
from domain.sectors import Sector
from domain.staff import Staff
from domain.text import normalise_name
from storage.converters import (
    assessment_from_row,
    member_from_row,
    plan_from_row,
    professional_from_row,
)
from storage.orm import (
    AssessmentRow,
    CaseManagerRow,
    NetworkMemberRow,
    NetworkRoleRow,
    PlanRow,
    ProfessionalEditRow,
    ProfessionalRow,
)
from storage.versions import refused_if_stale, require_row_version, stamp


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_key(professional: ProfessionalInput | ProfessionalRow) -> str:
    return normalise_name(
        " ".join((professional.name, professional.title, professional.organisation))
    )


class SqlProfessionalRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, professional_id: int) -> Professional:
        row = self._session.get(ProfessionalRow, professional_id)
        if row is None:
            raise NotFound(tr("storage.professional_missing"))
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
        row = ProfessionalRow(
            name=entry.name,
            name_key=_search_key(entry),
            title=entry.title,
            organisation=entry.organisation,
            sector=entry.sector,
            phone=entry.phone,
            email=entry.email,
        )
        stamp(row, entry.saved_by, entry.saved_at)
        self._session.add(row)
        self._session.flush()
        return professional_from_row(row)

    def update(self, entry: ProfessionalInput) -> Professional:
        row = self._session.get(ProfessionalRow, entry.professional_id)
        if row is None:
            raise NotFound(tr("storage.professional_missing"))
        require_row_version(row, entry.seen_version, N_("storage.network_stale"))
        row.name = entry.name
        row.title = entry.title
        row.organisation = entry.organisation
        row.sector = entry.sector
        row.phone = entry.phone
        row.email = entry.email
        row.name_key = _search_key(entry)
        stamp(row, entry.saved_by, entry.saved_at)
        with refused_if_stale(N_("storage.network_stale"), row=row):
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
            row.name_key = _search_key(row)
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
        return [
            ProfessionalEdit(
                professional_id=row.professional_id,
                at=row.at,
                by=row.by,
                fields=tuple(field for field in row.fields.split(",") if field),
            )
            for row in rows
        ]


class SqlNetworkRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _to_member(self, row: NetworkMemberRow) -> NetworkMember:
        professional = (
            self._session.get(ProfessionalRow, row.professional_id)
            if row.professional_id is not None
            else None
        )
        roles = list(
            self._session.scalars(select(NetworkRoleRow).where(NetworkRoleRow.member_id == row.id))
        )
        return member_from_row(row, professional, roles)

    def members_for(self, client_id: int) -> list[NetworkMember]:
        rows = list(
            self._session.scalars(
                select(NetworkMemberRow)
                .where(NetworkMemberRow.client_id == client_id)
                .order_by(NetworkMemberRow.id)
            )
        )
        ids = [row.id for row in rows]
        roles: dict[int, list[NetworkRoleRow]] = {row_id: [] for row_id in ids}
        if ids:
            for role in self._session.scalars(
                select(NetworkRoleRow).where(NetworkRoleRow.member_id.in_(ids))
            ):
                roles[role.member_id].append(role)
        professional_ids = {row.professional_id for row in rows if row.professional_id}
        professionals = {
            row.id: row
            for row in self._session.scalars(
                select(ProfessionalRow).where(ProfessionalRow.id.in_(professional_ids))
            )
        }
        return [
            member_from_row(
                row,
                professionals.get(row.professional_id) if row.professional_id else None,
                roles[row.id],
            )
            for row in rows
        ]

    def get_member(self, member_id: int) -> NetworkMember:
        row = self._session.get(NetworkMemberRow, member_id)
        if row is None:
            raise NotFound(tr("storage.member_missing"))
        return self._to_member(row)

    def _set_roles(self, member_id: int, entry: MemberInput) -> None:
        self._session.execute(delete(NetworkRoleRow).where(NetworkRoleRow.member_id == member_id))
        for role in sorted(entry.roles):
            self._session.add(NetworkRoleRow(member_id=member_id, role=role))

    def add_member(self, entry: MemberInput) -> NetworkMember:
        row = NetworkMemberRow(
            client_id=entry.client_id,
            professional_id=entry.professional_id,
            close_name=entry.close_name,
            relation=entry.relation,
            responsibility=entry.responsibility,
            since=entry.since,
            until=entry.until,
            justification=entry.justification,
            phone=entry.phone,
        )
        stamp(row, entry.saved_by, entry.saved_at)
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as error:
            raise StaleVersion(tr("storage.member_exists")) from error
        self._set_roles(row.id, entry)
        self._session.flush()
        return self._to_member(row)

    def update_member(self, entry: MemberInput) -> NetworkMember:
        row = self._session.get(NetworkMemberRow, entry.member_id)
        if row is None:
            raise NotFound(tr("storage.member_missing"))
        require_row_version(row, entry.seen_version, N_("storage.network_stale"))
        row.close_name = entry.close_name
        row.relation = entry.relation
        row.responsibility = entry.responsibility
        row.since = entry.since
        row.until = entry.until
        row.justification = entry.justification
        row.phone = entry.phone
        stamp(row, entry.saved_by, entry.saved_at)
        # A role change alone must still bump the version other terminals check.
        flag_modified(row, "responsibility")
        with refused_if_stale(N_("storage.network_stale"), row=row):
            self._session.flush()  # the versioned UPDATE first: a lost race stops here
            self._set_roles(row.id, entry)
            self._session.flush()
        return self._to_member(row)

    def remove_member(self, member_id: int, seen_version: int) -> None:
        row = self._session.get(NetworkMemberRow, member_id)
        if row is None:
            raise NotFound(tr("storage.member_missing"))
        require_row_version(row, seen_version, N_("storage.network_stale"))
        with refused_if_stale(N_("storage.network_stale"), row=row):
            self._session.execute(
                delete(NetworkRoleRow).where(NetworkRoleRow.member_id == member_id)
            )
            self._session.delete(row)
            self._session.flush()

    def ensure_member(self, client_id: int, professional_id: int, since: dt.date) -> NetworkMember:
        row = self._session.scalars(
            select(NetworkMemberRow).where(
                NetworkMemberRow.client_id == client_id,
                NetworkMemberRow.professional_id == professional_id,
            )
        ).first()
        if row is None:
            row = NetworkMemberRow(
                client_id=client_id, professional_id=professional_id, since=since
            )
            self._session.add(row)
            self._session.flush()
        return self._to_member(row)


class SqlPlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def plans_for(self, client_id: int) -> list[Plan]:
        rows = self._session.scalars(
            select(PlanRow)
            .where(PlanRow.client_id == client_id)
            .order_by(PlanRow.made_on.desc(), PlanRow.id.desc())
        )
        return [plan_from_row(row) for row in rows]

    def add_plan(self, entry: PlanInput) -> Plan:
        row = PlanRow(
            client_id=entry.client_id,
            kind=entry.kind,
            organisation=entry.organisation,
            made_on=entry.made_on,
            next_review=entry.next_review,
        )
        self._session.add(row)
        self._session.flush()
        return plan_from_row(row)

    def assessments_for(self, client_id: int) -> list[Assessment]:
        rows = self._session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.client_id == client_id)
            .order_by(AssessmentRow.made_on.desc(), AssessmentRow.id.desc())
        )
        return [assessment_from_row(row) for row in rows]

    def add_assessment(self, entry: AssessmentInput) -> Assessment:
        row = AssessmentRow(
            client_id=entry.client_id,
            domain=entry.domain,
            kind=entry.kind,
            assessor=entry.assessor,
            organisation=entry.organisation,
            made_on=entry.made_on,
        )
        self._session.add(row)
        self._session.flush()
        return assessment_from_row(row)
