"""The idle lock: the screen hides everything until the same worker's passphrase.

Every screen underneath stays as it was, so an interview or a form keeps what
was typed; interview drafts are also saved before locking. Wrong passphrases
count like wrong logins, so the lock cannot be guessed open either.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from domain import accounts
from domain.errors import DomainError
from domain.i18n import define, tr
from domain.staff import Staff
from tui.bindings import translate_bindings
from tui.messages import Refused
from tui.screens.login import LoggedIn
from tui.services import Database
from tui.widgets.text_input import TextInput

define(
    {
        "lock.title": ("Näyttö on lukittu", "The screen is locked"),
        "lock.text": (
            "{name}: kirjoita tunnuslauseesi ja paina Enter. Kesken olleet työt ovat tallessa. "
            "Ctrl+Q lopettaa.",
            "{name}: type your passphrase and press Enter. Work in progress is kept. Ctrl+Q quits.",
        ),
        "lock.passphrase": ("Tunnuslause", "Passphrase"),
    }
)


class LockScreen(Screen[Staff]):
    """Dismisses with the worker when the passphrase is right."""

    def __init__(self, database: Database, staff: Staff) -> None:
        super().__init__()
        translate_bindings(self)
        self._database = database
        self._staff = staff
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="lock", classes="gate"):
            yield Static(tr("lock.title"), classes="dialog-title")
            yield Static(Text(tr("lock.text", name=self._staff.name)), classes="dialog-text")
            yield Label(tr("lock.passphrase"), classes="field-label")
            yield TextInput(id="passphrase", password=True, max_length=accounts.PASSPHRASE_MAX)
            yield Static("", id="lock-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def _submit(self, event: Input.Submitted) -> None:
        if not self._checking:
            self._checking = True
            self._check(event.value)

    @work(thread=True, exclusive=True, group="unlock")
    def _check(self, passphrase: str) -> None:
        database = self._database
        try:
            staff = accounts.unlock(database.uow(), self._staff, passphrase, clock=database.clock)
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(LoggedIn(staff))

    @on(LoggedIn)
    def _unlocked(self, message: LoggedIn) -> None:
        self.dismiss(message.staff)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._checking = False
        status = self.query_one("#lock-status", Static)
        status.update(Text(message.error.message))
        status.add_class("error")
        passphrase = self.query_one("#passphrase", Input)
        passphrase.value = ""
        passphrase.focus()
