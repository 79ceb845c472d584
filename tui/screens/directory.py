"""The directory of professionals (ammattilaishakemisto): pick one, or add one.

A professional is one record shared by every client network they appear in, so
the coordinator looks them up before adding anyone: a second record of the same
social worker would split their clients between two names and hide overlaps.

This module also holds :class:`FieldForm`, the base of the network's forms
(professional, member, plan, assessment): they all save with Ctrl+S in a
worker, show the domain's refusals at the fields and ask before Escape throws
typed text away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Footer, Input, Label, Select, Static

from domain import coordination
from domain.clock import format_date, parse_date
from domain.errors import DomainError, InvalidInput
from domain.i18n import define, tr
from domain.network import TEXT_MAX, Professional, ProfessionalInput
from domain.sectors import Sector
from tui.bindings import translate_bindings
from tui.screens.confirm import ConfirmDiscard
from tui.services import Services

if TYPE_CHECKING:
    from tui.app import RinnallaApp

define(
    {
        "directory.title": ("Valitse ammattilainen", "Choose a professional"),
        "directory.search": (
            "Hae nimellä, nimikkeellä tai organisaatiolla",
            "Search by name, title or organisation",
        ),
        "directory.search_hint": ("esim. laine sosiaali", "e.g. laine social"),
        "directory.shared": (
            "Sama ammattilainen on yksi tieto, jonka kaikki asiakkaat jakavat: "
            "muutos näkyy jokaisen asiakkaan verkostossa. Tarkista haulla ennen kuin lisäät uuden.",
            "The same professional is one record shared by all clients: a change shows "
            "in every client's network. Search before adding a new one.",
        ),
        "directory.col.name": ("Nimi", "Name"),
        "directory.col.title": ("Nimike", "Title"),
        "directory.col.organisation": ("Organisaatio", "Organisation"),
        "directory.col.sector": ("Sektori", "Sector"),
        "directory.col.reach": ("Puhelin / sähköposti", "Phone / e-mail"),
        "directory.count": (
            "Osumia: {count}. Nuoli alas ja Enter valitsee.",
            "Matches: {count}. Arrow down and Enter picks one.",
        ),
        "directory.more": (
            "Näytetään {count} ensimmäistä – tarkenna hakua.",
            "Showing the first {count} – narrow the search.",
        ),
        "directory.none": (
            "Ei osumia. Ctrl+N lisää uuden ammattilaisen.",
            "No matches. Ctrl+N adds a new professional.",
        ),
        "directory.empty": (
            "Hakemisto on tyhjä. Ctrl+N lisää ammattilaisen.",
            "The directory is empty. Ctrl+N adds a professional.",
        ),
        "directory.new_title": ("Uusi ammattilainen", "New professional"),
        "directory.edit_title": ("Muokkaa ammattilaisen tietoja", "Edit a professional"),
        "directory.name": ("Nimi", "Name"),
        "directory.title_field": ("Nimike", "Title"),
        "directory.title_hint": ("esim. sosiaalityöntekijä", "e.g. social worker"),
        "directory.organisation": ("Organisaatio", "Organisation"),
        "directory.sector": ("Sektori", "Sector"),
        "directory.sector_prompt": ("Valitse sektori", "Choose a sector"),
        "directory.sector_missing": (
            "Valitse ammattilaisen sektori.",
            "Choose the professional's sector.",
        ),
        "directory.phone": ("Puhelin", "Phone"),
        "directory.email": ("Sähköposti", "E-mail"),
        "directory.optional": ("vapaaehtoinen", "optional"),
        "directory.date_hint": ("p.k.vvvv", "d.m.yyyy"),
        "directory.date_optional": ("p.k.vvvv, vapaaehtoinen", "d.m.yyyy, optional"),
        "directory.fix_fields": (
            "Korjaa merkityt kentät ja tallenna uudelleen.",
            "Correct the marked fields and save again.",
        ),
        "directory.no_database": (
            "Tietokanta ei ole vielä auki; yritä hetken kuluttua uudelleen.",
            "The database is not open yet; try again in a moment.",
        ),
        "directory.key.new": ("Uusi ammattilainen", "New professional"),
        "directory.key.back": ("Takaisin", "Back"),
        "directory.key.save": ("Tallenna", "Save"),
        "directory.key.cancel": ("Peruuta", "Cancel"),
    }
)

# Searching starts when typing pauses this long, so each key press stays instant.
DEBOUNCE_SECONDS = 0.25

ResultT = TypeVar("ResultT")


# The forms' common ground -------------------------------------------------------------


class FormSaved(Message):
    """A form's use case stored ``saved``; the form dismisses with it."""

    def __init__(self, saved: object) -> None:
        super().__init__()
        self.saved = saved


