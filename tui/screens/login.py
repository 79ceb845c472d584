"""The login: name, Tab, passphrase, Enter.

A full screen rather than a dialog, so that nothing of the previous worker's
session shows behind it. Refusals (wrong passphrase, a waiting or disabled
account) are shown under the fields and the passphrase is cleared; the name
stays typed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from domain import accounts
from domain.errors import DomainError
from domain.i18n import define, tr
from domain.staff import Staff
from tui.bindings import translate_bindings
from tui.messages import Refused
from tui.services import Database
from tui.widgets.text_input import TextInput

define(
    {
        "login.title": ("Rinnalla – kirjaudu sisään", "Rinnalla – log in"),
        "login.place": ("Toimipiste: {place}", "Location: {place}"),
        "login.name": ("Nimi", "Name"),
        "login.passphrase": ("Tunnuslause", "Passphrase"),
        "login.hint": (
            "Sarkain siirtyy tunnuslauseeseen, Enter kirjautuu. Ctrl+Q lopettaa.",
            "Tab moves to the passphrase, Enter logs in. Ctrl+Q quits.",
        ),
        "login.checking": ("Tarkistetaan…", "Checking…"),
    }
)


class LoggedIn(Message, bubble=False):
    def __init__(self, staff: Staff) -> None:
        super().__init__()
        self.staff = staff


class LoginScreen(Screen[Staff]):
    """Dismisses with the worker who logged in."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        translate_bindings(self)
        self._database = database
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="login", classes="gate"):
            yield Static(tr("login.title"), classes="dialog-title")
            yield Static(
                Text(tr("login.place", place=self._database.location.name)), classes="dialog-text"
            )
            yield Label(tr("login.name"), classes="field-label")
            yield TextInput(id="name", max_length=accounts.NAME_MAX)
            yield Label(tr("login.passphrase"), classes="field-label")
            yield TextInput(id="passphrase", password=True, max_length=accounts.PASSPHRASE_MAX)
            yield Static("", id="login-status")
            yield Static(tr("login.hint"), classes="dialog-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _to_passphrase(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def _submit(self) -> None:
        if self._checking:
            return
        self._checking = True
        self._status(tr("login.checking"), error=False)
        self._check(
            self.query_one("#name", Input).value, self.query_one("#passphrase", Input).value
        )

    @work(thread=True, exclusive=True, group="login")
    def _check(self, name: str, passphrase: str) -> None:
        try:
            staff = accounts.log_in(
                self._database.uow(), name, passphrase, clock=self._database.clock
            )
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(LoggedIn(staff))

    @on(LoggedIn)
    def _logged_in(self, message: LoggedIn) -> None:
        self.dismiss(message.staff)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._checking = False
        self._status(message.error.message, error=True)
        passphrase = self.query_one("#passphrase", Input)
        passphrase.value = ""
        passphrase.focus()

    def _status(self, text: str, *, error: bool) -> None:
        status = self.query_one("#login-status", Static)
        status.update(Text(text))
        status.set_class(error, "error")
