"""The login: name, Tab, passphrase, Enter.

A full screen rather than a dialog, so that nothing of the previous worker's
session shows behind it. Refusals (wrong passphrase, a waiting or disabled
account) are shown under the fields; the passphrase field empties as it is
sent, so what is typed during the check is kept (and, with Enter, tried next),
and the name stays typed. Enter with an empty passphrase only says what to do: it is no
attempt. A password manager's ``name<Tab>passphrase<Enter>``, arriving as one
paste, fills both fields and logs in (:mod:`tui.widgets.gate_field`); keys
typed before this screen was ready arrive the same way (``RinnallaApp``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from domain import accounts
from domain.errors import DomainError
from domain.i18n import tr
from domain.staff import Staff
from domain.use_cases import accounts as accounts_cases
from tui.context import Database
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.gate_field import GateField, submits_passphrase, type_into
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    pass


class LoggedIn(Message, bubble=False):
    def __init__(self, staff: Staff) -> None:
        super().__init__()
        self.staff = staff


class LoginScreen(RinnallaScreen[Staff]):
    """Dismisses with the worker who logged in."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self._database = database
        self._checking = False
        self._again = False

    def holds_keys_after(self, key: str) -> bool:
        """Enter in the passphrase field: the keys typed on wait for the check."""
        return submits_passphrase(self, key)

    def compose(self) -> ComposeResult:
        with Vertical(id="login", classes="gate"):
            yield Static(tr("login.title"), classes="dialog-title")
            yield Static(
                Text(tr("login.place", place=self._database.location.name)), classes="dialog-text"
            )
            yield Label(tr("login.name"), classes="field-label")
            yield GateField(id="name", max_length=accounts.NAME_MAX)
            yield Label(tr("login.passphrase"), classes="field-label")
            yield GateField(id="passphrase", password=True, max_length=accounts.PASSPHRASE_MAX)
            yield StatusLine(id="login-status")
            yield Static(tr("login.hint"), classes="dialog-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _to_passphrase(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def type_pasted(self, field: GateField, text: str) -> None:
        """A paste typed into the fields as its keys would have been (see GateField)."""
        fields = [self.query_one("#name", Input), self.query_one("#passphrase", Input)]
        ending, submit = type_into(fields, field, text)
        self.set_focus(ending)  # now: the next key typed goes there
        if submit:
            self._submit()

    @on(Input.Submitted, "#passphrase")
    def _submit(self) -> None:
        field = self.query_one("#passphrase", Input)
        if self._checking:
            # Typed while the last one is checked: tried next if that one is refused.
            self._again = True
            return
        passphrase = field.value
        if not passphrase:  # not an attempt: say what to do
            self.set_status(tr("accounts.passphrase_missing"))
            self.rinnalla.release_keys()
            return
        self._checking = True
        self._again = False
        # Emptied now, not on a refusal: what is typed during the check is kept.
        field.value = ""
        self.set_status(tr("login.checking"))
        self._check(self.query_one("#name", Input).value, passphrase)
        # Keys typed on during the check wait: for the screen the right passphrase
        # opens (`n` and a name), or, if it is refused, for these fields again.
        self.rinnalla.hold_keys()

    @work(thread=True, exclusive=True, group="login")
    def _check(self, name: str, passphrase: str) -> None:
        database = self._database
        try:
            staff = accounts_cases.log_in(
                database.uow(),
                name,
                passphrase,
                clock=database.clock,
                source=database.login_source,
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
        self.set_status(message.error.message, error=True)
        name, passphrase = self.query_one("#name", Input), self.query_one("#passphrase", Input)
        if self.focused is not name:
            passphrase.focus()
        self.rinnalla.release_keys()  # behind the focus change
        if self._again and passphrase.value:
            self._submit()
