"""The client's contacts card, read with its access event."""

from __future__ import annotations

from domain.audit import AccessAction
from domain.clock import HELSINKI, Clock
from domain.contacts_card import ContactsCard
from domain.i18n import Language
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require
from domain.use_cases.coordination import read_network


def read_contacts_card(
    uow: UnitOfWork, client_id: int, *, actor: Staff, clock: Clock
) -> ContactsCard:
    """The card for one client, read in one transaction (and logged as an export)."""
    with uow:
        require(uow, actor, AccessAction.CONTACTS_CARD, client_id)
        network = read_network(uow, client_id)
        contact = uow.contact_details.get(client_id)
        uow.audit(actor, AccessAction.CONTACTS_CARD, client_id)
        uow.commit()
    return ContactsCard(network, clock.now().astimezone(HELSINKI).date(), contact)


def contacts_card(
    uow: UnitOfWork,
    client_id: int,
    *,
    actor: Staff,
    clock: Clock,
    language: Language | None = None,
) -> str:
    """The card for one client as Markdown in ``language`` (the worker's when not given)."""
    return read_contacts_card(uow, client_id, actor=actor, clock=clock).markdown(language)
