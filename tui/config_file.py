"""What ``rinnalla`` reads before its first paint: where the configuration is, the
language and the team's name.

Everything else in the configuration is read and checked by
:class:`tui.settings.Settings` (pydantic-settings), in the worker that opens the
database after the first paint: importing pydantic-settings alone takes longer
than Textual needs to paint the reception screen. The labels of that first
screen need the language and the team's name (the footer's F4), so they alone
are read here, from the same places in the same order (command line,
``RINNALLA_LANG`` / ``RINNALLA_TEAM_LABEL``, ``lang`` / ``team_label`` in
``config.toml``); ``Settings`` reads them again and is the one that rejects a
wrong value, with the check written here (:func:`check_team_label`).
"""

from __future__ import annotations

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


def _file_language() -> str | None:
    value = _file_value("lang")
    return value if isinstance(value, str) else None


def _file_value(key: str) -> object:
    try:
        with config_file().open("rb") as file:
            return tomllib.load(file).get(key)
    except (OSError, ValueError):  # TOMLDecodeError, UnicodeDecodeError: not TOML text
        return None  # Settings reports a broken file, with the reason
