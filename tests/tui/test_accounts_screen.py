"""The administrator's account screen, driven with key presses only.

What counts is what the workers rely on afterwards: whether the account can
log in, with which passphrase. So every change made on the screen is checked
through the real login use case too, not only through the list.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from domain import accounts
from domain.clock import FixedClock
from domain.staff import Staff, StaffRole
from domain.use_cases import accounts as accounts_cases
from tests.helpers import SIZE, settle, table_rows, type_text
from tui.app import RinnallaApp
from tui.composition import make_app, open_database
from tui.context import Database
from tui.screens.accounts import AccountsScreen, AddUserForm, ResetPassphraseForm
from tui.screens.confirm import ConfirmDiscard
from tui.settings import Settings

ADMIN = "Pää Käyttäjä"
ADMIN_PASS = "korppi lentää yli kuusikon"
VEERA = "Vastaanotto Veera"
VEERA_PASS = "aamulla satoi lunta"
KALLE = "Koordinaattori [b]Kalle[/b]"
KALLE_PASS = "iltapäivällä paistoi aurinko"
NEW_NAME = "Uusi [red]Ulla[/red]"
NEW_PASS = "kolme karhua metsässä"


@pytest.fixture
def database(settings: Settings, clock: FixedClock) -> Database:
    """An administrator, a receptionist and a coordinator whose name looks like markup."""
    database = open_database(settings, clock)
    admin = accounts_cases.create_first_admin(
        database.uow(), ADMIN, ADMIN_PASS, ADMIN_PASS, clock=clock
    )
    for name, role, passphrase in (
        (VEERA, StaffRole.RECEPTION, VEERA_PASS),
        (KALLE, StaffRole.COORDINATOR, KALLE_PASS),
    ):
        accounts_cases.add_user(database.uow(), name, role, passphrase, actor=admin, clock=clock)
    return database


def admin_app(settings: Settings, clock: FixedClock) -> RinnallaApp:
    """Signed in as the administrator without the login screen (tests only)."""
    return make_app(settings, clock=clock, acting_as=ADMIN)


async def open_accounts(pilot: Pilot[None]) -> None:
    """The screen, pushed directly unless the app already opened it for an administrator.

    Independent of the app's own key for it: these tests are about the screen.
    """
    await settle(pilot)
    if not isinstance(pilot.app.screen, AccountsScreen):
        pilot.app.push_screen(AccountsScreen())
        await settle(pilot)


def rows(app: RinnallaApp) -> list[list[str]]:
    return table_rows(app, "#accounts-table")


def highlighted(app: RinnallaApp) -> str:
    table = app.screen.query_one("#accounts-table", DataTable)
    return str(table.get_row_at(table.cursor_row)[0].plain)


def shown(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def can_log_in(database: Database, name: str, passphrase: str) -> Staff | None:
    try:
        return accounts_cases.log_in(database.uow(), name, passphrase, clock=database.clock)
    except accounts.LoginRefused:
        return None


async def move_to(pilot: Pilot[None], app: RinnallaApp, name: str) -> None:
    """Down the list until ``name`` is highlighted, as a person would."""
    for _ in range(len(rows(app))):
        if highlighted(app) == name:
            return
        await pilot.press("down")
    assert highlighted(app) == name


async def test_the_list_shows_every_account_with_its_role_and_state(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    admin = can_log_in(database, ADMIN, ADMIN_PASS)
    assert admin is not None
    accounts_cases.set_active(database.uow(), KALLE, False, actor=admin)
    for _ in range(accounts_cases.MAX_FAILED_LOGINS):  # Veera's account now waits until 12.05
        assert can_log_in(database, VEERA, "väärä lause tähän") is None
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert rows(app) == [
            [KALLE, "Koordinaattori", "Poistettu käytöstä"],
            [ADMIN, "Pääkäyttäjä", "Käytössä"],
            [VEERA, "Vastaanotto", "Käytössä, lukittu 12.05 asti"],
        ]
        assert shown(app, "#accounts-summary") == "Tilejä 2 käytössä, 1 poistettu käytöstä"
        clock.advance(minutes=6)  # the wait is over: the list says so when it is read again
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AccountsScreen)
        await open_accounts(pilot)
        assert rows(app)[2] == [VEERA, "Vastaanotto", "Käytössä"]


async def test_a_user_is_added_with_keys_and_can_log_in(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddUserForm)
        assert app.screen.focused is app.screen.query_one("#name", Input)
        await type_text(pilot, NEW_NAME)
        await pilot.press("tab", "enter")  # the role list opens
        await pilot.press("down", "down", "enter")  # past "Vastaanotto" to the coordinator
        assert app.screen.query_one("#role", Select).value is StaffRole.COORDINATOR
        await pilot.press("tab")
        await type_text(pilot, NEW_PASS)
        await pilot.press("tab")
        await type_text(pilot, NEW_PASS)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert [NEW_NAME, "Koordinaattori", "Käytössä"] in rows(app)
        assert highlighted(app) == NEW_NAME
        assert shown(app, "#accounts-status") == f"Lisätty: {NEW_NAME} (Koordinaattori)"
        assert NEW_PASS not in shown(app, "#accounts-status")

    staff = can_log_in(database, NEW_NAME, NEW_PASS)
    assert staff is not None and staff.role is StaffRole.COORDINATOR


async def test_a_short_or_differing_passphrase_is_refused_at_the_field_keeping_the_name(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, NEW_NAME)
        await pilot.press("tab", "enter", "down", "enter", "tab")  # a receptionist
        await type_text(pilot, "lyhyt")
        await pilot.press("tab")
        await type_text(pilot, "lyhyt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddUserForm)
        assert "vähintään 12 merkkiä" in shown(app, "#passphrase-error")
        assert form.focused is form.query_one("#passphrase", Input)
        assert form.query_one("#name", Input).value == NEW_NAME

        await pilot.press("ctrl+u")
        await type_text(pilot, NEW_PASS)
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "kolme karhua metsässä!")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert shown(app, "#passphrase-error") == ""
        assert "eivät ole samat" in shown(app, "#repeated-error")
        assert form.focused is form.query_one("#repeated", Input)
        assert form.query_one("#name", Input).value == NEW_NAME
        assert form.query_one("#role", Select).value is StaffRole.RECEPTION

        await pilot.press("backspace", "ctrl+s")  # now the same sentence twice
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert [NEW_NAME, "Vastaanotto", "Käytössä"] in rows(app)

    assert can_log_in(database, NEW_NAME, NEW_PASS) is not None


async def test_a_missing_role_and_a_taken_name_are_refused_at_their_fields(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, VEERA)
        await pilot.press("tab", "tab")  # no role chosen
        await type_text(pilot, NEW_PASS)
        await pilot.press("tab")
        await type_text(pilot, NEW_PASS)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddUserForm)
        assert shown(app, "#role-error") == "Valitse käyttäjän rooli."
        assert form.focused is form.query_one("#role", Select)
        await pilot.press("enter", "down", "enter", "ctrl+s")  # a receptionist
        await settle(pilot)
        assert app.screen is form  # the domain refuses a name that has an account
        assert shown(app, "#name-error") == f"Nimellä {VEERA} on jo tili."
        assert form.query_one("#passphrase", Input).value == NEW_PASS

    assert can_log_in(database, VEERA, VEERA_PASS) is not None
    assert can_log_in(database, VEERA, NEW_PASS) is None


async def test_x_asks_then_disables_and_x_again_enables(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        await move_to(pilot, app, VEERA)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # the focused, safe choice changes nothing
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert can_log_in(database, VEERA, VEERA_PASS) is not None

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")  # explicitly disable
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert [VEERA, "Vastaanotto", "Poistettu käytöstä"] in rows(app)
        assert highlighted(app) == VEERA
        assert shown(app, "#accounts-status") == f"Poistettu käytöstä: {VEERA}"
        with pytest.raises(accounts.LoginRefused, match="poistettu käytöstä"):
            accounts_cases.log_in(database.uow(), VEERA, VEERA_PASS, clock=clock)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert [VEERA, "Vastaanotto", "Käytössä"] in rows(app)
        assert shown(app, "#accounts-status") == f"Otettu käyttöön: {VEERA}"

    assert can_log_in(database, VEERA, VEERA_PASS) is not None


async def test_the_last_administrator_cannot_be_disabled(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        before = rows(app)
        await move_to(pilot, app, ADMIN)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        status = app.screen.query_one("#accounts-status", Static)
        assert shown(app, "#accounts-status") == "Viimeistä pääkäyttäjää ei voi poistaa käytöstä."
        assert status.has_class("error")
        assert rows(app) == before
        assert highlighted(app) == ADMIN

    assert can_log_in(database, ADMIN, ADMIN_PASS) is not None


async def test_r_resets_the_passphrase(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        await move_to(pilot, app, KALLE)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ResetPassphraseForm)
        assert KALLE in shown(app, ".dialog-title")  # the name literally, brackets and all
        assert form.focused is form.query_one("#passphrase", Input)
        await type_text(pilot, NEW_PASS)
        await pilot.press("tab")
        await type_text(pilot, NEW_PASS)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert shown(app, "#accounts-status").startswith(f"Tunnuslause vaihdettu: {KALLE}.")
        assert highlighted(app) == KALLE

    assert can_log_in(database, KALLE, KALLE_PASS) is None
    staff = can_log_in(database, KALLE, NEW_PASS)
    assert staff is not None and staff.name == KALLE


async def test_escape_on_a_typed_form_asks_before_discarding(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = admin_app(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "puoliksi kirjoitettu")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("enter")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, ResetPassphraseForm)
        assert app.screen.query_one("#passphrase", Input).value == "puoliksi kirjoitettu"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")  # explicitly discard
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)

    assert can_log_in(database, KALLE, KALLE_PASS) is not None


async def test_a_worker_who_is_not_an_administrator_sees_the_refusal(
    settings: Settings, clock: FixedClock, database: Database
) -> None:
    app = make_app(settings, clock=clock, acting_as=VEERA)
    async with app.run_test(size=SIZE) as pilot:
        await open_accounts(pilot)
        assert rows(app) == []
        assert shown(app, "#accounts-status") == "Vain pääkäyttäjä voi hallita tilejä."
