"""The catalogues: every text in every language, found where the code uses it.

These tests read the catalogue files as a translator's tools do, so one test
covers every key; the screens in each language are tested in
``tests/tui/test_languages.py``.
"""

from __future__ import annotations

import gettext
import io
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import domain.i18n as i18n
from domain.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    LOCALE_DIR,
    all_keys,
    current_language,
    locale_of,
    missing_translations,
    ntr,
    set_language,
    tr,
    tr_in,
)
from domain.intake import LifeDomain

ROOT = Path(__file__).resolve().parents[2]
# The same keywords as the README's `pybabel extract` command.
KEYWORDS = {"tr": None, "N_": None, "ntr": (1, 2), "tr_in": (2,)}


def catalogue(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "rinnalla.po").open("rb") as file:
        return read_po(file)


def texts(message: Message) -> list[str]:
    """The translation, or each of a plural's forms."""
    string = message.string
    return [string] if isinstance(string, str) else list(string or ())


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    set_language("fi")
    yield
    set_language("fi")


def test_the_languages_are_the_catalogue_directories_finnish_first() -> None:
    directories = {entry.name for entry in LOCALE_DIR.iterdir() if (entry / "LC_MESSAGES").is_dir()}
    assert set(LANGUAGES) == directories
    assert {"fi", "sv", "en"} <= set(LANGUAGES)
    assert LANGUAGES[0] == DEFAULT_LANGUAGE == "fi"


def test_each_catalogue_names_the_locale_its_dates_and_numbers_use() -> None:
    assert locale_of("fi") == "fi_FI"
    assert locale_of("sv") == "sv_FI"
    assert locale_of("en") == "en_FI"


def test_the_code_uses_exactly_the_keys_the_catalogues_hold() -> None:
    """What `pybabel extract` finds is what the catalogues translate: no text
    used without a translation, and no translation of a text nobody shows."""
    used: set[str] = set()
    for package in ("domain", "tui", "storage"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            used.update([message] if isinstance(message, str) else message)
    finnish = {message.id for message in catalogue("fi") if message.id}
    flat = {key if isinstance(key, str) else key[0] for key in finnish}
    plural_ids = {key[1] for key in finnish if isinstance(key, tuple)}
    assert used - flat - plural_ids == set(), "used in the code, missing from the catalogue"
    assert flat - used == set(), "in the catalogue, used nowhere in the code"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_is_translated_in_every_catalogue(language: str) -> None:
    finnish = {message.id for message in catalogue("fi") if message.id}
    messages = {message.id: message for message in catalogue(language) if message.id}
    assert set(messages) == finnish
    untranslated = [key for key, message in messages.items() if not all(texts(message))]
    fuzzy = [key for key, message in messages.items() if message.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "fi"])
def test_every_translation_has_the_finnish_placeholders(language: str) -> None:
    finnish = {message.id: message for message in catalogue("fi") if message.id}

    def allowed(key: str | tuple[str, ...] | list[str]) -> set[str]:
        # A plural's forms may leave out the number ("one day"); none adds a new one.
        return set().union(*(placeholders(text) for text in texts(finnish[key])))

    wrong = [
        message.id
        for message in catalogue(language)
        if message.id
        and (
            any(not placeholders(text) <= allowed(message.id) for text in texts(message))
            or set().union(*(placeholders(text) for text in texts(message))) != allowed(message.id)
        )
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_formats_with_its_own_placeholders(language: str) -> None:
    for message in catalogue(language):
        for text in texts(message) if message.id else []:
            text.format(**{name: "X" for name in placeholders(text) if name})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_compiled_source(language: str) -> None:
    """`pybabel compile` was run after the last edit: what runs is what was edited."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(language))
    shipped = LOCALE_DIR / language / "LC_MESSAGES" / "rinnalla.mo"
    assert shipped.read_bytes() == compiled.getvalue()


def test_set_language_changes_tr_output() -> None:
    assert tr("state.done") == "Palveltu"
    set_language("sv")
    assert current_language() == "sv"
    assert tr("state.done") == "Betjänad"
    set_language("en")
    assert tr("state.done") == "Served"


def test_tr_fills_placeholders() -> None:
    set_language("en")
    assert tr("hetu.length", count=9) == "A personal identity code has 11 characters, this has 9"


def test_tr_in_speaks_another_language_than_the_worker() -> None:
    set_language("fi")
    assert tr_in("sv", "state.done") == "Betjänad"
    assert tr("state.done") == "Palveltu"


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("fi", "myöhässä 1 arkipäivän", "myöhässä 3 arkipäivää"),
        ("sv", "försenad med 1 vardag", "försenad med 3 vardagar"),
        ("en", "1 working day overdue", "3 working days overdue"),
    ],
)
def test_plurals_follow_the_count(language: str, one: str, many: str) -> None:
    set_language(language)
    key = ("need_assessment.overdue", "need_assessment.overdue_plural")
    assert ntr(*key, 1, days=1) == one
    assert ntr(*key, 3, days=3) == many


@pytest.mark.parametrize("language", ["EN", "", "fi_FI", "english", "../fi", "xx"])
def test_unknown_language_refused_and_language_kept(language: str) -> None:
    set_language("en")
    with pytest.raises(ValueError):
        set_language(language)
    assert current_language() == "en"


def test_a_key_in_no_catalogue_raises() -> None:
    with pytest.raises(KeyError):
        tr("no.such.key.anywhere")


def test_a_key_missing_from_one_catalogue_shows_finnish_and_is_noted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    partial = Catalog(locale="sv_FI", domain="rinnalla")
    partial.add("state.waiting", "Väntar")
    compiled = io.BytesIO()
    write_mo(compiled, partial)
    original = i18n._read

    def read(language: str) -> gettext.NullTranslations:
        if language == "sv":
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
        return original(language)

    i18n._translations.cache_clear()
    monkeypatch.setattr(i18n, "_read", read)
    try:
        set_language("sv")
        assert tr("state.waiting") == "Väntar"
        assert tr("state.done") == "Palveltu"
        assert ("sv", "state.done") in missing_translations()
    finally:
        monkeypatch.undo()
        i18n._translations.cache_clear()


def test_all_keys_are_the_finnish_catalogue() -> None:
    assert {"visit.illegal_move", "hetu.length", "client.anonymous"} <= all_keys()
    assert len(all_keys()) > 1000


def test_a_new_catalogue_directory_is_a_new_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a language is one catalogue: nothing in the code lists the languages."""
    for language in LANGUAGES:
        (tmp_path / language).symlink_to(LOCALE_DIR / language)
    sami = Catalog(locale="se_FI", domain="rinnalla")
    sami.add("state.done", "Bálvaluvvon")
    folder = tmp_path / "se" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "rinnalla.mo").open("wb") as file:
        write_mo(file, sami)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert set(i18n._discover()) == {*LANGUAGES, "se"}
    assert i18n._discover()[0] == "fi"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_life_domain_fits_the_interviews_label_column(language: str) -> None:
    """A cut label ("Funktionsförmåga i") hides which row the worker is on."""
    css = (ROOT / "screens.css").read_text(encoding="utf-8")
    # The column's width at every terminal size (the narrow layout has its own rule).
    widths = re.findall(r"\.domain-label, (?:\S+ )?\.line-label \{\s*width: (\d+);", css)
    assert len(widths) >= 2
    set_language(language)
    labels = [tr(f"domain.{item.value}") for item in LifeDomain]
    assert [label for label in labels if len(label) > min(map(int, widths))] == []
