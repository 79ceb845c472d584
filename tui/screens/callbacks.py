"""The worker's callbacks as a dialog over the queue (``o``).

The reception desk has no F7 page (its role lists no caseload), yet it
promises most of the calls; the queue is where it works, so its callbacks
open from there. Coordinators see the same list on F7 too.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from domain.i18n import N_, tr
from tui.screens.base import RinnallaDialog
from tui.widgets.callbacks import CallbacksPanel
from tui.widgets.footer import KeyFooter


class CallbacksScreen(RinnallaDialog[None]):
    """Escape closes; ``v`` marks the highlighted call done."""

    BINDINGS = [Binding("escape", "close", N_("key.close"), id="callbacks_close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="callbacks-dialog"):
            yield Static(tr("callbacks.dialog_title"), classes="dialog-title")
            yield CallbacksPanel(always=True, id="callbacks-panel")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
