"""The possible-duplicate warning shown before a new client is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from domain.clients import Client
from domain.i18n import N_, tr
from tui.screens.base import RinnallaDialog
from tui.widgets.list_table import ListTable

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("duplicate.col.name"),
    N_("duplicate.col.hetu"),
    N_("duplicate.col.year"),
)


@dataclass(frozen=True)
class DuplicateChoice:
    """``client`` set: use that client; ``None``: save as a new client."""

    client: Client | None


class DuplicateDialog(RinnallaDialog[DuplicateChoice | None]):
    """Pick the existing client (Enter), save as new, or go back (Escape)."""

    BINDINGS = [Binding("escape", "back", N_("key.back"))]

    def __init__(self, candidates: Sequence[Client], *, certain: bool) -> None:
        super().__init__()
        self._candidates = list(candidates)
        self._certain = certain

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                (tr("duplicate.certain") if self._certain else tr("duplicate.similar")),
                classes="dialog-text",
            )
            table: DataTable[Text] = ListTable(id="candidates", cursor_type="row")
            yield table
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("duplicate.use"), id="use", variant="primary")
                if not self._certain:
                    yield Button(tr("duplicate.new"), id="new")

    def on_mount(self) -> None:
        table = self.query_one("#candidates", DataTable)
        for column in ("name", "hetu", "year"):
            table.add_column(tr(f"duplicate.col.{column}"), key=column)
        for client in self._candidates:
            table.add_row(
                Text(client.display_name),
                Text(client.masked_hetu or "–"),
                Text(str(client.birth_year) if client.birth_year else "–"),
                key=str(client.id),
            )
        table.focus()

    def _use_highlighted(self) -> None:
        row = self.query_one("#candidates", DataTable).cursor_row
        if 0 <= row < len(self._candidates):
            self.dismiss(DuplicateChoice(self._candidates[row]))

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self._use_highlighted()

    @on(Button.Pressed, "#use")
    def _use(self) -> None:
        self._use_highlighted()

    @on(Button.Pressed, "#new")
    def _new(self) -> None:
        self.dismiss(DuplicateChoice(None))

    def action_back(self) -> None:
        self.dismiss(None)
