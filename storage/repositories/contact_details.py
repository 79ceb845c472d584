"""How to reach a client: phone, preferred way, language and interpreter."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.contact_details import ContactDetails, ContactDetailsInput
from domain.errors import NotFound, Record, StaleVersion
from storage.converters import contact_details_from_row, copy_contact_details_to_row
from storage.orm import ClientContactRow, StaffRow
from storage.versions import refused_if_stale


class SqlContactDetailsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, client_id: int) -> ContactDetails:
        row = self._session.get(ClientContactRow, client_id)
        return (
            contact_details_from_row(row)
            if row is not None
            else ContactDetails(client_id=client_id)
        )

    def _refuse(self, row: ClientContactRow) -> StaleVersion:
        """The refusal names who saved the stored version, and when."""
        staff = self._session.get(StaffRow, row.updated_by) if row.updated_by else None
        return StaleVersion.of(
            Record.CONTACT_DETAILS,
            saved_by=staff.name if staff else None,
            saved_at=row.updated_at,
        )

    def save(self, entry: ContactDetailsInput) -> ContactDetails:
        row = self._session.get(ClientContactRow, entry.client_id)
        if row is None:
            if entry.seen_version != 0:
                raise NotFound.of(Record.CONTACT_DETAILS)
            row = ClientContactRow(client_id=entry.client_id)
            self._session.add(row)
        elif row.version != entry.seen_version:
            raise self._refuse(row)
        copy_contact_details_to_row(entry, row)
        try:
            with refused_if_stale(Record.CONTACT_DETAILS):
                self._session.flush()
        except IntegrityError as error:
            # Two desks saving a client's first details at once: the second
            # insert meets the first one's primary key.
            raise StaleVersion.of(Record.CONTACT_DETAILS) from error
        return contact_details_from_row(row)
