"""Translation of every text a user reads.

Each module defines its own texts next to the code that uses them, as
``key: (finnish, english)`` pairs; the pair form makes an English text
impossible to forget. Finnish is the default language. The language is chosen
once at start-up (``--lang``), so a module-level setting is enough.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

Language = Literal["fi", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

_catalog: dict[str, tuple[str, str]] = {}
_language: Language = "fi"


def define(texts: Mapping[str, tuple[str, str]]) -> None:
    """Add texts to the catalog; a key defined twice with other words is a bug."""
    for key, pair in texts.items():
        existing = _catalog.get(key)
        if existing is not None and existing != pair:
            raise ValueError(f"text key defined twice: {key}")
        _catalog[key] = pair


def set_language(language: str) -> None:
    """Choose the language of every later :func:`tr` call."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _language = language


def current_language() -> Language:
    """The language chosen at start-up."""
    return _language


def tr(key: str, /, **params: object) -> str:
    """The text for ``key`` in the current language, with ``params`` filled in.

    A missing key raises ``KeyError``: a silently untranslated label is worse
    than a failing test.
    """
    finnish, english = _catalog[key]
    text = finnish if _language == "fi" else english
    return text.format(**params) if params else text


def all_keys() -> frozenset[str]:
    """Every key defined so far (for the completeness test)."""
    return frozenset(_catalog)
