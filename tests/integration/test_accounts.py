"""Staff accounts on a real database: first admin, login, the waiting account, admin tasks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain import accounts
from domain.accounts import LoginRefused
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput
from domain.staff import Staff, StaffRole
from storage.orm import StaffRow
from storage.unit_of_work import SqlUnitOfWork

Uow = Callable[[], SqlUnitOfWork]
ADMIN_PASS = "korppi lentää yli kuusikon"
VEERA_PASS = "aamulla satoi lunta"


@pytest.fixture
def admin(uow: Uow, clock: FixedClock) -> Staff:
    assert accounts.needs_first_admin(uow())
    return accounts.create_first_admin(uow(), "Pää Käyttäjä", ADMIN_PASS, ADMIN_PASS, clock=clock)


def test_the_first_admin_is_made_once(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    assert admin.role is StaffRole.ADMIN
    assert not accounts.needs_first_admin(uow())
    with pytest.raises(DomainError, match="on jo luotu"):
        accounts.create_first_admin(uow(), "Toinen", ADMIN_PASS, ADMIN_PASS, clock=clock)


def test_passphrase_rules_are_told_at_the_field(uow: Uow, clock: FixedClock) -> None:
    with pytest.raises(InvalidInput) as short:
        accounts.create_first_admin(uow(), "Pää", "lyhyt", "lyhyt", clock=clock)
    assert "vähintään 12" in short.value.fields["passphrase"]
    with pytest.raises(InvalidInput) as differ:
        accounts.create_first_admin(uow(), "Pää", ADMIN_PASS, ADMIN_PASS + "x", clock=clock)
    assert set(differ.value.fields) == {"repeated"}
    with pytest.raises(InvalidInput) as nameless:
        accounts.create_first_admin(uow(), "  ", ADMIN_PASS, ADMIN_PASS, clock=clock)
    assert set(nameless.value.fields) == {"name"}
    assert accounts.needs_first_admin(uow())


def test_only_a_hash_is_stored(admin: Staff, session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        stored = session.scalars(select(StaffRow.passphrase_hash)).one()
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert ADMIN_PASS not in stored


def test_login_with_the_right_passphrase(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    assert accounts.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock) == admin


def test_a_wrong_name_and_a_wrong_passphrase_read_the_same(
    uow: Uow, clock: FixedClock, admin: Staff
) -> None:
    with pytest.raises(LoginRefused) as wrong_name:
        accounts.log_in(uow(), "Ei Ketään", ADMIN_PASS, clock=clock)
    with pytest.raises(LoginRefused) as wrong_pass:
        accounts.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    assert wrong_name.value.message == wrong_pass.value.message == "Nimi tai tunnuslause on väärä."


def test_five_wrong_make_the_account_wait(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused, match="väärä"):
            accounts.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    with pytest.raises(LoginRefused) as fifth:
        accounts.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    assert fifth.value.message.endswith("yritä uudelleen klo 12:05.")
    # Even the right passphrase waits.
    with pytest.raises(LoginRefused, match="odottaa"):
        accounts.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock)
    clock.advance(minutes=5, seconds=1)
    assert accounts.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock) == admin


def test_a_success_clears_the_count(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused):
            accounts.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)
    accounts.log_in(uow(), "Pää Käyttäjä", ADMIN_PASS, clock=clock)
    with pytest.raises(LoginRefused, match="väärä"):
        accounts.log_in(uow(), "Pää Käyttäjä", "väärä lause tässä", clock=clock)


def test_admin_adds_disables_and_resets(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    veera = accounts.add_user(
        uow(), "Vastaanotto Veera", StaffRole.RECEPTION, VEERA_PASS, actor=admin, clock=clock
    )
    assert veera.role is StaffRole.RECEPTION
    assert accounts.log_in(uow(), "Vastaanotto Veera", VEERA_PASS, clock=clock) == veera
    with pytest.raises(InvalidInput, match="on jo tili"):
        accounts.add_user(
            uow(), "Vastaanotto Veera", StaffRole.LEAD, VEERA_PASS, actor=admin, clock=clock
        )
    accounts.set_active(uow(), "Vastaanotto Veera", False, actor=admin)
    with pytest.raises(LoginRefused, match="poistettu käytöstä"):
        accounts.log_in(uow(), "Vastaanotto Veera", VEERA_PASS, clock=clock)
    accounts.set_active(uow(), "Vastaanotto Veera", True, actor=admin)
    accounts.reset_passphrase(uow(), "Vastaanotto Veera", "uusi pitkä lause", actor=admin)
    with pytest.raises(LoginRefused):
        accounts.log_in(uow(), "Vastaanotto Veera", VEERA_PASS, clock=clock)
    assert accounts.log_in(uow(), "Vastaanotto Veera", "uusi pitkä lause", clock=clock) == veera


def test_only_an_admin_manages_accounts(uow: Uow, clock: FixedClock, admin: Staff) -> None:
    lead = accounts.add_user(
        uow(), "Esihenkilö Eeva", StaffRole.LEAD, VEERA_PASS, actor=admin, clock=clock
    )
    with pytest.raises(DomainError, match="Vain pääkäyttäjä"):
        accounts.add_user(uow(), "Joku", StaffRole.ADMIN, VEERA_PASS, actor=lead, clock=clock)
    with pytest.raises(DomainError, match="Vain pääkäyttäjä"):
        accounts.set_active(uow(), "Pää Käyttäjä", False, actor=lead)


def test_the_last_admin_stays(uow: Uow, admin: Staff) -> None:
    with pytest.raises(DomainError, match="Viimeistä pääkäyttäjää"):
        accounts.set_active(uow(), "Pää Käyttäjä", False, actor=admin)


def test_a_worker_from_before_accounts_keeps_their_history(
    uow: Uow, clock: FixedClock, admin: Staff
) -> None:
    from domain.reception import identify_staff

    old = identify_staff(uow(), "Vanha Ville")
    assert old.role is StaffRole.COORDINATOR
    with pytest.raises(LoginRefused):
        accounts.log_in(uow(), "Vanha Ville", "", clock=clock)
    made = accounts.add_user(
        uow(), "Vanha Ville", StaffRole.LEAD, VEERA_PASS, actor=admin, clock=clock
    )
    assert made.id == old.id
    assert made.role is StaffRole.LEAD


def test_repr_never_shows_the_hash(uow: Uow, admin: Staff) -> None:
    with uow() as work:
        account = work.staff.account("Pää Käyttäjä")
    assert account is not None
    assert "argon2" not in repr(account)
