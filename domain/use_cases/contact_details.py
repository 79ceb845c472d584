"""Reading and saving how a client is reached."""

from __future__ import annotations

from domain.audit import AccessAction
from domain.contact_details import ContactDetails, ContactDetailsInput
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require


def get_contact_details(uow: UnitOfWork, client_id: int, *, actor: Staff) -> ContactDetails:
    """The client's details as stored now (for the form, and its Ctrl+R); logged as a read."""
    with uow:
        require(uow, actor, AccessAction.CLIENT_READ, client_id)
        details = uow.contact_details.get(client_id)
        uow.audit(actor, AccessAction.CLIENT_READ, client_id)
        uow.commit()
    return details


def save_contact_details(
    uow: UnitOfWork, entry: ContactDetailsInput, *, actor: Staff
) -> ContactDetails:
    """Store the client's details; refused if a colleague saved theirs first."""
    checked = entry.checked()
    with uow:
        require(uow, actor, AccessAction.CONTACT_DETAILS_UPDATED, checked.client_id)
        checked = checked.model_copy(update={"saved_by": actor.id, "saved_at": uow.clock.now()})
        saved = uow.contact_details.save(checked)
        uow.audit(actor, AccessAction.CONTACT_DETAILS_UPDATED, checked.client_id)
        uow.commit()
    return saved
