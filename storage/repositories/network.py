"""A client's network: the professionals and close people around them, and their roles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from domain.errors import NotFound, Record, StaleVersion
from domain.network import MemberInput, NetworkMember
from storage.converters import copy_member_to_row, member_from_row, new_member_row
from storage.orm import NetworkMemberRow, NetworkRoleRow, ProfessionalRow
from storage.versions import refused_if_stale, require_row_version, stamp


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
            raise NotFound.of(Record.NETWORK_MEMBER)
        return self._to_member(row)

    def _set_roles(self, member_id: int, entry: MemberInput) -> None:
        self._session.execute(delete(NetworkRoleRow).where(NetworkRoleRow.member_id == member_id))
        for role in sorted(entry.roles):
            self._session.add(NetworkRoleRow(member_id=member_id, role=role))

    def add_member(self, entry: MemberInput) -> NetworkMember:
        row = new_member_row(entry)
        stamp(row, entry.saved_by, entry.saved_at)
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as error:
            raise StaleVersion.already_there(Record.NETWORK_MEMBER) from error
        self._set_roles(row.id, entry)
        self._session.flush()
        return self._to_member(row)

    def update_member(self, entry: MemberInput) -> NetworkMember:
        row = self._session.get(NetworkMemberRow, entry.member_id)
        if row is None:
            raise NotFound.of(Record.NETWORK_MEMBER)
        require_row_version(row, entry.seen_version, Record.NETWORK_MEMBER)
        copy_member_to_row(entry, row)
        stamp(row, entry.saved_by, entry.saved_at)
        # A role change alone must still bump the version other terminals check.
        flag_modified(row, "responsibility")
        with refused_if_stale(Record.NETWORK_MEMBER, row=row):
            self._session.flush()  # the versioned UPDATE first: a lost race stops here
            self._set_roles(row.id, entry)
            self._session.flush()
        return self._to_member(row)

    def remove_member(self, member_id: int, seen_version: int) -> None:
        row = self._session.get(NetworkMemberRow, member_id)
        if row is None:
            raise NotFound.of(Record.NETWORK_MEMBER)
        require_row_version(row, seen_version, Record.NETWORK_MEMBER)
        with refused_if_stale(Record.NETWORK_MEMBER, row=row):
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
