"""F1: every key of the screen underneath, with what it does.

Under the list, the highlighted key's longer explanation (its tooltip) and its
id, the name a ``[keymap]`` in ``config.toml`` gives it another key by.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from domain.i18n import N_, tr
from tui.bindings import listed_in_help
from tui.keys import key_display
from tui.screens.base import RinnallaDialog
from tui.widgets.list_table import ListTable


class _Row(NamedTuple):
    key: str
    does: str
    tip: str
    binding_id: str | None


class HelpScreen(RinnallaDialog[None]):
    """Lists the bindings active on ``screen`` when F1 was pressed."""

    BINDINGS = [
        Binding("escape", "dismiss", N_("key.close")),
        # The keys that opened the help close it again.
        Binding("f1", "dismiss", N_("key.close"), show=False),
        Binding("question_mark", "dismiss", N_("key.close"), show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._rows: list[_Row] = []
        seen: set[str] = set()  # one row per action (ctrl+c and super+c copy alike)
        for active in screen.active_bindings.values():
            binding = active.binding
            # The editing and movement keys Rinnalla's widgets inherit from
            # Textual's (arrows, Home, ...) are summarised in one line below.
            if not listed_in_help(active, screen) or binding.action in seen:
                continue
            seen.add(binding.action)
            self._rows.append(
                _Row(
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.tooltip,
                    binding.id,
                )
            )
        self._screen_title = screen.title or screen.app.title
        # What a key does beyond its one line: a screen may say it (the interview's
        # shortcuts along the usual path).
        note = getattr(screen, "help_note", None)
        self._note: str | None = note() if callable(note) else None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            # A screen title may hold typed text (the team's name): shown as typed.
            yield Static(Text(tr("help.title", screen=self._screen_title)), classes="dialog-title")
            table: DataTable[Text] = ListTable(
                id="help-keys",
                cursor_type="row",
                # A note under the list needs its lines at 24 rows too.
                classes="with-note" if self._note else "",
            )
            yield table
            yield Static(classes="dialog-text", id="help-tip")
            if self._note:
                yield Static(self._note, classes="dialog-text", id="help-note")
            # The keys named as the list above (and the footer) name them.
            yield Static(
                tr(
                    "help.fields",
                    enter=key_display("enter"),
                    tab=key_display("tab"),
                    back_tab=key_display("shift+tab"),
                    escape=key_display("escape"),
                ),
                classes="dialog-text",
            )

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_column(tr("help.col.key"), key="key", width=16)
        table.add_column(tr("help.col.does"), key="does")
        for row in self._rows:
            table.add_row(Text(row.key), Text(row.does))
        table.focus()

    @on(DataTable.RowHighlighted, "#help-keys")
    def _explain(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted key's explanation and the id to rebind it by."""
        row = self._rows[event.cursor_row]
        lines = [row.tip] if row.tip else []
        if row.binding_id:
            lines.append(tr("help.binding_id", id=row.binding_id))
        self.query_one("#help-tip", Static).update(Text("\n".join(lines)))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
