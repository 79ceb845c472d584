"""What ``rinnalla`` reads before its first paint: where the configuration is, the
language, the team's name, the colour theme and the user's keymap.

Everything else in the configuration is read and checked by
:class:`tui.settings.Settings` (pydantic-settings), in the worker that opens the
database after the first paint: importing pydantic-settings alone takes longer
than Textual needs to paint the reception screen. The labels of that first
screen need the language and the team's name (the footer's F4), so they alone
are read here, from the same places in the same order (command line,
``RINNALLA_LANG`` / ``RINNALLA_TEAM_LABEL``, ``lang`` / ``team_label`` in
``config.toml``); ``Settings`` reads them again and is the one that rejects a
wrong value, with the check written here (:func:`check_team_label`).

The theme and the keymap are read here for the same reason: the first screen
is painted in the chosen colours, and its footer names the keys the worker
chose. ``Settings`` checks them (:func:`check_theme`, :func:`tui.keymap.check_keymap`)
and refuses one that cannot be used.
"""

from __future__ import annotations

import json
import os
import tomllib
import unicodedata
from pathlib import Path

import platformdirs

from domain.i18n import LANGUAGES, Language, tr

TEAM_LABEL_MAX_LENGTH = 40
"""Long enough for "Monialainen työkyvyn tuen tiimi"; a longer name crowds the footer."""


def config_file() -> Path:
    return Path(platformdirs.user_config_dir("rinnalla", appauthor=False)) / "config.toml"


def configured_language(given: str | None) -> Language:
    """The language the settings will have: ``given`` (``--lang``), else the environment,
    else the file; Finnish when none names a language Rinnalla has."""
    for candidate in (given, os.environ.get("RINNALLA_LANG"), _file_language()):
        if candidate is not None:
            return next((known for known in LANGUAGES if known == candidate), "fi")
    return "fi"


def configured_team_label() -> str | None:
    """The team's name the settings will have: the environment, else the file; ``None``
    (each language's default) when neither gives one or the one given cannot be used
    (``Settings`` then refuses it, saying why)."""
    candidate: object = os.environ.get("RINNALLA_TEAM_LABEL")
    if candidate is None:
        candidate = _file_value("team_label")
    if not isinstance(candidate, str):
        return None
    try:
        return check_team_label(candidate)
    except ValueError:
        return None


def check_team_label(label: str) -> str:
    """``label`` without the spaces around it, or ``ValueError`` with the reason in the
    user's language.

    The name shows in footers, headings, exports and calendar invitations as it
    is typed: it must say something, stay on one line (no control characters,
    line breaks or invisible formatting characters) and fit a footer.
    """
    label = label.strip()
    if not label:
        raise ValueError(tr("validation.missing"))
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in label):
        raise ValueError(tr("settings.control_characters"))
    if len(label) > TEAM_LABEL_MAX_LENGTH:
        raise ValueError(tr("validation.text_too_long", max_length=TEAM_LABEL_MAX_LENGTH))
    return label


DEFAULT_THEME = "textual-dark"
"""Textual's own default: light text on a dark background."""


def theme_names() -> tuple[str, ...]:
    """The themes Textual comes with; ``ansi-dark`` and ``ansi-light`` are the terminal's
    own colours (its palette, its background)."""
    from textual.theme import BUILTIN_THEMES

    return tuple(sorted(BUILTIN_THEMES))


def configured_theme() -> str:
    """The theme the settings will have: the environment, else the file; Textual's
    default when neither names a theme Textual has (``Settings`` then says why)."""
    candidate: object = os.environ.get("RINNALLA_THEME")
    if candidate is None:
        candidate = _file_value("theme")
    return candidate if isinstance(candidate, str) and candidate in theme_names() else DEFAULT_THEME


def check_theme(theme: str) -> str:
    """``theme``, or ``ValueError`` listing the themes there are, in the user's language."""
    names = theme_names()
    if theme not in names:
        quoted = [f"'{name}'" for name in names]
        choices = ", ".join(quoted[:-1]) + " " + tr("validation.or") + " " + quoted[-1]
        raise ValueError(tr("validation.choice", expected=choices))
    return theme


KeymapValue = str | list[str]
"""A keymap entry's keys: ``"f9"``, ``"f9,ctrl+k"`` or ``["f9", "ctrl+k"]``."""


def configured_keymap() -> dict[str, str]:
    """The keymap the settings will have, as ``App.set_keymap`` takes it: binding id ->
    keys. From ``RINNALLA_KEYMAP`` (JSON), else the file's ``[keymap]`` table; empty
    when neither gives one that can be read (``Settings`` then says why)."""
    variable = os.environ.get("RINNALLA_KEYMAP")
    try:
        candidate: object = json.loads(variable) if variable is not None else None
    except ValueError:
        return {}
    if candidate is None:
        candidate = _file_value("keymap")
    if not isinstance(candidate, dict):
        return {}
    keymap: dict[str, str] = {}
    for binding_id, keys in candidate.items():
        if not (isinstance(keys, str) or _is_key_list(keys)):
            return {}
        keymap[str(binding_id)] = normalized_keys(keys)
    return keymap


def _is_key_list(keys: object) -> bool:
    return isinstance(keys, list) and all(isinstance(key, str) for key in keys)


def normalized_keys(keys: KeymapValue) -> str:
    """``keys`` as Textual's keymap takes them: one comma-separated string of Textual's
    key names ("?" is "question_mark", "Ctrl+K" is "ctrl+k"; a letter keeps its case,
    as "N" is Shift+N)."""
    from textual.keys import _character_to_key

    listed = keys if isinstance(keys, list) else keys.split(",")
    result = []
    for key in (key.strip() for key in listed):
        *modifiers, name = key.split("+")
        if len(name) == 1:
            name = _character_to_key(name)
        else:
            name = name.lower()
        result.append("+".join([*(modifier.lower() for modifier in modifiers), name]))
    return ",".join(result)


def _file_language() -> str | None:
    value = _file_value("lang")
    return value if isinstance(value, str) else None


def _file_value(key: str) -> object:
    try:
        with config_file().open("rb") as file:
            return tomllib.load(file).get(key)
    except (OSError, ValueError):  # TOMLDecodeError, UnicodeDecodeError: not TOML text
        return None  # Settings reports a broken file, with the reason
