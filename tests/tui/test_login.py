"""Login, the first start, the waiting account and the idle lock, with keys only."""

from __future__ import annotations

from time import monotonic

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from domain import accounts
from domain.clock import FixedClock
from domain.staff import StaffRole
from tests.tui.conftest import settle, type_text
from tui.app import RinnallaApp
from tui.composition import make_app, open_database
from tui.screens.accounts import AccountsScreen
from tui.screens.first_admin import FirstAdminScreen
from tui.screens.lock import LockScreen
from tui.screens.login import LoginScreen
from tui.screens.queue import QueueScreen
from tui.screens.walk_in import WalkInScreen
from tui.settings import Settings

SIZE = (120, 40)
ADMIN = "Pää Käyttäjä"
ADMIN_PASS = "korppi lentää yli kuusikon"
VEERA = "Vastaanotto Veera"
VEERA_PASS = "aamulla satoi lunta"


@pytest.fixture
def accounts_made(settings: Settings, clock: FixedClock) -> None:
    database = open_database(settings, clock)
    admin = accounts.create_first_admin(database.uow(), ADMIN, ADMIN_PASS, ADMIN_PASS, clock=clock)
    accounts.add_user(
        database.uow(), VEERA, StaffRole.RECEPTION, VEERA_PASS, actor=admin, clock=clock
    )


def app_with_login(settings: Settings, clock: FixedClock) -> RinnallaApp:
    return make_app(settings, clock=clock)


def status(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def log_in(pilot: Pilot[object], name: str, passphrase: str) -> None:
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_first_start_creates_the_administrator(
    settings: Settings, clock: FixedClock
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstAdminScreen)
        await pilot.press("f2", "f5")  # nothing behind the gate opens
        assert isinstance(app.screen, FirstAdminScreen)
        await type_text(pilot, ADMIN)
        await pilot.press("tab")
        await type_text(pilot, ADMIN_PASS)
        await pilot.press("tab")
        await type_text(pilot, "jotain muuta pitkää")
        await pilot.press("enter")
        await settle(pilot)
        assert "eivät ole samat" in status(app, "#repeated-error")
        assert app.screen.focused is app.screen.query_one("#repeated", Input)
        await pilot.press("ctrl+u")
        await type_text(pilot, ADMIN_PASS)
        await pilot.press("enter")
        await settle(pilot)
        # The administrator reads no client data: the accounts, not the queue.
        assert isinstance(app.screen, AccountsScreen)
        assert app.services is not None
        assert (app.services.actor.name, app.services.actor.role) == (ADMIN, StaffRole.ADMIN)


async def test_login_with_name_tab_passphrase_enter(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.focused is app.screen.query_one("#name", Input)
        await log_in(pilot, VEERA, "väärä lause tähän")
        assert isinstance(app.screen, LoginScreen)
        assert status(app, "#login-status") == "Nimi tai tunnuslause on väärä."
        passphrase = app.screen.query_one("#passphrase", Input)
        assert passphrase.value == "" and app.screen.focused is passphrase
        await type_text(pilot, VEERA_PASS)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.services is not None and app.services.actor.name == VEERA


async def test_five_wrong_passphrases_make_the_account_wait(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, VEERA, "väärä lause tähän")
        for _ in range(4):
            await type_text(pilot, "väärä lause tähän")
            await pilot.press("enter")
            await settle(pilot)
        assert "odottaa" in status(app, "#login-status")
        await type_text(pilot, VEERA_PASS)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen), "the right passphrase waits too"


async def test_ctrl_l_locks_and_the_passphrase_unlocks_with_the_form_intact(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, VEERA, VEERA_PASS)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        await type_text(pilot, "Kesken Kaisa")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press("f2", "escape")  # the lock cannot be stepped around
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, "väärä lause tähän")
        await pilot.press("enter")
        await settle(pilot)
        assert status(app, "#lock-status") == "Nimi tai tunnuslause on väärä."
        await type_text(pilot, VEERA_PASS)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert app.screen.query_one("#name", Input).value == "Kesken Kaisa"


async def test_the_screen_locks_by_itself_when_idle(
    settings: Settings, clock: FixedClock, accounts_made: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RinnallaApp, "IDLE_CHECK_SECONDS", 0.05)
    app = app_with_login(settings.model_copy(update={"idle_lock_minutes": 1}), clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, VEERA, VEERA_PASS)
        assert isinstance(app.screen, QueueScreen)
        app._last_input = monotonic() - 61  # a minute without a key press
        await pilot.pause(0.2)
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, VEERA_PASS)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
