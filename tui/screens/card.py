"""The client's contacts card, shown and saved as Markdown (owner-only file).

The card is the client's, so it can be in the client's language whatever the
worker's: ``l`` turns it to the next language Rinnalla has (suomi, svenska,
English), and the line above the card names the language it is in. Only the
card changes; the screens stay in the worker's language. The card is read (and
its export logged) once, when it opens; another language renders the same
contents again.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, Static

from domain.contacts_card import ContactsCard
from domain.i18n import LANGUAGES, N_, Language, current_language, tr, tr_in
from tui.export_delivery import ExportFile, HandedOver, hand_over
from tui.screens.base import RinnallaDialog
from tui.widgets.footer import KeyFooter
from tui.widgets.status_line import StatusLine


def card_file_name(client_id: int, language: Language) -> str:
    """The file Ctrl+S saves the card in: one per language, so that the worker's copy
    and the client's copy in another language do not overwrite each other. It names
    the client by number only."""
    return f"rinnalla-yhteystiedot-{client_id}-{language}.md"


class CardSaved(Message, bubble=False):
    def __init__(self, handed_over: HandedOver | None, failure: str = "") -> None:
        super().__init__()
        self.handed_over = handed_over
        self.failure = failure


def language_name(language: Language) -> str:
    """A language by its own name ("svenska"), as a language choice names it."""
    return tr_in(language, "language.name")


class CardScreen(RinnallaDialog[None]):
    BINDINGS = [
        Binding("l", "next_language", N_("key.card_language")),
        Binding("ctrl+s", "save", N_("key.save_card")),
        Binding("escape", "close", N_("key.close_card")),
    ]

    def __init__(self, client_id: int, card: ContactsCard) -> None:
        super().__init__()
        self._client_id = client_id
        self._card = card
        self._language: Language = current_language()

    @property
    def language(self) -> Language:
        """The language the card is in now."""
        return self._language

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="card"):
            yield Static(self._language_line(), id="card-language")
            with VerticalScroll(id="card-body"):
                # Markdown renders names as typed: markup of the console is not
                # interpreted inside it.
                yield Markdown(self._card.markdown(self._language), id="card-markdown")
            yield StatusLine(id="card-status")
            yield KeyFooter()

    def _language_line(self) -> Text:
        return Text(tr("card_screen.language", language=language_name(self._language)))

    async def action_next_language(self) -> None:
        """The card in the next language; the screens keep the worker's."""
        following = (LANGUAGES.index(self._language) + 1) % len(LANGUAGES)
        self._language = LANGUAGES[following]
        self.query_one("#card-language", Static).update(self._language_line())
        self.set_status("")
        markdown = self._card.markdown(self._language)
        await self.query_one("#card-markdown", Markdown).update(markdown)

    def action_save(self) -> None:
        """The card in the language shown now, saved (or downloaded) in a worker."""
        file = ExportFile(
            card_file_name(self._client_id, self._language), self._card.markdown(self._language)
        )
        self._save(file)

    @work(thread=True, group="card-save")
    def _save(self, file: ExportFile) -> None:
        try:
            handed_over = hand_over(self.app, [file])
        except OSError as error:
            self.post_message(CardSaved(None, tr("card_screen.failed", kind=type(error).__name__)))
            return
        self.post_message(CardSaved(handed_over))

    @on(CardSaved)
    def _saved(self, message: CardSaved) -> None:
        handed_over = message.handed_over
        if handed_over is None:
            self.set_status(message.failure, error=True)
            return
        self.set_status(handed_over.status(N_("card_screen.saved")))

    def action_close(self) -> None:
        self.dismiss(None)
