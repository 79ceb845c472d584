"""The idle lock: the screen hides everything until the same worker's passphrase.

Every screen underneath stays as it was, so an interview or a form keeps what
was typed; interview drafts are also saved before locking. Wrong passphrases
count like wrong logins, so the lock cannot be guessed open either; Enter
with nothing typed is not one.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from domain import accounts
from domain.errors import DomainError
from domain.i18n import tr
from domain.staff import Staff
from domain.use_cases import accounts as accounts_cases
from tui.context import Database
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.login import LoggedIn
from tui.widgets.footer import KeyFooter
from tui.widgets.gate_field import GateField, submits_passphrase, type_into
from tui.widgets.status_line import StatusLine


class LockScreen(RinnallaScreen[Staff]):
    """Dismisses with the worker when the passphrase is right."""

    def __init__(self, database: Database, staff: Staff) -> None:
        super().__init__()
        self._database = database
        self._staff = staff
        self._checking = False
        self._again = False

    def holds_keys_after(self, key: str) -> bool:
        """Enter in the passphrase field: the keys typed on wait for the check."""
        return submits_passphrase(self, key)

    def compose(self) -> ComposeResult:
        with Vertical(id="lock", classes="gate"):
            yield Static(tr("lock.title"), classes="dialog-title")
            yield Static(Text(tr("lock.text", name=self._staff.name)), classes="dialog-text")
            yield Label(tr("lock.passphrase"), classes="field-label")
            yield GateField(id="passphrase", password=True, max_length=accounts.PASSPHRASE_MAX)
            yield StatusLine(id="lock-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def type_pasted(self, field: GateField, text: str) -> None:
        """A paste typed into the fields as its keys would have been (see GateField)."""
        ending, submit = type_into([field], field, text)
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
        self._check(passphrase)
        # Keys typed on during the check wait: for the screen the right passphrase
        # opens (`n` and a name), or, if it is refused, for these fields again.
        self.rinnalla.hold_keys()

    @work(thread=True, exclusive=True, group="unlock")
    def _check(self, passphrase: str) -> None:
        database = self._database
        try:
            staff = accounts_cases.unlock(
                database.uow(),
                self._staff,
                passphrase,
                clock=database.clock,
                source=database.login_source,
            )
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
        self.set_status(message.error.message, error=True)
        passphrase = self.query_one("#passphrase", Input)
        passphrase.focus()
        self.rinnalla.release_keys()  # behind the focus change
        if self._again and passphrase.value:
            self._submit()
