"""Staff accounts, for an administrator: who may log in, with which role.

Accounts are never deleted: a worker who leaves is disabled, so that their
entries keep a name, and a disabled account can be taken back into use. A
forgotten passphrase is replaced by the administrator, who tells the worker
the new one. The domain refuses everything here to anyone but an
administrator, and refuses to disable the last one; the screen only says so.

Passphrases go from the form's fields straight into the use case call and
nowhere else: not into messages, the status line or the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Select, Static

from domain import accounts, formats
from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, tr
from domain.staff import Account, Staff, StaffRole
from domain.use_cases import accounts as accounts_cases
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("accounts.col.name"),
    N_("accounts.col.role"),
    N_("accounts.col.state"),
    N_("accounts.confirm_disable"),
    N_("accounts.confirm_enable"),
    N_("accounts.disable_button"),
    N_("accounts.enable_button"),
)


def state_text(account: Account, now: dt.datetime) -> str:
    """The state in words: whether the worker can log in now, and if not, why."""
    parts = [(tr("accounts.state_active") if account.active else tr("accounts.state_disabled"))]
    if account.passphrase_hash is None:
        # A staff row from before accounts existed: "a" with the same name makes it one.
        parts.append(tr("accounts.state_no_passphrase"))
    if account.locked_until is not None and account.locked_until > now:
        parts.append(tr("accounts.state_locked", until=formats.time(account.locked_until)))
    return ", ".join(parts)


# Messages ---------------------------------------------------------------------------


class AccountsLoaded(Message):
    """The accounts as the database has them now; ``highlight`` is a staff id to show."""

    def __init__(self, accounts: list[Account], highlight: int | None) -> None:
        super().__init__()
        self.accounts = accounts
        self.highlight = highlight


class AccountChanged(Message):
    """An account was enabled or disabled (``note`` says which), or the change was refused."""

    def __init__(self, note: str, staff_id: int, *, error: bool) -> None:
        super().__init__()
        self.note = note
        self.staff_id = staff_id
        self.error = error


# The list -----------------------------------------------------------------------------


class AccountsScreen(RinnallaScreen[None]):
    """Every staff account with its role and state, and keys to add, disable and reset."""

    BINDINGS = [
        Binding("a", "add", N_("accounts.key.add"), id="accounts_add"),
        Binding("x", "toggle_active", N_("accounts.key.toggle"), id="accounts_toggle"),
        Binding("r", "reset_passphrase", N_("accounts.key.reset"), id="accounts_reset"),
        Binding("escape", "back", N_("accounts.key.back"), id="accounts_back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.title = tr("accounts.screen_title")
        self._accounts: list[Account] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("accounts.opening"), id="accounts-summary")
        table: DataTable[Text] = ListTable(
            id="accounts-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield StatusLine(id="accounts-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#accounts-table", DataTable)
        # The state takes what is left: "Poistettu käytöstä, lukittu 12.05 asti" is long.
        widths = {"name": 40, "role": 16}
        for column in ("name", "role", "state"):
            table.add_column(tr(f"accounts.col.{column}"), key=column, width=widths.get(column))
        table.focus()
        self.reload()

    # Loading -------------------------------------------------------------------

    def reload(self, highlight: int | None = None) -> None:
        self._load(self.context, highlight)

    @work(thread=True, exclusive=True, group="accounts-load")
    def _load(self, context: AppContext, highlight: int | None) -> None:
        try:
            found = accounts_cases.list_accounts(context.uow(), actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(AccountsLoaded(found, highlight))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        message.stop()
        self.set_status(message.error.message, error=True)

    @on(AccountsLoaded)
    def _show(self, message: AccountsLoaded) -> None:
        keep = message.highlight if message.highlight is not None else self._highlighted_id()
        self._accounts = message.accounts
        now = self.rinnalla.clock.now()
        table = self.query_one("#accounts-table", DataTable)
        table.clear()
        for account in message.accounts:
            table.add_row(*self._cells(account, now), key=str(account.staff.id))
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(keep)))
            except Exception:  # noqa: BLE001 - the row is gone; keep the cursor where it is
                pass
        active = sum(1 for account in message.accounts if account.active)
        self.query_one("#accounts-summary", Static).update(
            tr("accounts.summary", active=active, disabled=len(message.accounts) - active)
        )
        self.refresh_bindings()

    def _cells(self, account: Account, now: dt.datetime) -> list[Text]:
        # Dimmed and saying so in words: colour alone never carries the meaning.
        style = "" if account.active else "dim"
        # Text(...) and never a markup string: names are shown as they were typed.
        return [
            Text(account.staff.name, style=style),
            Text(account.staff.role.label, style=style),
            Text(state_text(account, now), style=style),
        ]

    # The highlighted account ---------------------------------------------------------

    def _highlighted(self) -> Account | None:
        table = self.query_one("#accounts-table", DataTable)
        if not 0 <= table.cursor_row < len(self._accounts):
            return None
        return self._accounts[table.cursor_row]

    def _highlighted_id(self) -> int | None:
        account = self._highlighted()
        return account.staff.id if account else None

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out the keys that need a highlighted account."""
        if action in ("toggle_active", "reset_passphrase"):
            return True if self._highlighted() is not None else None
        return True

    # Adding and resetting ---------------------------------------------------------------

    def action_add(self) -> None:
        self.app.push_screen(AddUserForm(), self._after_add)

    def _after_add(self, staff: Staff | None) -> None:
        if staff is not None:
            self.set_status(tr("accounts.added", name=staff.name, role=staff.role.label))
            self.reload(highlight=staff.id)

    def action_reset_passphrase(self) -> None:
        account = self._highlighted()
        if account is not None:
            self.app.push_screen(ResetPassphraseForm(account.staff.name), self._after_reset)

    def _after_reset(self, staff: Staff | None) -> None:
        if staff is not None:
            self.set_status(tr("accounts.reset_note", name=staff.name))
            # The waiting time is cleared too: the state column changes.
            self.reload(highlight=staff.id)

    # Disabling and enabling ---------------------------------------------------------------

    def action_toggle_active(self) -> None:
        account = self._highlighted()
        if account is None:
            return
        context = self.context
        change = "disable" if account.active else "enable"
        question = tr(f"accounts.confirm_{change}", name=account.staff.name)

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._set_active(context, account.staff, not account.active)

        self.app.push_screen(
            ConfirmDiscard(question, confirm_label=tr(f"accounts.{change}_button")), answered
        )

    @work(thread=True, exclusive=True, group="accounts-change")
    def _set_active(self, context: AppContext, staff: Staff, active: bool) -> None:
        try:
            accounts_cases.set_active(context.uow(), staff.name, active, actor=context.actor)
        except DomainError as error:
            self.post_message(AccountChanged(error.message, staff.id, error=True))
            return
        note = N_("accounts.enabled_note") if active else N_("accounts.disabled_note")
        self.post_message(AccountChanged(tr(note, name=staff.name), staff.id, error=False))

    @on(AccountChanged)
    def _changed(self, message: AccountChanged) -> None:
        self.set_status(message.note, error=message.error)
        # Reloaded after a refusal too: what the list shows is what is stored.
        self.reload(highlight=message.staff_id)

    # Leaving ----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)


