"""Translation of every text a user reads.

The texts live in gettext catalogues under ``domain/locale``, one directory per
language: ``<lang>/LC_MESSAGES/rinnalla.po`` is what translators edit and
``rinnalla.mo`` is what runs (both are in the package; ``pybabel compile`` makes
the second from the first, see the README's development section).

The msgids are stable keys (``queue.col.name``), not English sentences: a key
says where a text belongs, so one English word used in two places ("Name" of a
client, "Name" of a meeting) can be two texts in Finnish or Swedish, and fixing
an English wording does not orphan the other languages.

A language is its catalogue. Dropping a new compiled catalogue into
``domain/locale`` adds it to ``--lang`` and to the settings; its ``Language``
header (``sv_FI``) is the locale that dates and numbers are formatted in.

Finnish is the default and the fallback: a key missing from another catalogue
shows its Finnish text rather than the key, and is remembered in
:func:`missing_translations`, which the tests read. A key missing from the
Finnish catalogue too raises ``KeyError``: a raw key on screen is a bug that a
failing test finds sooner than a user.

A language's catalogue is read whole the first time one of its texts is asked for,
not module by module, so a text never depends on which screen happened to be
imported first.

The team's name
---------------
Organisations call their multi-professional team differently ("MOTI-tiimi",
"työkyvyn tuen tiimi", "monialainen tiimi"), so no text names it: a text that
speaks of the team has a ``{team}`` placeholder, and :func:`tr`, :func:`ntr`
and :func:`tr_in` fill it from :func:`team_label` unless the caller gives
``team`` itself. The label is a setting (``team_label``), set once at start-up
by :func:`set_team_label` next to :func:`set_language`, because it is the same
kind of thing: one value for the whole process, read by every screen, the help,
the command line's help and messages and every export alike. A default
parameter of the lookup, rather than a parameter of every function that shows a
text, means no screen, footer or export can forget to pass it; an export that
escapes typed text (Markdown) passes ``team`` itself, escaped.

Without the setting each language has its own default name (the catalogue's
``team.default_label``: "MOTI-tiimi", "MOTI-teamet", "MOTI team"); with it, the
name is used as typed in every language. A typed name cannot be inflected, so
the texts never inflect it either: it stands first before a colon ("{team}:
palaverit"), after a colon, or in parentheses.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import TypeAlias

Language: TypeAlias = str
"""A language code such as ``fi``: the name of a catalogue directory."""

DOMAIN = "rinnalla"
LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LANGUAGE: Language = "fi"


def _discover() -> tuple[Language, ...]:
    found = sorted(
        entry.name
        for entry in LOCALE_DIR.iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    )
    # Finnish first: it is the default, and lists of languages start with it.
    return tuple(sorted(found, key=lambda code: code != DEFAULT_LANGUAGE))


LANGUAGES: tuple[Language, ...] = _discover()

_missing: set[tuple[Language, str]] = set()


class _Missing(gettext.NullTranslations):
    """The end of every fallback chain: notes the key a catalogue lacked.

    Between a language and Finnish it lets the Finnish text through; after
    Finnish it refuses, because nothing is left but the key itself.
    """

    def __init__(self, language: Language, then: gettext.NullTranslations | None) -> None:
        super().__init__()
        self._language = language
        self._then = then

    def gettext(self, message: str) -> str:
        _missing.add((self._language, message))
        if self._then is None:
            raise KeyError(message)
        return self._then.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        _missing.add((self._language, msgid1))
        if self._then is None:
            raise KeyError(msgid1)
        return self._then.ngettext(msgid1, msgid2, n)


class _Catalogue(gettext.GNUTranslations):
    """A compiled catalogue that can also list its keys.

    gettext keeps the messages in ``_catalog`` and offers no public way to list
    them; Babel's reader can, but with its imports costs some 80 ms at every start.
    """

    def keys(self) -> frozenset[str]:
        messages: dict[str | tuple[str, int], str] = self._catalog  # type: ignore[attr-defined]
        return frozenset(key if isinstance(key, str) else key[0] for key in messages if key)


def _read(language: Language) -> _Catalogue:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as file:
        return _Catalogue(file)


@cache
def _translations(language: Language) -> _Catalogue:
    translations = _read(language)
    finnish = None if language == DEFAULT_LANGUAGE else _translations(DEFAULT_LANGUAGE)
    translations.add_fallback(_Missing(language, finnish))
    return translations


_language: Language = DEFAULT_LANGUAGE
_team_label: str | None = None


def set_language(language: str) -> None:
    """Choose the language of every later :func:`tr` call."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _language = language


def current_language() -> Language:
    """The language chosen at start-up."""
    return _language


def locale_of(language: Language) -> str:
    """The locale a catalogue names in its ``Language`` header (``sv_FI``)."""
    return _translations(language).info().get("language", language)


def current_locale() -> str:
    """The locale of the current language, for formatting dates and numbers."""
    return locale_of(_language)


def N_(key: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark a key for ``pybabel extract`` where it is looked up later; returns it unchanged."""
    return key


TEAM_DEFAULT_KEY = N_("team.default_label")
"""Each language's own name for the team, used when ``team_label`` is not set."""


def set_team_label(label: str | None) -> None:
    """Name the team in every later text: the ``team_label`` setting, already checked
    (:func:`tui.config_file.check_team_label`); ``None`` for each language's default."""
    global _team_label
    _team_label = label


def team_label(language: Language | None = None) -> str:
    """The team's name in ``language`` (the current one by default): the setting as
    typed when it is set, else the language's own default ("MOTI-tiimi")."""
    if _team_label is not None:
        return _team_label
    return _translations(language or _language).gettext(TEAM_DEFAULT_KEY)


def _filled(language: Language, text: str, params: dict[str, object]) -> str:
    """``text`` with ``params``, and with ``{team}`` the team's name unless given.

    Without ``params`` a text is given as it is written, its other placeholders
    included; only the team's name is put in.
    """
    if not params:
        return text.replace("{team}", team_label(language)) if "{team}" in text else text
    if "{team}" in text and "team" not in params:
        params = {**params, "team": team_label(language)}
    return text.format(**params)


def tr(key: str, /, **params: object) -> str:
    """The text for ``key`` in the current language, with ``params`` filled in."""
    return _filled(_language, _translations(_language).gettext(key), params)


def ntr(singular: str, plural: str, count: int, /, **params: object) -> str:
    """The singular or plural text for ``count`` by the language's plural rule.

    ``count`` is also available to the template as ``{count}``.
    """
    text = _translations(_language).ngettext(singular, plural, count)
    return _filled(_language, text, {"count": count, **params})


def tr_in(language: Language, key: str, /, **params: object) -> str:
    """The text for ``key`` in ``language`` rather than the worker's (a card in the
    client's language).

    A parameter rather than a switch of the current language: the card is made
    in a worker thread while the screens go on speaking the worker's language.
    """
    return _filled(language, _translations(language).gettext(key), params)


@cache
def all_keys() -> frozenset[str]:
    """Every key of the Finnish catalogue, the one every other is checked against."""
    return _read(DEFAULT_LANGUAGE).keys()


def missing_translations() -> frozenset[tuple[Language, str]]:
    """(language, key) pairs looked up and not found since the start (for the tests)."""
    return frozenset(_missing)
