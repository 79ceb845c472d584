"""Asking before typed text is thrown away."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from domain.i18n import N_, tr
from tui.screens.base import RinnallaDialog


class ConfirmDiscard(RinnallaDialog[bool]):
    """Dismisses ``True`` only when the worker explicitly chose to discard.

    The safe choice has the focus: an Enter pressed out of habit keeps the text.
    """

    BINDINGS = [Binding("escape", "keep", N_("key.back"))]

    def __init__(self, question: str | None = None, *, confirm_label: str | None = None) -> None:
        """By default asks about discarding typed text; other destructive steps
        (removing someone from a network) pass their own question and button."""
        super().__init__()
        self._question = question
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._question or tr("confirm.discard")), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    tr("confirm.keep_editing") if self._question is None else tr("key.back"),
                    id="keep",
                    variant="primary",
                )
                yield Button(
                    self._confirm_label or tr("confirm.discard_button"),
                    id="discard",
                    variant="error",
                )

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(True)
