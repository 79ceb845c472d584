"""A drop-down choice (Textual's ``Select``) that speaks the worker's language.

Textual's ``Select`` says "Select" when nothing is chosen and puts "esc Dismiss
menu" in the footer while its list is open, in English whatever ``--lang``
says. Every drop-down on Rinnalla's screens is a :class:`Choice`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectOverlay, SelectType

from domain.i18n import tr
from tui.bindings import translate_bindings


class Choice(Select[SelectType]):
    """``Select`` with a prompt and list keys in the chosen language.

    ``prompt`` defaults to a plain "choose" in that language; a screen that can
    say more ("Valitse rooli") passes its own.
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
    ) -> None:
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
