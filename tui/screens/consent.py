"""The client's consents to disclose data to other organisations (R12).

Opened from the network view (key ``u``, the key the refusals name). A
referral to another organisation's service and a MOTI agenda with names both
check these consents, so the worker who was refused comes here, records what
the client agreed to, and goes back to where they were: nothing typed there is
lost. A consent is withdrawn, never deleted, so that what was allowed on a
given day can always be told; withdrawing asks once more before it is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, RadioSet, Static

from domain import formats
from domain.clock import local_today
from domain.consent import ClientConsents, Consent, ConsentInput, DataKind
from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, tr
from domain.use_cases import consent as consent_cases
from tui.context import AppContext
from tui.messages import Refused
from tui.screens.base import RinnallaScreen
from tui.screens.confirm import ConfirmDiscard
from tui.screens.form import FieldForm, refuse
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.marks import MarkedRadioButton
from tui.widgets.status_line import StatusLine

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("consent_ui.col.organisation"),
    N_("consent_ui.col.kind"),
    N_("consent_ui.col.given"),
    N_("consent_ui.col.withdrawn"),
    N_("consent_ui.col.state"),
)

KINDS = tuple(DataKind)
"""The data kinds in the order the form lists them; social welfare data first (the
intake is social welfare data, so it is what a referral asks for)."""


class ConsentsLoaded(Message):
    def __init__(self, view: ClientConsents, note: str | None) -> None:
        super().__init__()
        self.view = view
        self.note = note


def _state(consent: Consent, today: dt.date) -> str:
    return tr("consent_ui.in_force") if consent.in_force(today) else tr("consent_ui.not_in_force")


class ConsentScreen(RinnallaScreen[None]):
    """One client's consents: the list, giving one, withdrawing the highlighted one."""

    BINDINGS = [
        Binding("a", "give", N_("key.consent_give"), id="consent_give"),
        Binding("x", "withdraw", N_("key.consent_withdraw"), id="consent_withdraw"),
        Binding("escape", "back", N_("key.consent_back"), id="consent_back"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.title = tr("consent_ui.title")
        self.client_id = client_id
        self.view: ClientConsents | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("consent_ui.loading"), id="consent-client")
        yield Static(
            Text(tr("consent_ui.explained")), id="consent-explained", classes="dialog-text"
        )
        table: DataTable[Text] = ListTable(
            id="consent-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield StatusLine(id="consent-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#consent-table", DataTable)
        widths = {"organisation": 36, "kind": 26, "given": 12, "withdrawn": 12}
        for column in ("organisation", "kind", "given", "withdrawn", "state"):
            table.add_column(tr(f"consent_ui.col.{column}"), key=column, width=widths.get(column))
        table.focus()
        self.reload()

    # Loading ----------------------------------------------------------------------

    def reload(self, note: str | None = None) -> None:
        self._load(self.context, note)

    @work(thread=True, exclusive=True, group="consent-load")
    def _load(self, context: AppContext, note: str | None) -> None:
        try:
            view = consent_cases.client_consents(context.uow(), self.client_id, actor=context.actor)
        except DomainError as error:
            self.post_message(Refused(error))
        else:
            self.post_message(ConsentsLoaded(view, note))

    @on(Refused)
    def _failed(self, message: Refused) -> None:
        self.set_status(message.error.message, error=True)

    @on(ConsentsLoaded)
    def _show(self, message: ConsentsLoaded) -> None:
        view = message.view
        self.view = view
        client = view.client
        identity = client.masked_hetu or (str(client.birth_year) if client.birth_year else "–")
        self.query_one("#consent-client", Static).update(
            Text(tr("consent_ui.header", name=client.display_name, identity=identity), "bold")
        )
        today = local_today(self.rinnalla.clock)
        table = self.query_one("#consent-table", DataTable)
        kept = table.cursor_row
        table.clear()
        for consent in view.consents:
            dim = "" if consent.in_force(today) else "dim"
            # Text(...), never markup: the organisation is shown as typed.
            table.add_row(
                Text(consent.organisation, style=dim),
                Text(consent.kind.label, style=dim),
                Text(formats.date(consent.given_on), style=dim),
                Text(
                    formats.date(consent.withdrawn_on) if consent.withdrawn_on else "–", style=dim
                ),
                Text(_state(consent, today), style=dim),
                key=str(consent.id),
            )
        if view.consents:
            table.move_cursor(row=min(max(kept, 0), len(view.consents) - 1))
        if message.note is not None:
            self.set_status(message.note)
        elif not view.consents:
            self.set_status(tr("consent_ui.empty"))
        else:
            in_force = sum(1 for consent in view.consents if consent.in_force(today))
            self.set_status(tr("consent_ui.count", count=len(view.consents), in_force=in_force))
        self.refresh_bindings()

    # The highlighted consent ---------------------------------------------------------

    def _highlighted(self) -> Consent | None:
        if self.view is None:
            return None
        table = self.query_one("#consent-table", DataTable)
        if not 0 <= table.cursor_row < len(self.view.consents):
            return None
        return self.view.consents[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out giving before the client is loaded, and withdrawing a withdrawn one."""
        if action == "give":
            return True if self.view is not None else None
        if action == "withdraw":
            consent = self._highlighted()
            return True if consent is not None and consent.withdrawn_on is None else None
        return True

    # Giving and withdrawing -------------------------------------------------------------

    def action_give(self) -> None:
        if self.view is None:
            return

        def saved(consent: Consent | None) -> None:
            if consent is not None:
                note = tr(
                    "consent_ui.saved", kind=consent.kind.label, organisation=consent.organisation
                )
                self.reload(note)

        self.app.push_screen(GiveConsentForm(self.client_id), saved)

    def action_withdraw(self) -> None:
        consent = self._highlighted()
        if consent is None or consent.withdrawn_on is not None:
            return

        def saved(withdrawn: Consent | None) -> None:
            if withdrawn is not None and withdrawn.withdrawn_on is not None:
                note = tr(
                    "consent_ui.withdrawn_saved",
                    date=formats.date(withdrawn.withdrawn_on),
                    kind=withdrawn.kind.label,
                    organisation=withdrawn.organisation,
                )
                self.reload(note)
            else:
                self.reload()  # a refusal may mean someone else changed it

        self.app.push_screen(WithdrawConsentForm(consent), saved)

    def action_back(self) -> None:
        self.dismiss(None)


# The forms ----------------------------------------------------------------------------


class GiveConsentForm(FieldForm[Consent]):
    """The organisation, the kind of data and the day; dismisses with the stored consent."""

    FIELDS = ("organisation", "kind", "given_on")

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self._client_id = client_id

    def compose(self) -> ComposeResult:
        today = local_today(self.rinnalla.clock)
        kinds = RadioSet(
            *(
                MarkedRadioButton(kind.label, value=index == 0, id=f"kind-{kind.value}")
                for index, kind in enumerate(KINDS)
            ),
            compact=True,
        )
        with Vertical(classes="dialog wide", id="consent-form"):
            yield Static(tr("consent_form.title"), classes="dialog-title")
            yield Static(tr("consent_form.text"), classes="dialog-text")
            yield from self.field_row(
                "organisation",
                tr("consent_form.organisation"),
                self.text_input(placeholder=tr("consent_form.organisation_hint")),
            )
            yield from self.field_row("kind", tr("consent_form.kind"), kinds)
            yield from self.field_row(
                "given_on", tr("consent_form.given_on"), self.date_input(today, optional=False)
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    @on(RadioSet.Changed, "#kind")
    def _clear_kind_error(self) -> None:
        self.set_error("kind", "")

    def prepared(self, context: AppContext) -> Callable[[], Consent]:
        errors: dict[str, str] = {}
        index = self.query_one("#kind", RadioSet).pressed_index
        given_on = self.read_date("given_on", errors)
        entry = ConsentInput(
            client_id=self._client_id,
            organisation=self.value("organisation"),
            kind=KINDS[index] if index >= 0 else DataKind.SOCIAL,
            given_on=given_on,
        )
        today = local_today(context.clock)
        refuse(errors, lambda: entry.checked(today))
        entry.checked(today)  # every local message at once, before the worker runs
        return lambda: consent_cases.give_consent(
            context.uow(), entry, actor=context.actor, clock=context.clock
        )


class WithdrawConsentForm(FieldForm[Consent]):
    """The day of withdrawal (today by default), confirmed once; dismisses with the consent."""

    FIELDS = ("withdrawn_on",)

    def __init__(self, consent: Consent) -> None:
        super().__init__()
        self._consent = consent

    def compose(self) -> ComposeResult:
        today = local_today(self.rinnalla.clock)
        consent = self._consent
        with Vertical(classes="dialog wide", id="withdraw-form"):
            yield Static(tr("consent_form.withdraw_title"), classes="dialog-title")
            yield Static(
                Text(
                    tr(
                        "consent_form.withdraw_text",
                        kind=consent.kind.label,
                        organisation=consent.organisation,
                        given=formats.date(consent.given_on),
                    )
                ),
                classes="dialog-text",
            )
            yield from self.field_row(
                "withdrawn_on",
                tr("consent_form.withdrawn_on"),
                self.date_input(today, optional=False),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _day(self) -> dt.date:
        """The typed day; InvalidInput at the field when it is missing or not a date."""
        errors: dict[str, str] = {}
        day = self.read_date("withdrawn_on", errors)
        if day is None and not errors:
            errors["withdrawn_on"] = tr("consent.date_missing")
        if errors or day is None:
            raise InvalidInput(errors)
        return day

    def action_save(self) -> None:
        """Ask once before storing: a withdrawal is for good."""
        if self._saving:
            return
        try:
            day = self._day()
        except InvalidInput as error:
            self.show_refusal(error)
            return
        question = tr(
            "consent_form.confirm",
            kind=self._consent.kind.partitive,
            organisation=self._consent.organisation,
            date=formats.date(day),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                FieldForm.action_save(self)

        self.app.push_screen(
            ConfirmDiscard(question, confirm_label=tr("consent_form.confirm_button")), answered
        )

    def prepared(self, context: AppContext) -> Callable[[], Consent]:
        day = self._day()
        consent = self._consent
        return lambda: consent_cases.withdraw_consent(
            context.uow(),
            consent.client_id,
            consent.id,
            day,
            consent.version,
            actor=context.actor,
            clock=context.clock,
        )
