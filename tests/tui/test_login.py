"""Login, the first start, the waiting account and the idle lock, with keys only."""

from __future__ import annotations

import threading
from time import monotonic, sleep
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, Static

from domain import accounts
from domain.clock import FixedClock
from domain.staff import StaffRole
from domain.use_cases import accounts as accounts_cases
from tests.helpers import SIZE, burst, settle, type_text
from tui.app import RinnallaApp
from tui.composition import login_source, make_app, open_database
from tui.screens.accounts import AccountsScreen
from tui.screens.first_admin import FirstAdminScreen
from tui.screens.lock import LockScreen
from tui.screens.login import LoginScreen
from tui.screens.queue import QueueScreen
from tui.screens.walk_in import WalkInScreen
from tui.settings import Settings

ADMIN = "Pää Käyttäjä"
ADMIN_PASS = "korppi lentää yli kuusikon"
VEERA = "Vastaanotto Veera"
VEERA_PASS = "aamulla satoi lunta"


@pytest.fixture
def accounts_made(settings: Settings, clock: FixedClock) -> None:
    database = open_database(settings, clock)
    admin = accounts_cases.create_first_admin(
        database.uow(), ADMIN, ADMIN_PASS, ADMIN_PASS, clock=clock
    )
    accounts_cases.add_user(
        database.uow(), VEERA, StaffRole.RECEPTION, VEERA_PASS, actor=admin, clock=clock
    )


def app_with_login(settings: Settings, clock: FixedClock) -> RinnallaApp:
    return make_app(settings, clock=clock)


