"""Key names as the worker reads them: "Ctrl+Q", "Vaihto+Sarkain", "F1".

Textual shows a binding's key by its own, English and programmer-style name
(``^q``, ``shift+tab``, ``esc``, ``f1``). The footer, F1's list and the texts
that name a key must all call a key the same thing, in the worker's language,
so :func:`key_display` is the one place that names keys: the app's
``get_key_display`` (which the footer and F1 both ask) and texts that mention a
key (F1's last line, the Ctrl+C hint) go through it.
"""

from __future__ import annotations

import re

from textual.keys import format_key

from domain.i18n import N_, tr

_NAMED_KEYS = {
    "tab": N_("keyname.tab"),
    "escape": N_("keyname.escape"),
    "enter": N_("keyname.enter"),
    "space": N_("keyname.space"),
    "backspace": N_("keyname.backspace"),
    "delete": N_("keyname.delete"),
    "insert": N_("keyname.insert"),
    "home": N_("keyname.home"),
    "end": N_("keyname.end"),
    "pageup": N_("keyname.pageup"),
    "pagedown": N_("keyname.pagedown"),
}
"""Keys whose label is a word, and so differs by language (Sarkain, Tab)."""

_MODIFIERS = {
    "ctrl": N_("keyname.ctrl"),
    "shift": N_("keyname.shift"),
    "alt": N_("keyname.alt"),
    "super": N_("keyname.super"),
}

_FUNCTION_KEY = re.compile(r"f\d{1,2}")


def key_display(key: str) -> str:
    """How ``key`` (a Textual key name such as ``ctrl+q``) is written to the worker.

    Modifiers come first, joined with "+": ``Ctrl+Q``, ``Vaihto+Sarkain``.
    Function keys are upper case (``F1``), as on the keyboard; so is a letter
    after a modifier (``Ctrl+S``), while a key pressed alone stays as it is typed
    (``n``). Arrows and punctuation are Textual's symbols (``↑``, ``+``), the
    same in every language.
    """
    *modifiers, name = key.split("+")
    if name in _NAMED_KEYS:
        shown = tr(_NAMED_KEYS[name])
    elif _FUNCTION_KEY.fullmatch(name):
        shown = name.upper()
    else:
        shown = format_key(name)
        if modifiers and len(shown) == 1:
            shown = shown.upper()
    words = [
        tr(_MODIFIERS[modifier]) if modifier in _MODIFIERS else modifier for modifier in modifiers
    ]
    return "+".join([*words, shown])
