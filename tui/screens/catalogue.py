"""The service catalogue (palveluluettelo): where clients can be referred.

The organisation keeps the catalogue itself, from the keyboard: names,
sectors and contacts change. An entry is deactivated, never deleted, so that
old referrals keep their target; inactive entries stay listed, dimmed, and can
be taken back into use. A work-ability service is marked as one, because
referring a TYP client to it overlaps with TYP's own work-ability work and the
network view warns about it (R6). A service another organisation provides names
that organisation: a referral there discloses the client's data and needs the
client's consent (R12).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Header,
    Label,
    Select,
    Static,
)

from domain.catalogue import CONTACT_MAX, NAME_MAX, Service, ServiceInput
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.sectors import Sector
from domain.use_cases import catalogue
from tui.context import AppContext
from tui.roles import REFUSED, offers, twin_live, with_refusals
from tui.screens.base import RinnallaDialog, RinnallaScreen
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("catalogue.col.name"),
    N_("catalogue.col.sector"),
    N_("catalogue.col.contact"),
    N_("catalogue.col.work_ability"),
    N_("catalogue.col.state"),
    N_("catalogue.confirm_deactivate"),
    N_("catalogue.deactivate_explained"),
    N_("catalogue.confirm_reactivate"),
    N_("catalogue.reactivate_explained"),
    N_("catalogue.deactivate_button"),
    N_("catalogue.reactivate_button"),
)

FORM_FIELDS = ("name", "sector", "contact", "external_organisation")
"""The validated fields in screen order: the first one with a message gets the focus."""


def state_label(active: bool) -> str:
    return tr("catalogue.active") if active else tr("catalogue.inactive")


# Messages ---------------------------------------------------------------------------


class CatalogueLoaded(Message):
    def __init__(self, services: list[Service], highlight: int | None) -> None:
        super().__init__()
        self.services = services
        self.highlight = highlight


class ActiveToggled(Message):
    """A service was taken out of use or back (``note`` says which), or refused."""

    def __init__(self, note: str, service_id: int, *, error: bool) -> None:
        super().__init__()
        self.note = note
        self.service_id = service_id
        self.error = error


# The list -----------------------------------------------------------------------------


class CatalogueScreen(RinnallaScreen[None]):
    """Every service, inactive ones too, with keys to add, edit and (de)activate."""

    ROLE_NEEDS = dict.fromkeys(("add", "edit", "toggle_active"), "edit_catalogue")
    """Everyone reads the catalogue (referral targets); only some roles keep it.
    The others are not offered a form they could fill but not save."""

    BINDINGS = with_refusals(
        [
            Binding("a", "add", N_("key.catalogue_add"), id="catalogue_add"),
            # Enter on a row edits too (DataTable.RowSelected); e is what the footer names.
            Binding("e", "edit", N_("key.catalogue_edit"), id="catalogue_edit"),
            Binding("x", "toggle_active", N_("key.catalogue_toggle"), id="catalogue_toggle"),
            Binding("escape", "back", N_("key.catalogue_back"), id="catalogue_back"),
        ],
        ROLE_NEEDS,
    )

    def __init__(self) -> None:
        super().__init__()
        self.title = tr("catalogue.title")
        self._services: list[Service] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("catalogue.opening"), id="catalogue-summary")
        table: DataTable[Text] = ListTable(
            id="catalogue-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield StatusLine(id="catalogue-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#catalogue-table", DataTable)
        # 120 columns hold the five with their padding, the longest sector and
        # the longest state in full; names and contacts give way.
        widths = {"name": 28, "sector": 27, "work_ability": 9, "contact": 29}
        for column in ("name", "sector", "work_ability", "contact", "state"):
            table.add_column(tr(f"catalogue.col.{column}"), key=column, width=widths.get(column))
        table.focus()
        self.reload()

    # Loading -------------------------------------------------------------------

    def reload(self, highlight: int | None = None) -> None:
        self._load(self.context, highlight)

    @work(thread=True, exclusive=True, group="catalogue-load")
    def _load(self, context: AppContext, highlight: int | None) -> None:
        self.post_message(CatalogueLoaded(catalogue.list_services(context.uow()), highlight))

    @on(CatalogueLoaded)
    def _show(self, message: CatalogueLoaded) -> None:
        keep = message.highlight if message.highlight is not None else self._highlighted_id()
        self._services = message.services
        table = self.query_one("#catalogue-table", DataTable)
        table.clear()
        for service in message.services:
            table.add_row(*self._cells(service), key=str(service.id))
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(keep)))
            except Exception:  # noqa: BLE001 - the row is gone; keep the cursor where it is
                pass
        active = sum(1 for service in message.services if service.active)
        self.query_one("#catalogue-summary", Static).update(
            tr("catalogue.summary", active=active, inactive=len(message.services) - active)
        )
        if not message.services:
            self.set_status(tr("catalogue.empty") if self._keeps() else tr("catalogue.empty_read"))
        self.refresh_bindings()

    def _cells(self, service: Service) -> list[Text]:
        # Dimmed and saying so in words: colour alone never carries the meaning.
        style = "" if service.active else "dim"
        # Text(...) and never a markup string: what users typed is shown literally.
        return [
            Text(service.name, style=style),
            Text(service.sector.label, style=style),
            Text(tr("catalogue.work_ability_yes") if service.work_ability else "", style=style),
            Text(service.contact or "–", style=style),
            Text(state_label(service.active), style=style),
        ]

    # The highlighted service ---------------------------------------------------------

    def _highlighted(self) -> Service | None:
        table = self.query_one("#catalogue-table", DataTable)
        if not 0 <= table.cursor_row < len(self._services):
            return None
        return self._services[table.cursor_row]

    def _highlighted_id(self) -> int | None:
        service = self._highlighted()
        return service.id if service else None

    @on(DataTable.RowHighlighted)
    def _row_moved(self) -> None:
        self.refresh_bindings()

    def _keeps(self) -> bool:
        """Whether the worker's role keeps the catalogue (adds, edits, takes out of use)."""
        role = self.rinnalla.role
        return role is not None and offers(role, "edit_catalogue")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys the worker's role has no use for; grey out the ones that need
        a highlighted service."""
        if action == REFUSED:
            return twin_live(self.rinnalla.role, parameters)
        if action in self.ROLE_NEEDS and self.rinnalla.role is not None and not self._keeps():
            return False
        if action in ("edit", "toggle_active"):
            return True if self._highlighted() is not None else None
        return True

    # Adding and editing ----------------------------------------------------------------

    def action_refused(self, need: str, label: str) -> None:
        self.rinnalla.action_refused(need, label)

    def action_add(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        service = self._highlighted()
        if service is not None:
            self._open_form(service)

    @on(DataTable.RowSelected, "#catalogue-table")
    def _row_chosen(self) -> None:
        if self.rinnalla.role is not None and not self._keeps():
            # Enter, like e: refused before a form the role could not save is typed.
            self.rinnalla.action_refused("edit_catalogue", N_("key.catalogue_edit"))
            return
        self.action_edit()

    def _open_form(self, service: Service | None) -> None:
        self.app.push_screen(ServiceForm(service), self._after_form)

    def _after_form(self, saved: Service | None) -> None:
        # Reloaded even after a cancel: a refused save may mean someone else changed it.
        if saved is not None:
            self.set_status(tr("catalogue.saved", name=saved.name))
        self.reload(highlight=saved.id if saved else None)

    # Taking out of use and back -------------------------------------------------------

    def action_toggle_active(self) -> None:
        service = self._highlighted()
        if service is None:
            return
        context = self.context

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._toggle(context, service)

        self.app.push_screen(ConfirmActiveChange(service), confirmed)

    @work(thread=True, exclusive=True, group="catalogue-toggle")
    def _toggle(self, context: AppContext, service: Service) -> None:
        change = ServiceInput(
            name=service.name,
            sector=service.sector,
            contact=service.contact,
            active=not service.active,
            work_ability=service.work_ability,
            # Everything else as it is: the save replaces the whole entry.
            early_support=service.early_support,
            external_organisation=service.external_organisation,
            service_id=service.id,
            seen_version=service.version,
        )
        try:
            saved = catalogue.save_service(context.uow(), change, actor=context.actor)
        except DomainError as error:
            self.post_message(ActiveToggled(error.message, service.id, error=True))
            return
        note = N_("catalogue.reactivated") if saved.active else N_("catalogue.deactivated")
        self.post_message(ActiveToggled(tr(note, name=saved.name), saved.id, error=False))

    @on(ActiveToggled)
    def _toggled(self, message: ActiveToggled) -> None:
        self.set_status(message.note, error=message.error)
        self.reload(highlight=message.service_id)

    # Leaving ----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)


# The confirmation -------------------------------------------------------------------


class ConfirmActiveChange(RinnallaDialog[bool]):
    """Dismisses ``True`` when the worker confirmed taking ``service`` out of use (or back).

    The change is undone with the same key, so the confirming button has the
    focus: x then Enter is deliberate enough, and a stray x alone does nothing.
    """

    BINDINGS = [Binding("escape", "keep", N_("key.catalogue_cancel"))]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self._service = service

    def compose(self) -> ComposeResult:
        deactivating = self._service.active
        change = "deactivate" if deactivating else "reactivate"
        with Vertical(classes="dialog", id="confirm-active"):
            yield Static(
                Text(tr(f"catalogue.confirm_{change}", name=self._service.name)),
                classes="dialog-title",
            )
            yield Static(tr(f"catalogue.{change}_explained"), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("catalogue.keep_button"), id="keep")
                yield Button(
                    tr(f"catalogue.{change}_button"),
                    id="change",
                    variant="warning" if deactivating else "primary",
                )

    def on_mount(self) -> None:
        self.query_one("#change", Button).focus()

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#change")
    def _change(self) -> None:
        self.dismiss(True)


# The form ---------------------------------------------------------------------------


class ServiceForm(FieldForm[Service]):
    """Add (``service`` is ``None``) or edit one entry; dismisses with what was saved.

    Dismisses ``None`` when cancelled. A refused save keeps everything typed on
    the form: the message says what to fix, or who saved the entry first (Ctrl+R
    then puts the worker's changes on top of theirs, see :class:`FieldForm`).
    """

    # The catalogue's own ids for the common keys; Ctrl+R comes from FieldForm.
    BINDINGS = [
        Binding("ctrl+s", "save", N_("key.catalogue_save"), id="catalogue_save"),
        Binding("escape", "cancel", N_("key.catalogue_cancel"), id="catalogue_cancel"),
    ]

    FIELDS = FORM_FIELDS

    def __init__(self, service: Service | None = None) -> None:
        super().__init__()
        self._service = service

    def compose(self) -> ComposeResult:
        service = self._service
        title = N_("catalogue.new_title") if service is None else N_("catalogue.edit_title")
        with Vertical(classes="dialog wide", id="service-form"):
            yield Static(tr(title), classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Label(tr("catalogue.name"), classes="field-label", id="name-label")
                yield TextInput(
                    service.name if service else "",
                    max_length=NAME_MAX,
                    id="name",
                )
            yield Static("", id="name-error", classes="field-error")
            with Horizontal(classes="field-row"):
                yield Label(tr("catalogue.sector"), classes="field-label", id="sector-label")
                sectors: Choice[Sector] = Choice(
                    [(sector.label, sector) for sector in Sector],
                    prompt=tr("catalogue.sector_prompt"),
                    # A new entry starts without a sector: a silent default would
                    # count its referrals in the wrong sector.
                    allow_blank=service is None,
                    value=service.sector if service else Select.NULL,
                    id="sector",
                )
                yield sectors
            yield Static("", id="sector-error", classes="field-error")
            with Horizontal(classes="field-row"):
                yield Label(tr("catalogue.contact"), classes="field-label", id="contact-label")
                yield TextInput(
                    service.contact if service else "",
                    placeholder=tr("catalogue.contact_hint"),
                    max_length=CONTACT_MAX,
                    id="contact",
                )
            yield Static("", id="contact-error", classes="field-error")
            with Horizontal(classes="field-row"):
                # No id: the check box's own label names this field in messages.
                yield Label(tr("catalogue.kind"), classes="field-label")
                yield Checkbox(
                    tr("catalogue.work_ability"),
                    value=service.work_ability if service else False,
                    id="work_ability",
                )
            yield Static(tr("catalogue.work_ability_hint"), classes="hint field-hint")
            with Horizontal(classes="field-row"):
                yield Label(tr("catalogue.state"), classes="field-label", id="active-label")
                active = service.active if service else True
                yield Checkbox(state_label(active), value=active, id="active")
            # Last, so that the fields above keep their place in the Tab order.
            with Horizontal(classes="field-row"):
                yield Label(
                    tr("catalogue.external_organisation"),
                    classes="field-label",
                    id="external_organisation-label",
                )
                yield TextInput(
                    service.external_organisation if service else "",
                    placeholder=tr("catalogue.external_organisation_hint"),
                    max_length=CONTACT_MAX,
                    id="external_organisation",
                )
            yield Static("", id="external_organisation-error", classes="field-error")
            # The same id as the walk-in form's status line: one style for both.
            yield StatusLine(id="form-status")
        # The form's own keys (Ctrl+S above all) are visible, not only under F1.
        yield KeyFooter()

    @on(Checkbox.Changed, "#active")
    def _say_state(self, event: Checkbox.Changed) -> None:
        """The box's label says the state in words: a dimmed X alone is colour only."""
        event.checkbox.label = state_label(event.value)

    # Saving ---------------------------------------------------------------------------

    def prepared(self, context: AppContext) -> Callable[[], Service]:
        """The save of what was typed; :class:`InvalidInput` when no sector is chosen.

        The domain cannot even build an entry without a sector, so that one is
        checked here; the other fields go through the domain's own check at the
        same time, so that every message shows at once.
        """
        sector = self.query_one("#sector", Select).value
        service = self._service
        entry = ServiceInput(
            name=self.value("name"),
            sector=sector if isinstance(sector, Sector) else Sector.SOCIAL,
            contact=self.value("contact"),
            active=self.query_one("#active", Checkbox).value,
            work_ability=self.query_one("#work_ability", Checkbox).value,
            # Not on this form: kept as it is, since the save replaces the whole entry.
            early_support=service.early_support if service else False,
            external_organisation=self.value("external_organisation"),
            service_id=service.id if service else None,
            seen_version=service.version if service else None,
        )
        errors = {} if isinstance(sector, Sector) else {"sector": tr("catalogue.sector_missing")}
        refuse(errors, entry.checked)
        return lambda: catalogue.save_service(context.uow(), entry, actor=context.actor)

    # A colleague saved first (Ctrl+R) --------------------------------------------------

    def reader(self, context: AppContext) -> Callable[[], Service] | None:
        service = self._service
        if service is None:
            return None
        return lambda: catalogue.get_service(context.uow(), service.id)

    def values_of(self, record: Service) -> dict[str, object]:
        return {
            "name": record.name,
            "sector": record.sector,
            "contact": record.contact,
            "work_ability": record.work_ability,
            "active": record.active,
            "external_organisation": record.external_organisation,
        }

    def adopt(self, record: Service) -> None:
        # early_support, not on the form, is saved as the newest version has it.
        self._service = record
