"""The user's own keys: ``[keymap]`` in ``config.toml``, checked against the app's bindings.

A keymap entry names a binding by its id (:mod:`tui.bindings`: ``queue.call_next``)
and gives the key or keys it should have instead (``"f9"``, or ``["f9", "ctrl+k"]``).
Textual applies it (``App.set_keymap``); this module says whether it can be
applied: every id must be one the app has, every key one a terminal can send,
and no key may end up doing two things in one place. A keymap that fails is
refused as a whole at start, with one line naming the entry, rather than
leaving a worker at the desk with a key that silently does something else.

Checking needs every screen's bindings, so this module imports every screen; it
runs with the other settings, after the first paint.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from functools import cache

from textual.app import App
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key
from textual.screen import ModalScreen, Screen

from domain.i18n import tr
from tui.bindings import declared_ids, is_ours
from tui.config_file import KeymapValue, normalized_keys

KEY_EXAMPLES = "f9, ctrl+k, shift+tab"
"""Key names as a keymap writes them, the same in every language (Textual's)."""
MODIFIERS = frozenset({"ctrl", "shift", "alt", "super", "meta", "hyper"})


@cache
def _key_names() -> frozenset[str]:
    """The names a key may have after its modifiers ("f9", "escape", "slash")."""
    names = {str(key.value).rpartition("+")[2] for key in Keys}
    names |= {_character_to_key(chr(code)) for code in range(0x21, 0x7F)}
    names |= {f"f{number}" for number in range(1, 25)}
    return frozenset(names | {"space", "enter", "tab", "backspace"})


def is_key(key: str) -> bool:
    """Whether ``key`` (normalized) names a key a terminal can send."""
    if not key:
        return False
    *modifiers, name = key.split("+")
    if not set(modifiers) <= MODIFIERS or not name:
        return False
    return name in _key_names() or (len(name) == 1 and name.isprintable())


@cache
def bound_classes() -> tuple[type[DOMNode], ...]:
    """The app and every screen and widget class of Rinnalla's that has keys of its own."""
    import tui.screens
    import tui.widgets
    from tui.app import RinnallaApp

    for package in (tui.screens, tui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    found: set[type[DOMNode]] = {RinnallaApp}
    found.update(cls for cls in _subclasses(DOMNode) if is_ours(cls) and declared_ids(cls))
    return tuple(sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__)))


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def binding_ids() -> frozenset[str]:
    """Every id a keymap may name."""
    return frozenset(
        binding_id for cls in bound_classes() for binding_id in declared_ids(cls).values()
    )


def _keys_after(
    cls: type[DOMNode], keymap: Mapping[str, str], *, priority_only: bool = False
) -> dict[str, set[str]]:
    """What each key of ``cls`` does once ``keymap`` is applied: key -> binding ids
    (Textual's own bindings, which have none, by their action)."""
    ids = declared_ids(cls)
    merged = cls._merged_bindings
    result: dict[str, set[str]] = {}
    for key, bindings in (merged.key_to_bindings if merged else {}).items():
        for binding in bindings:
            if priority_only and not binding.priority:
                continue
            binding_id = ids.get((key, binding.action))
            name = binding_id or binding.id or binding.action
            keys = (
                keymap[binding_id].split(",")
                if binding_id is not None and binding_id in keymap
                else [key]
            )
            for new_key in keys:
                result.setdefault(new_key, set()).add(name)
    return result


def check_keymap(keymap: Mapping[str, KeymapValue]) -> dict[str, str]:
    """``keymap`` as ``App.set_keymap`` takes it, or ``ValueError`` naming the first
    entry that cannot be used and why, in the user's language."""
    known = binding_ids()
    result: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            raise ValueError(tr("keymap.unknown_id", entry=binding_id))
        result[binding_id] = normalized_keys(keys)
        for key in result[binding_id].split(","):
            if not is_key(key):
                raise ValueError(
                    tr("keymap.unknown_key", entry=binding_id, key=key, examples=KEY_EXAMPLES)
                )
    app_keys = _keys_after(_app_class(), result)
    # A dialog keeps the keys to itself, except the app's priority ones (F1, Ctrl+Q).
    app_priority_keys = _keys_after(_app_class(), result, priority_only=True)
    for cls in bound_classes():
        bound = _keys_after(cls, result)
        if issubclass(cls, Screen):
            everywhere = app_priority_keys if issubclass(cls, ModalScreen) else app_keys
            for key, names in everywhere.items():
                bound.setdefault(key, set()).update(names)
        for key, names in sorted(bound.items()):
            remapped = sorted(names & result.keys())
            if len(names) > 1 and remapped:
                other = sorted(names - {remapped[0]})[0]
                raise ValueError(tr("keymap.clash", entry=remapped[0], key=key, other=other))
    return result


def _app_class() -> type[DOMNode]:
    return next(cls for cls in bound_classes() if issubclass(cls, App))
