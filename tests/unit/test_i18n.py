"""Every text exists in Finnish and English, with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Iterator

import pytest

import domain
import tui
from domain.i18n import LANGUAGES, all_keys, current_language, define, set_language, tr


def _import_everything() -> list[str]:
    names = []
    for package in (domain, tui):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
            names.append(module.name)
    return names


IMPORTED = _import_everything()
KEYS = sorted(all_keys())


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    set_language("fi")
    yield
    set_language("fi")


def texts(key: str) -> dict[str, str]:
    """The untranslated template of ``key`` in each language."""
    result = {}
    for language in LANGUAGES:
        set_language(language)
        result[language] = tr(key)
    set_language("fi")
    return result


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_every_module_imported_and_texts_defined() -> None:
    assert "domain.reception" in IMPORTED
    assert "tui.app" in IMPORTED
    assert any(name.startswith("tui.screens.") for name in IMPORTED)
    assert {"visit.illegal_move", "hetu.length", "client.anonymous"} <= set(KEYS)
    assert len(KEYS) > 50


def test_languages() -> None:
    assert set(LANGUAGES) == {"fi", "en"}


@pytest.mark.parametrize("key", KEYS)
def test_both_languages_non_empty(key: str) -> None:
    for language, text in texts(key).items():
        assert text.strip(), f"{key} is empty in {language}"


@pytest.mark.parametrize("key", KEYS)
def test_same_placeholders_in_both_languages(key: str) -> None:
    by_language = texts(key)
    assert placeholders(by_language["fi"]) == placeholders(by_language["en"])


@pytest.mark.parametrize("key", KEYS)
def test_templates_format_with_their_placeholders(key: str) -> None:
    by_language = texts(key)
    values = {name: "X" for name in placeholders(by_language["fi"]) if name}
    for template in by_language.values():
        template.format(**values)


def test_set_language_changes_tr_output() -> None:
    assert tr("state.done") == "Palveltu"
    set_language("en")
    assert current_language() == "en"
    assert tr("state.done") == "Served"
    set_language("fi")
    assert tr("state.done") == "Palveltu"


def test_tr_fills_placeholders() -> None:
    set_language("en")
    assert tr("hetu.length", count=9) == "A personal identity code has 11 characters, this has 9"


@pytest.mark.parametrize("language", ["sv", "EN", "", "fi_FI", "english"])
def test_unknown_language_refused_and_language_kept(language: str) -> None:
    set_language("en")
    with pytest.raises(ValueError):
        set_language(language)
    assert current_language() == "en"


def test_missing_key_raises() -> None:
    with pytest.raises(KeyError):
        tr("no.such.key.anywhere")


def test_redefining_a_key_with_other_words_is_refused() -> None:
    key = "state.done"
    same = texts(key)
    define({key: (same["fi"], same["en"])})  # the same words again are fine
    with pytest.raises(ValueError):
        define({key: ("Valmis", "Done")})
    assert tr(key) == "Palveltu"
