"""A one-line picker for a life domain's concern level, driven by single keys.

0 not discussed, 1 no concern, 2 some concern, 3 serious concern; the arrows
step through them. The symbol in front of the label carries the level without
colour, so it also reads on a monochrome terminal and in a printout.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from domain.i18n import N_, tr
from domain.intake import ConcernLevel
from tui.bindings import translate_bindings

ORDER = (ConcernLevel.NOT_DISCUSSED, ConcernLevel.NONE, ConcernLevel.SOME, ConcernLevel.SERIOUS)
SYMBOLS = {
    ConcernLevel.NOT_DISCUSSED: "·",
    ConcernLevel.NONE: "○",
    ConcernLevel.SOME: "◐",
    ConcernLevel.SERIOUS: "●",
}
STYLES = {
    ConcernLevel.NOT_DISCUSSED: "dim",
    ConcernLevel.NONE: "",
    ConcernLevel.SOME: "bold",
    ConcernLevel.SERIOUS: "bold reverse",
}


class LevelPicker(Widget, can_focus=True):
    """Shows and chooses one :class:`ConcernLevel`."""

    DEFAULT_CSS = """
    LevelPicker {
        width: 26;
        height: 1;
        padding: 0 1;
    }
    LevelPicker:focus {
        background: $accent 40%;
    }
    """

    BINDINGS = [
        Binding("0", "choose(0)", N_("level_picker.key_0"), show=False),
        Binding("1", "choose(1)", N_("level_picker.key_1"), show=False),
        Binding("2", "choose(2)", N_("level_picker.key_2"), show=False),
        Binding("3", "choose(3)", N_("level_picker.key_3"), show=False),
        Binding("left", "step(-1)", N_("level_picker.previous"), show=False),
        Binding("right", "step(1)", N_("level_picker.next"), show=False),
    ]

    level: reactive[ConcernLevel] = reactive(ConcernLevel.NOT_DISCUSSED)

    class Changed(Message):
        def __init__(self, picker: LevelPicker, level: ConcernLevel) -> None:
            super().__init__()
            self.picker = picker
            self.level = level

        @property
        def control(self) -> LevelPicker:
            return self.picker

    class Chosen(Message):
        """A level key was pressed: the worker chose, rather than stepped through.

        The interview moves on to the row's note then; the arrows only step.
        """

        def __init__(self, picker: LevelPicker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> LevelPicker:
            return self.picker

    def __init__(
        self,
        level: ConcernLevel = ConcernLevel.NOT_DISCUSSED,
        *,
        id: str | None = None,  # noqa: A002 - Textual's own name for it
    ) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.set_reactive(LevelPicker.level, level)

    def render(self) -> Text:
        return Text(f"{SYMBOLS[self.level]} {self.level.label}", style=STYLES[self.level])

    def watch_level(self, level: ConcernLevel) -> None:
        self.post_message(self.Changed(self, level))

    def action_choose(self, index: int) -> None:
        self.level = ORDER[index]
        self.post_message(self.Chosen(self))

    def action_step(self, delta: int) -> None:
        self.level = ORDER[(ORDER.index(self.level) + delta) % len(ORDER)]


def level_key_hint() -> str:
    """One line explaining the keys, for the screen that uses the picker."""
    return "  ".join(f"{i} {tr(f'level_picker.key_{i}')}" for i in range(4))