class FormRefused(Message):
    """The use case refused; the form keeps what was typed and says why."""

    def __init__(self, error: DomainError) -> None:
        super().__init__()
        self.error = error


def refuse(errors: dict[str, str], check: Callable[[], object]) -> None:
    """Raise :class:`InvalidInput` for ``errors`` together with what ``check`` refuses.

    A form finds some mistakes itself (a date that does not parse, a sector not
    chosen) before it can even build the domain's input; running the domain's
    own check at the same time shows every message at once instead of one
    round of corrections after another.
    """
    if not errors:
        return
    try:
        check()
    except InvalidInput as error:
        raise InvalidInput({**error.fields, **errors}) from None
    raise InvalidInput(errors)


class FieldForm(ModalScreen[ResultT | None], Generic[ResultT]):
    """A dialog whose fields are validated by the domain; dismisses with what was saved.

    ``FIELDS`` names the validated fields in screen order (each has a widget with
    that id and a ``<field>-error`` line below it); the first one with a
    message gets the focus. A refused save keeps everything typed.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "directory.key.save", id="network_form_save"),
        Binding("escape", "cancel", "directory.key.cancel", id="network_form_cancel"),
    ]

    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self._saving = False
        # Replaced on mount by what the widgets really hold.
        self._initial: tuple[object, ...] = ()

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

    # Building -----------------------------------------------------------------------

    def field_row(
        self, field: str, label: str, widget: Widget, *, shown: bool = True
    ) -> ComposeResult:
        """A labelled field with its (hidden) error line below it.

        ``shown=False`` hides the row until the form needs it (``#<field>-row``).
        """
        widget.id = field
        with Horizontal(classes="field-row", id=f"{field}-row") as row:
            row.display = shown
            yield Label(label, classes="field-label", id=f"{field}-label")
            yield widget
        yield Static("", id=f"{field}-error", classes="field-error")

    def text_input(self, value: str = "", *, placeholder: str = "") -> Input:
        return Input(value, placeholder=placeholder, max_length=TEXT_MAX)

    def date_input(self, day: dt.date | None, *, optional: bool) -> Input:
        """A d.m.yyyy field; the text is parsed on save so a typo shows at the field."""
        hint = "directory.date_optional" if optional else "directory.date_hint"
        return Input(format_date(day) if day else "", placeholder=tr(hint), max_length=10)

    def on_mount(self) -> None:
        self._initial = self._typed()
        first = next(filter(None, map(self.focus_target, self.FIELDS)), None)
        if first is not None:
            first.focus()

    # Reading ----------------------------------------------------------------------

    def _typed(self) -> tuple[object, ...]:
        """Every value on the form, to tell whether anything was changed."""
        values: list[object] = [(box.id, box.value) for box in self.query(Checkbox)]
        values += [(field.id, field.value) for field in self.query(Input)]
        values += [(select.id, select.value) for select in self.query(Select)]
        return tuple(values)

    def has_unsaved_changes(self) -> bool:
        return self._typed() != self._initial

    def value(self, field: str) -> str:
        """What was typed in the Input ``field``; "" when the form has no such field."""
        found = list(self.query(f"#{field}").results(Input))
        return found[0].value if found else ""

    def read_date(self, field: str, errors: dict[str, str]) -> dt.date | None:
        """The date typed in ``field``; a mistake goes to ``errors`` for that field."""
        try:
            return parse_date(self.value(field))
        except ValueError as error:
            errors[field] = str(error)
            return None

    # Errors at the fields -----------------------------------------------------------

    def focus_target(self, field: str) -> Widget | None:
        """The widget that takes the focus for ``field``; None when not on the form now."""
        found = list(self.query(f"#{field}"))
        if not found or not all(node.display for node in found[0].ancestors_with_self):
            return None
        return found[0]

    def set_error(self, field: str, message: str) -> None:
        errors = list(self.query(f"#{field}-error").results(Static))
        if not errors:
            return
        errors[0].update(Text(message))
        errors[0].display = bool(message)
        self.query_one(f"#{field}").set_class(bool(message), "invalid")

    @on(Input.Changed)
    def _clear_input_error(self, event: Input.Changed) -> None:
        if event.input.id in self.FIELDS:
            self.set_error(event.input.id, "")

    @on(Select.Changed)
    def _clear_select_error(self, event: Select.Changed) -> None:
        if event.select.id in self.FIELDS:
            self.set_error(event.select.id, "")

    def show_refusal(self, error: DomainError) -> None:
        status = self.query_one("#form-status", Static)
        status.set_class(True, "error")
        if not isinstance(error, InvalidInput):
            # StaleVersion, NotFound: the typed text stays for the worker to reuse.
            status.update(Text(error.message))
            return
        for field in self.FIELDS:
            self.set_error(field, error.fields.get(field, ""))
        # A field this form does not show would otherwise be refused in silence.
        elsewhere = [text for field, text in error.fields.items() if field not in self.FIELDS]
        status.update(Text(" ".join([tr("directory.fix_fields"), *elsewhere])))
        shown = (self.focus_target(field) for field in self.FIELDS if field in error.fields)
        first = next(filter(None, shown), None)
        if first is not None:
            first.focus()

    # Saving -------------------------------------------------------------------------

    def prepared(self, services: Services) -> Callable[[], ResultT]:
        """The use case call for what is on the form; raises InvalidInput for local mistakes.

        Read on the UI thread (widgets are not thread-safe); the returned call
        runs in a worker.
        """
        raise NotImplementedError

    def action_save(self) -> None:
        if self._saving:
            return
        services = self.rinnalla.services
        if services is None:
            self.show_refusal(DomainError(tr("directory.no_database")))
            return
        try:
            store = self.prepared(services)
        except InvalidInput as error:
            self.show_refusal(error)
            return
        self._saving = True
        self._store(store)

    @work(thread=True, exclusive=True, group="network-form-save")
    def _store(self, store: Callable[[], ResultT]) -> None:
        try:
            saved = store()
        except DomainError as error:
            self.post_message(FormRefused(error))
        else:
            self.post_message(FormSaved(saved))

    @on(FormSaved)
    def _saved(self, message: FormSaved) -> None:
        self._saving = False
        self.dismiss(cast(ResultT, message.saved))

    @on(FormRefused)
    def _refused(self, message: FormRefused) -> None:
        self._saving = False
        self.show_refusal(message.error)

    # Leaving ------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.has_unsaved_changes():
            self.dismiss(None)
            return

        def discard(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), discard)


# The picker -----------------------------------------------------------------------------


class DirectoryFound(Message):
    def __init__(self, text: str, professionals: list[Professional]) -> None:
        super().__init__()
        self.text = text
        self.professionals = professionals


class DirectoryPicker(ModalScreen[Professional | None]):
    """Dismisses with the professional picked (or just added), or ``None`` on Escape.

    ``initial`` starts the search, e.g. with a name typed elsewhere.
    """

    BINDINGS = [
        Binding("ctrl+n", "new", "directory.key.new", id="directory_new"),
        Binding("escape", "back", "directory.key.back", id="directory_back"),
        Binding("down", "to_results", show=False),
    ]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self._initial = initial
        self._found: list[Professional] = []
        self._timer: Timer | None = None
        self._to_results_when_found = False

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="directory-picker"):
            yield Static(tr("directory.title"), classes="dialog-title")
            yield Static(tr("directory.shared"), classes="dialog-text")
            yield Label(tr("directory.search"), classes="field-label")
            yield Input(
                self._initial,
                placeholder=tr("directory.search_hint"),
                max_length=TEXT_MAX,
                id="directory-query",
            )
            table: DataTable[Text] = DataTable(
                id="directory-results", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield Static("", id="directory-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#directory-results", DataTable)
        # Fits the picker's 110 columns inside (screens.css): cell padding and a
        # scroll bar included, so no row scrolls sideways.
        widths = {"name": 22, "title": 18, "organisation": 22, "sector": 16, "reach": 20}
        for column, width in widths.items():
            table.add_column(tr(f"directory.col.{column}"), key=column, width=width)
        self.query_one("#directory-query", Input).focus()
        # An empty search lists the first ones: a small directory is picked by eye.
        self._start_search(self._initial)

    # Searching ---------------------------------------------------------------------

    @on(Input.Changed, "#directory-query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, partial(self._start_search, event.value))

    @on(Input.Submitted, "#directory-query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        # Enter means "show me the results": go there as soon as they arrive.
        self._to_results_when_found = True
        self._start_search(event.value)

    def _start_search(self, text: str) -> None:
        services = self.rinnalla.services
        if services is not None:
            self._search(services, text)

    @work(thread=True, exclusive=True, group="directory-search")
    def _search(self, services: Services, text: str) -> None:
        self.post_message(DirectoryFound(text, coordination.search_directory(services.uow(), text)))

    @on(DirectoryFound)
    def _show(self, message: DirectoryFound) -> None:
        if message.text != self.query_one("#directory-query", Input).value:
            return  # typing went on; a newer search is coming
        self._found = message.professionals
        table = self.query_one("#directory-results", DataTable)
        table.clear()
        for professional in message.professionals:
            # Text(...), never markup: names and organisations are shown as typed.
            cells = (
                professional.name,
                professional.title or "–",
                professional.organisation,
                professional.sector.label,
                professional.reach or "–",
            )
            # A cut cell ends in "…", so that a cut name does not pass for a whole one.
            table.add_row(
                *(Text(cell, overflow="ellipsis", no_wrap=True) for cell in cells),
                key=str(professional.id),
            )
        if self._to_results_when_found:
            self._to_results_when_found = False
            self.action_to_results()
        count = len(message.professionals)
        if not count:
            note = "directory.none" if message.text.strip() else "directory.empty"
            status = tr(note)
        elif count >= coordination.DIRECTORY_LIMIT:
            status = tr("directory.more", count=count)
        else:
            status = tr("directory.count", count=count)
        self.query_one("#directory-status", Static).update(status)

    # Picking -----------------------------------------------------------------------

    def action_to_results(self) -> None:
        if self._found:
            self.query_one("#directory-results", DataTable).focus()

    @on(DataTable.RowSelected, "#directory-results")
    def _picked(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self._found):
            self.dismiss(self._found[event.cursor_row])

    def action_new(self) -> None:
        typed = self.query_one("#directory-query", Input).value
        self.app.push_screen(ProfessionalForm(name=typed.strip()), self._added)

    def _added(self, professional: Professional | None) -> None:
        if professional is not None:
            self.dismiss(professional)

    def action_back(self) -> None:
        self.dismiss(None)


# Adding and editing a professional ---------------------------------------------------


class ProfessionalForm(FieldForm[Professional]):
    """Add a professional to the directory (``professional`` is None) or edit one.

    Dismisses with what was saved, or ``None`` when cancelled. ``name`` prefills
    a new entry's name, typically with what was searched for.
    """

    FIELDS = ("name", "title", "organisation", "sector", "phone", "email")

    def __init__(self, professional: Professional | None = None, *, name: str = "") -> None:
        super().__init__()
        self._professional = professional
        self._prefill_name = professional.name if professional else name

    def compose(self) -> ComposeResult:
        known = self._professional
        title = "directory.new_title" if known is None else "directory.edit_title"
        optional = tr("directory.optional")
        with Vertical(classes="dialog wide", id="professional-form"):
            yield Static(tr(title), classes="dialog-title")
            yield from self.field_row(
                "name", tr("directory.name"), self.text_input(self._prefill_name)
            )
            yield from self.field_row(
                "title",
                tr("directory.title_field"),
                self.text_input(
                    known.title if known else "", placeholder=tr("directory.title_hint")
                ),
            )
            yield from self.field_row(
                "organisation",
                tr("directory.organisation"),
                self.text_input(known.organisation if known else ""),
            )
            yield from self.field_row("sector", tr("directory.sector"), self._sector_select())
            yield from self.field_row(
                "phone",
                tr("directory.phone"),
                self.text_input(known.phone if known else "", placeholder=optional),
            )
            yield from self.field_row(
                "email",
                tr("directory.email"),
                self.text_input(known.email if known else "", placeholder=optional),
            )
            yield Static("", id="form-status")
        yield Footer()

    def _sector_select(self) -> Select[Sector]:
        # Close people are listed in a client's network, never in the directory.
        sectors = [sector for sector in Sector if sector is not Sector.CLOSE_PEOPLE]
        current = self._professional.sector if self._professional else None
        chosen = current in sectors
        return Select(
            [(sector.label, sector) for sector in sectors],
            prompt=tr("directory.sector_prompt"),
            # No silent default: the sector decides whether the professional may be
            # a named worker (SHL 42 §) and where their work is counted.
            allow_blank=not chosen,
            value=current if current is not None and chosen else Select.NULL,
        )

    def prepared(self, services: Services) -> Callable[[], Professional]:
        sector = self.query_one("#sector", Select).value
        known = self._professional
        entry = ProfessionalInput(
            name=self.value("name"),
            title=self.value("title"),
            organisation=self.value("organisation"),
            sector=sector if isinstance(sector, Sector) else Sector.SOCIAL,
            phone=self.value("phone"),
            email=self.value("email"),
            professional_id=known.id if known else None,
            seen_version=known.version if known else None,
        )
        errors = {} if isinstance(sector, Sector) else {"sector": tr("directory.sector_missing")}
        refuse(errors, entry.checked)
        return lambda: coordination.save_professional(services.uow(), entry)
