"""Key bindings: their descriptions in the chosen language, their ids, their tooltips.

Textual reads ``BINDINGS`` when a class is created, which is before ``--lang``
is known. Bindings therefore carry a text key as their description, and each
screen translates its own copy of the bindings when it is constructed.

The same copy gets each binding's **id**, the name a user's ``[keymap]`` in
``config.toml`` rebinds it by (Textual applies a keymap by id to these
copies), and its **tooltip**, the longer explanation F1 shows. Both are given
here, from the class that declares the binding, so that no screen has to spell
them and every one follows the same pattern:

- the id is ``<area>.<action>``: the declaring class's name in snake case
  without "Screen" (``queue``, ``field_form``, ``text_input``; ``app`` for the
  app), and the action with its arguments (``call_next``, ``score.1``,
  ``section.goals``, ``move.minus1``). A key a role has no use for has a hidden
  twin (:func:`tui.roles.with_refusals`) that answers with the reason: the twin
  takes its binding's id, so a keymap moves both.
- the tooltip is the catalogue's ``<description>.tip``.

An ``id=`` written in a Rinnalla class's ``BINDINGS`` is replaced by the one
given here, so that every id a worker reads in F1 follows the one pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from textual.actions import parse
from textual.binding import ActiveBinding, Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

from domain.i18n import N_, all_keys, tr
from tui.roles import REFUSED

# Textual's own keys (a screen's copy, an open drop-down's Escape) carry its
# English descriptions; these are catalogue keys too, so that the footer and F1
# speak one language. Marked here because only Textual's code names them.
_TEXTUAL_KEYS = (N_("Copy selected text"), N_("Dismiss menu"))

TIP_SUFFIX = ".tip"


def translate_bindings(node: DOMNode) -> None:
    """Give ``node``'s copy of its bindings ids, translated descriptions and tooltips."""
    known = all_keys()
    ids = declared_ids(type(node))
    translated: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        translated[key] = [
            replace(
                binding,
                id=ids.get((binding.key, binding.action), binding.id),
                description=tr(binding.description)
                if binding.description in known
                else binding.description,
                tooltip=_tooltip(binding, known),
            )
            for binding in bindings
        ]
    node._bindings = BindingsMap.from_keys(translated)


def _tooltip(binding: Binding, known: frozenset[str]) -> str:
    if binding.tooltip in known:
        return tr(binding.tooltip)
    tip = binding.description + TIP_SUFFIX
    return tr(tip) if tip in known else binding.tooltip


def area(cls: type[DOMNode]) -> str:
    """The first part of the ids of ``cls``'s bindings: ``QueueScreen`` is "queue"."""
    if _is_app(cls):
        return "app"
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()
    return snake.removesuffix("_screen")


def _is_app(cls: type[DOMNode]) -> bool:
    from textual.app import App

    return issubclass(cls, App)


def action_name(action: str) -> str:
    """An action as an id's second part: ``score(1)`` is "score.1", ``app.search`` "search"."""
    _namespace, name, arguments = parse(action)
    parts = [name, *(_argument_name(argument) for argument in arguments)]
    return ".".join(parts)


def _argument_name(argument: object) -> str:
    return str(argument).lower().replace("-", "minus")


def is_twin(binding: Binding) -> bool:
    """Whether ``binding`` is a refusal's hidden twin (see :func:`tui.roles.with_refusals`)."""
    return binding.action.startswith(f"{REFUSED}(")


def own_bindings(cls: type[DOMNode]) -> Iterator[Binding]:
    """The bindings ``cls`` itself declares (not those it inherits), one per key."""
    yield from Binding.make_bindings(vars(cls).get("BINDINGS", []))


def is_ours(cls: type[DOMNode]) -> bool:
    """Whether ``cls`` is Rinnalla's own; Textual's classes keep their own ids."""
    return cls.__module__.split(".")[0] == "tui"


def listed_in_help(active: ActiveBinding, screen: Screen[object]) -> bool:
    """Whether F1 lists ``active`` (and the command palette offers it) on ``screen``.

    The screen's keys, the app's, and those of Rinnalla's own widgets; not the
    editing and movement keys those widgets inherit from Textual's, nor keys
    without a description or Textual's system keys.
    """
    binding, node = active.binding, active.node
    if not binding.description or binding.system:
        return False
    if node is screen or node is screen.app:
        return True
    return is_ours(type(node)) and binding.action in _listed_actions(type(node))


@cache
def _listed_actions(widget: type[DOMNode]) -> frozenset[str]:
    """The actions F1 lists for a Rinnalla widget (``tui.*``).

    Those its Rinnalla classes bind, and of the keys it inherits from Textual
    those the catalogues translate ("Copy selected text"). A ``TextInput`` is an
    ``Input``: without this it would list some thirty editing keys one by one,
    described in English.
    """
    known = all_keys()
    return frozenset(
        binding.action
        for cls in widget.__mro__
        if "BINDINGS" in vars(cls)
        for binding in own_bindings(cls)
        if is_ours(cls) or binding.description in known
    )


@cache
def declared_ids(cls: type[DOMNode]) -> dict[tuple[str, str], str]:
    """The id of each binding ``cls`` has from a Rinnalla class, by key and action.

    Each binding is named after the class that declares it: a binding every
    form inherits from ``FieldForm`` is ``field_form.save`` in all of them, and
    one keymap entry rebinds it everywhere.
    """
    ids: dict[tuple[str, str], str] = {}
    for declaring in reversed(cls.__mro__):
        if not (isinstance(declaring, type) and issubclass(declaring, DOMNode)):
            continue
        if not is_ours(declaring):
            continue
        own = list(own_bindings(declaring))
        real = {binding.key: binding for binding in own if not is_twin(binding)}
        for binding in own:
            named = real.get(binding.key, binding) if is_twin(binding) else binding
            ids[binding.key, binding.action] = f"{area(declaring)}.{action_name(named.action)}"
    return ids
