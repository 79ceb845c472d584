"""The F7 list's namings to acknowledge: "you were named case manager" (R4).

A worker named case manager by someone else (a colleague, a network, a MOTI
meeting) sees each such naming here, with the client, who named them, when
and why, until they acknowledge it with K on the row. Hidden when there is
nothing to acknowledge. It loads and saves by itself, so the caseload screen
only places it and asks it to reload with the rest of the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from domain import formats
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.named_case_managers import NamingToAcknowledge
from domain.use_cases.named_case_managers import acknowledge_naming, namings_to_acknowledge
from tui.bindings import translate_bindings
from tui.context import AppContext
from tui.widgets.list_table import ListTable
from tui.widgets.running_app import signed_in_context

if TYPE_CHECKING:
    pass

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("namings.col.client"),
    N_("namings.col.named_by"),
    N_("namings.col.named_at"),
    N_("namings.col.reason"),
)

COLUMNS = (("client", 26), ("named_by", 20), ("named_at", 11), ("reason", 20))


class NamingsLoaded(Message):
    def __init__(self, namings: list[NamingToAcknowledge], note: str = "") -> None:
        super().__init__()
        self.namings = namings
        self.note = note


class NamingsFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class NamingsToAcknowledge(Vertical):
    """The acting worker's namings by others; K on a row acknowledges it."""

    DEFAULT_CSS = """
    NamingsToAcknowledge { height: auto; }
    NamingsToAcknowledge > Static { height: auto; padding: 0 1; }
    NamingsToAcknowledge > ListTable { height: auto; max-height: 6; }
    """

    BINDINGS = [
        Binding("k", "acknowledge", N_("key.namings_acknowledge"), id="namings_acknowledge"),
    ]

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's own name for it
        super().__init__(id=id)
        translate_bindings(self)
        self._namings: list[NamingToAcknowledge] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="namings-title")
        table: DataTable[Text] = ListTable(id="namings-table", cursor_type="row")
        yield table
        yield Static("", id="namings-status")

    def on_mount(self) -> None:
        table = self.query_one("#namings-table", DataTable)
        for column, width in COLUMNS:
            table.add_column(tr(f"namings.col.{column}"), key=column, width=width)
        self.display = False  # until the caseload screen's first load says otherwise

    def reload(self) -> None:
        self._load(signed_in_context(self), "")

    @work(thread=True, exclusive=True, group="namings")
    def _load(self, context: AppContext, note: str) -> None:
        try:
            found = namings_to_acknowledge(context.uow(), actor=context.actor)
        except DomainError as error:
            self.post_message(NamingsFailed(error.message))
            return
        self.post_message(NamingsLoaded(found, note))

    @on(NamingsLoaded)
    def _show(self, message: NamingsLoaded) -> None:
        table = self.query_one("#namings-table", DataTable)
        had_focus = table.has_focus
        self._namings = message.namings
        table.clear()
        for naming in message.namings:
            table.add_row(*self._cells(naming), key=str(naming.assignment.id))
        title = Text(tr("namings.title", count=len(message.namings)), style="bold")
        title.append(" · " + tr("namings.hint"))
        self.query_one("#namings-title", Static).update(title)
        self.query_one("#namings-status", Static).update(Text(message.note))
        self.display = bool(message.namings) or bool(message.note)
        if had_focus and not message.namings and self.screen.focused is None:
            self.screen.focus_next()

    @on(NamingsFailed)
    def _failed(self, message: NamingsFailed) -> None:
        status = self.query_one("#namings-status", Static)
        status.update(Text(message.reason))
        status.add_class("error")
        self.display = True

    @staticmethod
    def _cells(naming: NamingToAcknowledge) -> list[Text]:
        # What people typed is shown literally, never as markup.
        return [
            Text(naming.client.display_name),
            Text(naming.named_by),
            Text(formats.date(naming.named_at)),
            Text(naming.assignment.start_reason or "–"),
        ]

    def action_acknowledge(self) -> None:
        """K: the highlighted naming is seen; it leaves the list."""
        table = self.query_one("#namings-table", DataTable)
        if not 0 <= table.cursor_row < len(self._namings):
            return
        naming = self._namings[table.cursor_row]
        self._acknowledge(signed_in_context(self), naming)

    @work(thread=True, exclusive=True, group="namings")
    def _acknowledge(self, context: AppContext, naming: NamingToAcknowledge) -> None:
        try:
            acknowledge_naming(
                context.uow(), naming.assignment.id, actor=context.actor, clock=context.clock
            )
            found = namings_to_acknowledge(context.uow(), actor=context.actor)
        except DomainError as error:
            self.post_message(NamingsFailed(error.message))
            return
        note = tr("namings.acknowledged", name=naming.client.display_name)
        self.post_message(NamingsLoaded(found, note))
