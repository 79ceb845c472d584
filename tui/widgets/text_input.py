"""The one text field of Rinnalla: nothing typed is replaced, lost or cut short unseen.

Textual's ``Input`` selects all its text when it gets the focus, so the first
key after Tab replaced a whole note; it has no undo; and a paste longer than
``max_length`` is dropped with a bell, which the worker does not hear. Every
text field of the application is a :class:`TextInput` instead (a test walks
the screens' modules to keep it so):

- the focus never selects the text: the cursor goes to the end of it;
- Ctrl+Z undoes, a typed word or a paste at a time (no redo key: Ctrl+Y
  is the interview's summary);
- an edit past the maximum length is never cut short in silence. By default
  it is not made, and the field says so at its error line
  (``#<id>-error``, or a notification where the screen has none).
  ``keep_overlong=True`` keeps the long text instead, for forms whose save
  refuses it at the field: the worker sees what was pasted, shortens it or
  undoes the paste, and nothing is saved meanwhile.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.binding import Binding
from textual.events import Blur, Focus, Key, Mount
from textual.geometry import Size
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static
from textual.widgets._input import InputType

from domain.i18n import N_, tr
from tui.bindings import translate_bindings

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (N_("text_input.too_long"),)

_HISTORY_MAX = 200


class TextInput(Input):
    """An ``Input`` that keeps what is typed (see the module's docstring)."""

    BINDINGS = [
        Binding("ctrl+z", "undo", N_("text_input.undo"), show=False),
    ]

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        highlighter: Highlighter | None = None,
        password: bool = False,
        *,
        restrict: str | None = None,
        type: InputType = "text",  # noqa: A002 - Input's own argument names
        max_length: int = 0,
        keep_overlong: bool = False,
        suggester: Suggester | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
        disabled: bool = False,
        compact: bool = False,
    ) -> None:
        # The limit is kept here, not in Input.max_length, which would drop an
        # over-long edit with only a bell.
        self.limit = max_length
        self.keep_overlong = keep_overlong
        # Set before Input.__init__, whose initial value already reaches watch_value.
        self._undo: list[str] = []
        self._restoring = False
        # Typing a word is one undo step: the end of the last single character
        # typed, while the next one continues it.
        self._typing_at: int | None = None
        super().__init__(
            value,
            placeholder,
            highlighter,
            password,
            restrict=restrict,
            type=type,
            suggester=suggester,
            select_on_focus=False,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
            compact=compact,
        )
        translate_bindings(self)

    # Never select on focus -------------------------------------------------------------

    def _on_focus(self, event: Focus) -> None:
        # Input selects everything on focus unless told not to; a subclass or a
        # later assignment must not bring that back.
        self.select_on_focus = False
        self._typing_at = None

    async def _on_key(self, event: Key) -> None:
        """Editing keys act when they reach this field, in the order they were typed.

        Textual runs a widget's key bindings (Backspace, Delete, the arrows,
        Ctrl+Z) only once the key has bubbled back up to the app, on whatever
        has the focus by then. The app's Tab moves the focus as soon as the app
        reads it (so that "name, Tab, passphrase" typed in one burst lands in
        two fields), so a Backspace typed just before a Tab edited the next
        field. Running the field's own bindings here keeps every key in the
        field it was typed in. (Input's own handler, which inserts printable
        characters, runs after this one.)
        """
        if event.is_printable:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return

    def _on_blur(self, event: Blur) -> None:
        self._typing_at = None

    def _on_mount(self, event: Mount) -> None:
        # The value given at construction is where undo stops.
        self._undo.clear()

    # Typing repaints the field, not the screen ---------------------------------------

    def _watch_value(self, value: str) -> None:
        """Input's own, without laying out the whole screen again for every key.

        Input keeps its text's width as its virtual size, a reactive that lays out
        the screen whenever it changes: on every typed character. The field's own
        size does not depend on it (only how far it scrolls within itself), so it
        is set quietly here and the field alone is repainted. On a large screen
        (the interview: some hundred widgets) that layout was most of a key's cost.
        """
        size = Size(self.content_width, 1)
        if size != self.virtual_size and not self.styles.auto_dimensions:
            self.set_reactive(Input.virtual_size, size)
            self.refresh()
        super()._watch_value(value)

    # Undo ---------------------------------------------------------------------

    def watch_value(self, old: str, new: str) -> None:
        """Remember the text before each change, a typed word being one change."""
        if not self.is_mounted or self._restoring or old == new:
            return
        typed_at = _one_character_typed(old, new)
        continues = typed_at is not None and typed_at == self._typing_at
        if not continues:
            self._undo.append(old)
            del self._undo[:-_HISTORY_MAX]
        word_goes_on = typed_at is not None and not new[typed_at].isspace()
        self._typing_at = typed_at + 1 if typed_at is not None and word_goes_on else None

    def action_undo(self) -> None:
        if not self._undo:
            return
        text = self._undo.pop()
        cursor = _end_of_difference(self.value, text)
        self._restoring = True
        try:
            self.value = text
        finally:
            self._restoring = False
        self._typing_at = None
        self.cursor_position = cursor

    # The maximum length ----------------------------------------------------------------

    @property
    def too_long(self) -> bool:
        return bool(self.limit) and len(self.value) > self.limit

    def length_error(self) -> str:
        """The message for the field while it holds more than its limit; else ""."""
        if not self.too_long:
            return ""
        return tr("text_input.kept", label=self._label(), length=len(self.value), limit=self.limit)

    def replace(self, text: str, start: int, end: int) -> None:
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        length = len(value) - (end - start) + len(text)
        if self.limit and length > self.limit and length > len(value) and not self.keep_overlong:
            message = tr(
                "text_input.not_added", label=self._label(), length=len(text), limit=self.limit
            )
            self._tell(message)
            return
        super().replace(text, start, end)
        if self.too_long:
            self._tell(self.length_error())

    def _label(self) -> str:
        """The field's name as its row shows it (``#<id>-label``), for messages."""
        if self.id is not None and self.is_attached:
            labels = list(self.screen.query(f"#{self.id}-label").results(Label))
            if labels:
                return str(labels[0].content)
        return tr("text_input.field")

    def _tell(self, message: str) -> None:
        """Show ``message`` at the field's error line, or as a notification."""
        lines = (
            list(self.screen.query(f"#{self.id}-error").results(Static))
            if self.id is not None and self.is_attached
            else []
        )
        if lines:
            lines[0].update(Text(message))
            lines[0].display = True
            self.add_class("invalid")
        else:
            self.notify(message, severity="warning")


def _one_character_typed(old: str, new: str) -> int | None:
    """Where ``new`` is ``old`` with one character inserted; None for any other change."""
    if len(new) != len(old) + 1:
        return None
    index = 0
    while index < len(old) and old[index] == new[index]:
        index += 1
    return index if new[index + 1 :] == old[index:] else None


def _end_of_difference(current: str, restored: str) -> int:
    """Where the cursor goes in ``restored``: just after the part that differs."""
    suffix = 0
    limit = min(len(current), len(restored))
    while suffix < limit and current[-1 - suffix] == restored[-1 - suffix]:
        suffix += 1
    return len(restored) - suffix
