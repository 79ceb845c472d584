"""The fields of the login, the first start and the lock: a paste is typed like keys.

A password manager's auto-type (``name<Tab>passphrase<Enter>``) reaches the
app as one paste when the terminal reads it in one go. Textual's ``Input``
would put its first line — name, tab *and passphrase* — into the name field,
in clear text. A :class:`GateField` instead hands the pasted text to its
screen (a :class:`PasteTypist`), which types it the way the keys would have
been (:func:`type_into`): a tab moves to the next field, a line break is Enter.
Nothing of the paste is shown in a field before it is split.

The screen types it at once, while the field handles the paste, not through a
message: a key typed a moment after the paste is already waiting in the field's
queue, and a message posted now would be handled after that key ("aVastaanotto
Veer" instead of "Vastaanotto Veera").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.screen import Screen
from textual.widgets import Input

from tui.widgets.text_input import TextInput

_KEYS = re.compile(r"(\t|\r\n|\r|\n)")


def submits_passphrase(screen: Screen[Any], key: str) -> bool:
    """Enter typed into the passphrase field (``#passphrase``, the login's and the
    lock's): a check starts, and the keys typed on wait for its outcome."""
    focused = screen.focused
    return key == "enter" and focused is not None and focused.id == "passphrase"


@runtime_checkable
class PasteTypist(Protocol):
    """A screen of gate fields: it types a paste into them as the keys would."""

    def type_pasted(self, field: GateField, text: str) -> None: ...


class GateField(TextInput):
    """A :class:`TextInput` (never selects its text on focus: text typed ahead
    arrives before the field has the focus, and the next key must not replace
    it) whose pastes are typed by its screen."""

    def _on_paste(self, event: events.Paste) -> None:
        # Input's own paste handler would insert the first line as it is.
        event.prevent_default()
        event.stop()
        screen = self.screen
        if event.text and isinstance(screen, PasteTypist):
            screen.type_pasted(self, event.text)


def type_into(fields: Sequence[Input], start: Input, text: str) -> tuple[Input, bool]:
    """Type ``text`` into ``fields`` from ``start`` as the keys would: a tab moves to
    the next field (after the last, the first), a line break to the next field or,
    in the last one, submits. Returns the field to focus and whether to submit;
    text after the submitting line break is dropped (the form is being sent)."""
    field = start
    for piece in _KEYS.split(text):
        if not piece:
            continue
        position = fields.index(field)
        if piece == "\t":
            field = fields[(position + 1) % len(fields)]
        elif piece in ("\r\n", "\r", "\n"):
            if position == len(fields) - 1:
                return field, True
            field = fields[position + 1]
        else:
            field.insert_text_at_cursor(piece)
    return field, False
