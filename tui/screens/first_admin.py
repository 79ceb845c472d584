"""The first start on an empty database: the first administrator's account.

Until someone can log in, nothing else is possible; the administrator then
adds the other workers (``rinnalla user add``).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from domain import accounts
from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, tr
from domain.use_cases import accounts as accounts_cases
from tui.context import Database
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.login import LoggedIn
from tui.widgets.footer import KeyFooter
from tui.widgets.gate_field import GateField, type_into
from tui.widgets.status_line import StatusLine

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("first_admin.name"),
    N_("first_admin.passphrase"),
    N_("first_admin.repeated"),
)

FIELDS = ("name", "passphrase", "repeated")


class FirstAdminScreen(RinnallaScreen[object]):
    """Dismisses with the administrator, who is then logged in."""

    BINDINGS = [Binding("ctrl+s", "create", N_("key.first_admin_create"))]

    def __init__(self, database: Database) -> None:
        super().__init__()
        self._database = database
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="first-admin", classes="gate"):
            yield Static(tr("first_admin.title"), classes="dialog-title")
            yield Static(
                tr("first_admin.text", minimum=accounts.PASSPHRASE_MIN), classes="dialog-text"
            )
            for field in FIELDS:
                yield Label(tr(f"first_admin.{field}"), classes="field-label")
                yield GateField(
                    id=field,
                    password=field != "name",
                    max_length=accounts.NAME_MAX if field == "name" else accounts.PASSPHRASE_MAX,
                )
                yield Static("", id=f"{field}-error", classes="field-error")
            yield StatusLine(id="first-admin-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def type_pasted(self, field: GateField, text: str) -> None:
        """A paste typed into the fields as its keys would have been (see GateField)."""
        fields = [self.query_one(f"#{field}", Input) for field in FIELDS]
        ending, submit = type_into(fields, field, text)
        self.set_focus(ending)  # now: the next key typed goes there
        if submit:
            self.action_create()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "repeated":
            self.action_create()
        else:
            self.focus_next()

    def action_create(self) -> None:
        if self._saving:
            return
        self._saving = True
        values = [self.query_one(f"#{field}", Input).value for field in FIELDS]
        self._create(*values)

    @work(thread=True, exclusive=True, group="first-admin")
    def _create(self, name: str, passphrase: str, repeated: str) -> None:
        database = self._database
        try:
            staff = accounts_cases.create_first_admin(
                database.uow(), name, passphrase, repeated, clock=database.clock
            )
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(LoggedIn(staff))

    @on(LoggedIn)
    def _created(self, message: LoggedIn) -> None:
        self.dismiss(message.staff)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._saving = False
        error = message.error
        fields = error.fields if isinstance(error, InvalidInput) else {}
        for field in FIELDS:
            shown = self.query_one(f"#{field}-error", Static)
            shown.update(Text(fields.get(field, "")))
            shown.display = field in fields
        self.set_status("" if fields else error.message, error=not fields)
        first = next((field for field in FIELDS if field in fields), None)
        if first is not None:
            self.query_one(f"#{first}", Input).focus()
