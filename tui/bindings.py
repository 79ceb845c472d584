"""Key bindings whose descriptions follow the chosen language.

Textual reads ``BINDINGS`` when a class is created, which is before ``--lang``
is known. Bindings therefore carry a text key as their description, and each
screen translates its own copy of the bindings when it is constructed.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from domain.i18n import N_, all_keys, tr

# Textual's own keys (a screen's copy, an open drop-down's Escape) carry its
# English descriptions; these are catalogue keys too, so that the footer and F1
# speak one language. Marked here because only Textual's code names them.
_TEXTUAL_KEYS = (N_("Copy selected text"), N_("Dismiss menu"))


def translate_bindings(node: DOMNode) -> None:
    """Replace text keys in ``node``'s binding descriptions with translations."""
    known = all_keys()
    translated: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        translated[key] = [
            replace(
                binding,
                description=tr(binding.description)
                if binding.description in known
                else binding.description,
                tooltip=tr(binding.tooltip) if binding.tooltip in known else binding.tooltip,
            )
            for binding in bindings
        ]
    node._bindings = BindingsMap.from_keys(translated)