# The forms ----------------------------------------------------------------------------


def passphrase_input() -> Input:
    """Hidden as typed: the form may be open with someone else in the room."""
    return TextInput(password=True, max_length=accounts.PASSPHRASE_MAX)


def checked_passphrase(form: FieldForm[Staff], errors: dict[str, str]) -> str:
    """The typed passphrase; a short one or a differing repetition goes to ``errors``.

    Checked on the form because the repetition never reaches the domain's
    use cases: only the form knows it was typed twice.
    """
    passphrase = form.value("passphrase")
    try:
        accounts.check_passphrase(passphrase, form.value("repeated"))
    except InvalidInput as error:
        errors.update(error.fields)
    return passphrase


class AddUserForm(FieldForm[Staff]):
    """A new account with a role and a passphrase; dismisses with the staff member."""

    FIELDS = ("name", "role", "passphrase", "repeated")

    def compose(self) -> ComposeResult:
        roles: Choice[StaffRole] = Choice(
            [(role.label, role) for role in StaffRole],
            prompt=tr("accounts.role_prompt"),
            # No default: a silently chosen role gives someone too much or too little.
            allow_blank=True,
        )
        with Vertical(classes="dialog wide", id="add-user-form"):
            yield Static(tr("accounts.add_title"), classes="dialog-title")
            yield Static(
                tr("accounts.add_text", minimum=accounts.PASSPHRASE_MIN), classes="dialog-text"
            )
            yield from self.field_row(
                "name", tr("accounts.field.name"), TextInput(max_length=accounts.NAME_MAX)
            )
            yield from self.field_row("role", tr("accounts.field.role"), roles)
            yield from self.field_row(
                "passphrase", tr("accounts.field.passphrase"), passphrase_input()
            )
            yield from self.field_row("repeated", tr("accounts.field.repeated"), passphrase_input())
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Staff]:
        errors: dict[str, str] = {}
        name = self.value("name")
        role = self.query_one("#role", Select).value
        if not isinstance(role, StaffRole):
            errors["role"] = tr("accounts.role_missing")
        passphrase = checked_passphrase(self, errors)
        # The name's own mistakes show together with the others, not one round later.
        refuse(errors, lambda: accounts.check_name(name))
        chosen = cast(StaffRole, role)
        return lambda: accounts_cases.add_user(
            context.uow(), name, chosen, passphrase, actor=context.actor, clock=context.clock
        )


class ResetPassphraseForm(FieldForm[Staff]):
    """A new passphrase for ``name``, typed twice; dismisses with the staff member."""

    FIELDS = ("passphrase", "repeated")

    def __init__(self, name: str) -> None:
        super().__init__()
        self._account_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="reset-passphrase-form"):
            yield Static(
                Text(tr("accounts.reset_title", name=self._account_name)), classes="dialog-title"
            )
            yield Static(
                tr("accounts.reset_text", minimum=accounts.PASSPHRASE_MIN), classes="dialog-text"
            )
            yield from self.field_row(
                "passphrase", tr("accounts.field.passphrase"), passphrase_input()
            )
            yield from self.field_row("repeated", tr("accounts.field.repeated"), passphrase_input())
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def prepared(self, context: AppContext) -> Callable[[], Staff]:
        errors: dict[str, str] = {}
        passphrase = checked_passphrase(self, errors)
        if errors:
            raise InvalidInput(errors)
        name = self._account_name
        return lambda: accounts_cases.reset_passphrase(
            context.uow(), name, passphrase, actor=context.actor
        )
