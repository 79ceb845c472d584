"""What ``rinnalla`` reads before its first paint: where the configuration is, and the language.

Everything else in the configuration is read and checked by
:class:`tui.settings.Settings` (pydantic-settings), in the worker that opens the
database after the first paint: importing pydantic-settings alone takes longer
than Textual needs to paint the reception screen. The labels of that first
screen need the language, so it alone is read here, from the same places in
the same order (command line, ``RINNALLA_LANG``, ``lang`` in ``config.toml``);
``Settings`` reads it again and is the one that rejects a wrong value.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs

from domain.i18n import LANGUAGES, Language


def config_file() -> Path:
    return Path(platformdirs.user_config_dir("rinnalla", appauthor=False)) / "config.toml"


def configured_language(given: str | None) -> Language:
    """The language the settings will have: ``given`` (``--lang``), else the environment,
    else the file; Finnish when none names a language Rinnalla has."""
    for candidate in (given, os.environ.get("RINNALLA_LANG"), _file_language()):
        if candidate is not None:
            return next((known for known in LANGUAGES if known == candidate), "fi")
    return "fi"


def _file_language() -> str | None:
    try:
        with config_file().open("rb") as file:
            value = tomllib.load(file).get("lang")
    except (OSError, ValueError):  # TOMLDecodeError, UnicodeDecodeError: not TOML text
        return None  # Settings reports a broken file, with the reason
    return value if isinstance(value, str) else None
