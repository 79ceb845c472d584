"""The access listing a client asks for (R12), and the account administration log,
as use cases on the unit of work: who may list, and that listing is itself logged."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.access import AccessDenied
from domain.audit import AccessAction, AccountAction
from domain.clock import FixedClock
from domain.errors import DomainError, NotFound
from domain.staff import Location, Staff, StaffRole
from domain.use_cases.audit import account_administration_log, client_access_listing
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client

Uow = Callable[[], SqlUnitOfWork]


def _staff(uow: Uow, name: str, role: StaffRole) -> Staff:
    with uow() as work:
        staff = work.staff.set_role(work.staff.get_or_add(name).id, role)
        work.commit()
    return staff


def _actions(uow: Uow, client_id: int) -> list[str]:
    with uow() as work:
        return [entry.action for entry in work.access_log_for(client_id)]


@pytest.fixture
def client_id(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> int:
    client = walk_in_client(uow, actor, location, clock, name="Laine Liisa", birth_year="1985")
    clock.advance(minutes=5)
    return client


def test_the_listing_shows_itself_first_with_the_purpose(
    uow: Uow, client_id: int, actor: Staff
) -> None:
    lead = _staff(uow, "Esihenkilö Eeva", StaffRole.LEAD)
    purpose = "asiakkaan pyyntö\x1b[2J"  # a terminal's clear-screen pasted along
    entries = client_access_listing(uow(), client_id, actor=lead, purpose=purpose)
    newest = entries[0]
    assert newest.action == AccessAction.AUDIT_LISTED.value
    assert newest.actor_name == "Esihenkilö Eeva"
    assert newest.purpose == "asiakkaan pyyntö"
    # The walk-in that made the client is listed after it, by whoever registered it.
    assert entries[-1].actor_name == actor.name
    assert [entry.at for entry in entries] == sorted((entry.at for entry in entries), reverse=True)


def test_a_blank_purpose_is_no_purpose(uow: Uow, client_id: int) -> None:
    admin = _staff(uow, "Pääkäyttäjä Paula", StaffRole.ADMIN)
    entries = client_access_listing(uow(), client_id, actor=admin, purpose="   ")
    assert entries[0].purpose is None


def test_reception_may_not_list_and_nothing_is_logged(uow: Uow, client_id: int) -> None:
    front_desk = _staff(uow, "Vastaanotto Ville", StaffRole.RECEPTION)
    before = _actions(uow, client_id)
    with pytest.raises(AccessDenied):
        client_access_listing(uow(), client_id, actor=front_desk)
    assert _actions(uow, client_id) == before


def test_an_unknown_client_is_not_found_and_nothing_is_logged(uow: Uow, client_id: int) -> None:
    lead = _staff(uow, "Esihenkilö Eeva", StaffRole.LEAD)
    with pytest.raises(NotFound):
        client_access_listing(uow(), client_id + 1000, actor=lead)
    assert AccessAction.AUDIT_LISTED.value not in _actions(uow, client_id)


def test_the_account_log_is_for_administrators(uow: Uow, actor: Staff) -> None:
    admin = _staff(uow, "Pääkäyttäjä Paula", StaffRole.ADMIN)
    lead = _staff(uow, "Esihenkilö Eeva", StaffRole.LEAD)
    with uow() as work:
        work.audit_account(admin, AccountAction.ROLE_CHANGED, lead.id, detail="lead")
        work.commit()
    (entry,) = account_administration_log(uow(), actor=admin)
    assert (entry.actor_name, entry.account_name) == ("Pääkäyttäjä Paula", "Esihenkilö Eeva")
    with pytest.raises(DomainError):
        account_administration_log(uow(), actor=lead)
