"""A drop-down choice (Textual's ``Select``) that speaks the worker's language.

Textual's ``Select`` says "Select" when nothing is chosen and puts "esc Dismiss
menu" in the footer while its list is open, in English whatever ``--lang``
says. Every drop-down on Rinnalla's screens is a :class:`Choice`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import RenderableType
from textual import events
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectOverlay, SelectType

from domain.i18n import tr
from tui.bindings import translate_bindings


class Choice(Select[SelectType]):
    """``Select`` with a prompt and list keys in the chosen language.

    ``prompt`` defaults to a plain "choose" in that language; a screen that can
    say more ("Valitse rooli") passes its own. With ``type_to_open`` a letter
    typed on the closed list opens it at the first option with that text, and
    the next letters narrow it down (Textual's search of the open list), so a
    long list is picked by typing part of a name and Enter.
    """

    def __init__(
        self,
        options: Iterable[tuple[RenderableType, SelectType]],
        *,
        prompt: str | None = None,
        allow_blank: bool = True,
        value: SelectType | NoSelection = Select.NULL,
        id: str | None = None,  # noqa: A002 - Select's own argument name
        compact: bool = False,
        type_to_open: bool = False,
    ) -> None:
        self._type_to_open = type_to_open
        super().__init__(
            options,
            prompt=tr("choice.prompt") if prompt is None else prompt,
            allow_blank=allow_blank,
            value=value,
            id=id,
            compact=compact,
        )

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, SelectOverlay):
                # The open list's Escape ("Dismiss menu") shows in the footer.
                translate_bindings(widget)
            yield widget

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if self._type_to_open and self.expanded:
            self._pass_to_list(event)
            return
        if (
            not self._type_to_open
            or character is None
            or not event.is_printable
            or character.isspace()  # Space opens the list as it is
        ):
            return
        event.stop()
        event.prevent_default()
        self.action_show_overlay()
        # The open list's own search, started with this first letter; it goes on
        # with the letters that follow, which now reach the open list.
        self._search(character)

    def _pass_to_list(self, event: events.Key) -> None:
        """A key that reached the list's field after the list was opened.

        Opening moves the focus to the list a moment later; the keys typed in
        the same burst ("talo" and Enter, faster than the screen) still come
        here. The letters go on narrowing the list's search and Enter picks the
        option found, as they would in the list itself; otherwise the rest of
        the name was lost, and the first letter's match (TYP for "talo") picked.
        """
        character = event.character
        if character is not None and event.is_printable and not character.isspace():
            self._search(self.query_one(SelectOverlay)._search_query + character)
        elif event.key == "enter":
            self.query_one(SelectOverlay).action_select()
        else:
            return
        event.stop()
        event.prevent_default()

    def _search(self, query: str) -> None:
        """The open list's search (Textual's) set to ``query``, at its first match."""
        overlay = self.query_one(SelectOverlay)
        overlay._search_query = query
        index = overlay._find_search_match(query)
        if index is not None:
            overlay.select(index)
