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

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Select, Static

from domain.i18n import N_, tr
from domain.network import TEXT_MAX, Professional, ProfessionalInput
from domain.sectors import Sector
from domain.use_cases import coordination
from tui.context import AppContext
from tui.screens.base import RinnallaDialog
from tui.screens.form import FieldForm, refuse
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable, keep_row
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("directory.col.name"),
    N_("directory.col.title"),
    N_("directory.col.organisation"),
    N_("directory.col.sector"),
    N_("directory.col.reach"),
)

# Searching starts when typing pauses this long, so each key press stays instant.
DEBOUNCE_SECONDS = 0.25

# The picker -----------------------------------------------------------------------------


class DirectoryFound(Message):
    def __init__(self, text: str, professionals: list[Professional]) -> None:
        super().__init__()
        self.text = text
        self.professionals = professionals


class DirectoryPicker(RinnallaDialog[Professional | None]):
    """Dismisses with the professional picked (or just added), or ``None`` on Escape.

    ``initial`` starts the search, e.g. with a name typed elsewhere.
    """

    BINDINGS = [
        Binding("ctrl+n", "new", N_("directory.key.new"), id="directory_new"),
        # In the list (the search field takes a typed e as text): edit the highlighted one.
        Binding("e", "edit", N_("directory.key.edit"), id="directory_edit"),
        Binding("escape", "back", N_("directory.key.back"), id="directory_back"),
        Binding("down", "to_results", show=False),
    ]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self._initial = initial
        self._found: list[Professional] = []
        self._timer: Timer | None = None
        self._to_results_when_found = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="directory-picker"):
            yield Static(tr("directory.title"), classes="dialog-title")
            yield Static(tr("directory.shared"), classes="dialog-text")
            yield Label(tr("directory.search"), classes="field-label")
            yield TextInput(
                self._initial,
                placeholder=tr("directory.search_hint"),
                max_length=TEXT_MAX,
                id="directory-query",
            )
            table: DataTable[Text] = ListTable(
                id="directory-results", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield StatusLine(id="directory-status")
        yield KeyFooter()

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
        self._search(self.context, text)

    @work(thread=True, exclusive=True, group="directory-search")
    def _search(self, context: AppContext, text: str) -> None:
        self.post_message(DirectoryFound(text, coordination.search_directory(context.uow(), text)))

    @on(DirectoryFound)
    def _show(self, message: DirectoryFound) -> None:
        if message.text != self.query_one("#directory-query", Input).value:
            return  # typing went on; a newer search is coming
        kept = self._highlighted()
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
        if kept is not None:
            keep_row(table, str(kept.id))
        if self._to_results_when_found:
            self._to_results_when_found = False
            self.action_to_results()
        count = len(message.professionals)
        if not count:
            note = N_("directory.none") if message.text.strip() else N_("directory.empty")
            status = tr(note)
        elif count >= coordination.DIRECTORY_LIMIT:
            status = tr("directory.more", count=count)
        else:
            status = tr("directory.count", count=count)
        self.set_status(status)

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

    def _highlighted(self) -> Professional | None:
        table = self.query_one("#directory-results", DataTable)
        if 0 <= table.cursor_row < len(self._found):
            return self._found[table.cursor_row]
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """e is offered where it acts: in the list, on a highlighted entry."""
        if action == "edit":
            table = self.query_one("#directory-results", DataTable)
            return True if table.has_focus and self._highlighted() is not None else None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_edit(self) -> None:
        """Edit the highlighted entry: every client network that lists them sees the change."""
        professional = self._highlighted()
        if professional is not None:
            self.app.push_screen(ProfessionalForm(professional), self._edited)

    def _edited(self, professional: Professional | None) -> None:
        if professional is None:
            return
        self.notify(tr("directory.saved", name=professional.name))
        # The list shows the entry as saved; the cursor stays on it.
        self._start_search(self.query_one("#directory-query", Input).value)

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
        title = N_("directory.new_title") if known is None else N_("directory.edit_title")
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
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _sector_select(self) -> Choice[Sector]:
        # Close people are listed in a client's network, never in the directory.
        sectors = [sector for sector in Sector if sector is not Sector.CLOSE_PEOPLE]
        current = self._professional.sector if self._professional else None
        chosen = current in sectors
        return Choice(
            [(sector.label, sector) for sector in sectors],
            prompt=tr("directory.sector_prompt"),
            # No silent default: the sector decides whether the professional may be
            # a named worker (SHL 42 §) and where their work is counted.
            allow_blank=not chosen,
            value=current if current is not None and chosen else Select.NULL,
        )

    def prepared(self, context: AppContext) -> Callable[[], Professional]:
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
        return lambda: coordination.save_professional(context.uow(), entry, actor=context.actor)

    # A colleague saved first (Ctrl+R) --------------------------------------------------

    def reader(self, context: AppContext) -> Callable[[], Professional] | None:
        known = self._professional
        if known is None:
            return None
        return lambda: coordination.get_professional(context.uow(), known.id)

    def values_of(self, record: Professional) -> dict[str, object]:
        return {
            "name": record.name,
            "title": record.title,
            "organisation": record.organisation,
            "sector": record.sector,
            "phone": record.phone,
            "email": record.email,
        }

    def adopt(self, record: Professional) -> None:
        self._professional = record
