"""The client's contacts card, shown and saved as Markdown (owner-only file)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, Static

from domain.i18n import N_, tr
from tui.bindings import translate_bindings
from tui.private_files import write_private


def card_path(client_id: int) -> Path:
    return Path(platformdirs.user_documents_dir()) / f"rinnalla-yhteystiedot-{client_id}.md"


class CardScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("key.save_card")),
        Binding("escape", "close", N_("key.close_card")),
    ]

    def __init__(self, client_id: int, markdown: str) -> None:
        super().__init__()
        translate_bindings(self)
        self._client_id = client_id
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="card"):
            with VerticalScroll(id="card-body"):
                # Markdown renders names as typed: markup of the console is not
                # interpreted inside it.
                yield Markdown(self._markdown)
            yield Static("", id="card-status")
            yield Footer()

    def action_save(self) -> None:
        path = card_path(self._client_id)
        status = self.query_one("#card-status", Static)
        try:
            write_private(path, self._markdown, make_folder=True)
        except OSError as error:
            status.update(tr("card_screen.failed", kind=type(error).__name__))
            return
        status.update(Text(tr("card_screen.saved", path=str(path))))

    def action_close(self) -> None:
        self.dismiss(None)