def status(app: RinnallaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def log_in(pilot: Pilot[None], name: str, passphrase: str) -> None:
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
        assert app.context is not None
        assert (app.context.actor.name, app.context.actor.role) == (ADMIN, StaffRole.ADMIN)


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
        assert app.context is not None and app.context.actor.name == VEERA


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
    # Counted for this terminal (its user and host): elsewhere Veera logs in at once.
    database = open_database(settings, clock)
    here, elsewhere = login_source(), accounts.LoginSource.terminal("veera", "toinen-kone")
    with pytest.raises(accounts.LoginRefused, match="odottaa"):
        accounts_cases.log_in(database.uow(), VEERA, VEERA_PASS, clock=clock, source=here)
    assert accounts_cases.log_in(database.uow(), VEERA, VEERA_PASS, clock=clock, source=elsewhere)


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


# Nothing typed is lost, and a passphrase never shows ---------------------------------


@pytest.fixture
def slow_database(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The database opens only when the test sets the event, as on a slow disk or a
    far server: the worker types before the login is there."""
    import tui.composition

    real = tui.composition.open_database
    opened = threading.Event()

    def slowly(*args: Any, **kwargs: Any) -> Any:
        opened.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(tui.composition, "open_database", slowly)
    return opened


def name_values(app: RinnallaApp) -> list[str]:
    """Every value the login's name field takes from now on."""
    seen: list[str] = []
    name = app.screen.query_one("#name", Input)

    def record(value: str) -> None:
        seen.append(value)

    app.screen.watch(name, "value", record)
    return seen


async def test_keys_typed_before_the_login_is_ready_are_kept(
    settings: Settings, clock: FixedClock, accounts_made: None, slow_database: threading.Event
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert not isinstance(app.screen, LoginScreen)  # still opening the database
        await type_text(pilot, VEERA)
        await pilot.press("tab")
        await type_text(pilot, VEERA_PASS)
        await pilot.press("enter")
        assert not isinstance(app.screen, LoginScreen)
        slow_database.set()
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.context is not None and app.context.actor.name == VEERA


async def test_keys_typed_ahead_without_enter_wait_in_their_fields(
    settings: Settings, clock: FixedClock, accounts_made: None, slow_database: threading.Event
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Vastaanotto Veeraa")
        await pilot.press("backspace", "tab")
        await type_text(pilot, "aamulla")
        slow_database.set()
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#name", Input).value == VEERA
        passphrase = app.screen.query_one("#passphrase", Input)
        assert passphrase.value == "aamulla" and app.screen.focused is passphrase
        await type_text(pilot, " satoi lunta")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen), (passphrase.value, status(app, "#login-status"))


async def test_a_password_manager_burst_logs_in_without_showing_the_passphrase(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        seen = name_values(app)
        # Auto-type read by the terminal in one go: the driver delivers one paste.
        app.post_message(events.Paste(f"{VEERA}\t{VEERA_PASS}\r"))
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.context is not None and app.context.actor.name == VEERA
        assert VEERA in seen
        assert not any("\t" in value or "aamulla" in value for value in seen), seen


async def test_a_key_typed_right_after_a_paste_comes_after_it(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    """Keys typed as the login appears reach it as one paste (the text typed ahead),
    and the next key a moment later: that key belongs after the paste, not before it.
    Found in a browser, where ten tabs logging in at once showed "nJari Heikkine"."""
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        app.post_message(events.Paste(VEERA[:-1]))
        app.post_message(events.Key(VEERA[-1], VEERA[-1]))
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == VEERA
        app.post_message(events.Paste(f"\t{VEERA_PASS[:-1]}"))
        app.post_message(events.Key(VEERA_PASS[-1], VEERA_PASS[-1]))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen), status(app, "#login-status")


async def test_a_burst_typed_before_the_login_is_ready_never_shows_the_passphrase(
    settings: Settings, clock: FixedClock, accounts_made: None, slow_database: threading.Event
) -> None:
    app = app_with_login(settings, clock)
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(events.Paste(f"{VEERA}\tväärä lause tähän\n"))
        await pilot.pause(0.1)
        slow_database.set()
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, LoginScreen) and not seen:
                seen = name_values(app)
            if isinstance(app.screen, LoginScreen) and app.screen.query(".error"):
                break
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert status(app, "#login-status") == "Nimi tai tunnuslause on väärä."
        assert app.screen.query_one("#name", Input).value == VEERA
        assert not any("väärä" in value for value in seen), seen


async def test_an_empty_enter_is_no_attempt_at_the_login_or_the_lock(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, VEERA)
        await pilot.press("tab", *["enter"] * 8)
        await settle(pilot)
        assert status(app, "#login-status") == "Kirjoita tunnuslause ja paina Enter."
        await type_text(pilot, VEERA_PASS)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        for _ in range(2 * accounts_cases.MAX_FAILED_LOGINS):
            await pilot.press("enter")
            await settle(pilot)
        assert status(app, "#lock-status") == "Kirjoita tunnuslause ja paina Enter."
        for _ in range(accounts_cases.MAX_FAILED_LOGINS - 1):
            await type_text(pilot, "väärä lause tähän")
            await pilot.press("enter")
            await settle(pilot)
            assert status(app, "#lock-status") == "Nimi tai tunnuslause on väärä."
        # A password manager's passphrase and Enter, as one paste, unlocks.
        app.post_message(events.Paste(f"{VEERA_PASS}\r"))
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_keys_typed_as_the_screen_locks_go_to_the_lock(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, VEERA, VEERA_PASS)
        await pilot.press("ctrl+l", *[_character_to_key(c) for c in VEERA_PASS], "enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_the_first_administrator_from_one_paste(
    settings: Settings, clock: FixedClock
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstAdminScreen)
        seen = name_values(app)
        app.post_message(events.Paste(f"{ADMIN}\t{ADMIN_PASS}\t{ADMIN_PASS}\r"))
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert not any("korppi" in value for value in seen), seen


async def test_a_passphrase_typed_during_a_slow_check_is_kept_and_tried_next(
    settings: Settings, clock: FixedClock, accounts_made: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = accounts_cases._matches

    def slowly(passphrase_hash: str, passphrase: str) -> bool:
        sleep(0.4)  # a slow machine, or a busy server
        return real(passphrase_hash, passphrase)

    monkeypatch.setattr(accounts_cases, "_matches", slowly)
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, VEERA)
        await pilot.press("tab")
        await type_text(pilot, "väärä lause tähän")
        await pilot.press("enter")
        await type_text(pilot, VEERA_PASS)  # before the refusal arrives
        await pilot.press("enter")
        await pilot.pause(0.5)
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_a_burst_of_keys_at_the_login_fills_each_field_and_logs_in(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        burst(app, f"{VEERA}\t{VEERA_PASS}\r")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.context is not None and app.context.actor.name == VEERA


async def test_a_burst_of_keys_at_the_first_start_fills_each_field(
    settings: Settings, clock: FixedClock
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstAdminScreen)
        burst(app, f"{ADMIN}\t{ADMIN_PASS}")
        await settle(pilot)
        # The passphrase never reached the name field, not even for a moment.
        assert app.screen.query_one("#name", Input).value == ADMIN
        burst(app, f"\t{ADMIN_PASS}\r")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)


async def test_keys_typed_on_after_the_right_passphrase_go_to_the_screen_it_opens(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    """A receptionist types the passphrase, Enter, and at once `n` and the arrival's
    name: those keys are for the queue, not for the login fields (where they made
    the right passphrase look wrong)."""
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, f"{VEERA}\t{VEERA_PASS}\rnLindqvist Eva")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert app.screen.query_one("#name", Input).value == "Lindqvist Eva"


async def test_keys_typed_on_after_unlocking_go_back_to_the_form(
    settings: Settings, clock: FixedClock, accounts_made: None
) -> None:
    app = app_with_login(settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, VEERA, VEERA_PASS)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Kesken")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        burst(app, f"{VEERA_PASS}\r Kaisa")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        assert app.screen.query_one("#name", Input).value == "Kesken Kaisa"
