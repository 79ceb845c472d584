"""The team's name is a setting, not a word in the texts.

Organisations call their multi-professional team "MOTI-tiimi", "työkyvyn tuen
tiimi" or "monialainen tiimi". No text may name it itself: each says
``{team}``, filled from the ``team_label`` setting, or from each language's
own default when it is not set. A typed name cannot be inflected, so no text
inflects or compounds ``{team}`` either.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from domain.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    TEAM_DEFAULT_KEY,
    set_language,
    set_team_label,
    team_label,
    tr,
    tr_in,
)


def catalogue(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "rinnalla.po").open("rb") as file:
        return read_po(file)


def texts(language: str) -> dict[str, list[str]]:
    """Every translation of the catalogue, by key (a plural's forms together)."""
    found: dict[str, list[str]] = {}
    for message in catalogue(language):
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        string = message.string
        strings = [string] if isinstance(string, str) else list(string or ())
        found[key] = [text for text in strings if text]
    return found


@pytest.mark.parametrize(
    ("language", "name"), [("fi", "MOTI-tiimi"), ("sv", "MOTI-teamet"), ("en", "MOTI team")]
)
def test_without_the_setting_each_language_has_its_own_name(language: str, name: str) -> None:
    set_team_label(None)
    set_language(language)
    assert team_label() == name
    assert tr("meetings_ui.title").startswith(f"{name}: ")
    assert tr_in(language, "cli.hours_no_team").startswith(f"{name}: ")


def test_the_set_name_is_used_as_typed_in_every_language() -> None:
    set_team_label("työkyvyn tuen tiimi")
    assert {tr_in(language, "key.meetings") for language in LANGUAGES} == {"työkyvyn tuen tiimi"}
    assert tr("meetings_ui.title") == "työkyvyn tuen tiimi: palaverit"
    assert tr_in("sv", "meetings_ui.title") == "työkyvyn tuen tiimi: möten"
    assert tr_in("en", "outcome.moti") == "Proposed: työkyvyn tuen tiimi"


def test_a_card_in_another_language_names_the_team_in_that_language() -> None:
    """Without the setting the default name follows the text's language, not the worker's."""
    set_team_label(None)
    set_language("fi")
    assert tr_in("sv", "key.meetings") == "MOTI-teamet"
    assert team_label("en") == "MOTI team"


def test_a_caller_may_give_the_name_itself_escaped_for_its_document() -> None:
    set_team_label("*Tiimi*")
    assert tr("meetings_ui.title", team="\\*Tiimi\\*") == "\\*Tiimi\\*: palaverit"
    assert tr("meetings_ui.title") == "*Tiimi*: palaverit"


def test_braces_in_the_name_are_not_placeholders() -> None:
    set_team_label("{question} {team}")
    assert tr("network.proposed", question="Kuka?") == (
        "Asiakas odottaa käsittelyä ({question} {team}): Kuka?"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_names_the_moti_team_itself(language: str) -> None:
    """Only the default name says MOTI; every other text says {team}."""
    naming = sorted(key for key, found in texts(language).items() if "MOTI" in " ".join(found))
    assert naming == [TEAM_DEFAULT_KEY]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_inflects_or_compounds_the_name(language: str) -> None:
    """ "{team}in", "{team}-palaveri" or "för {team}s" would read wrong with a typed
    name: the name stands alone, before a colon, after one, or in parentheses."""
    glued = re.compile(r"[\w-]\{team\}|\{team\}[\w-]")
    wrong = sorted(
        key for key, found in texts(language).items() for text in found if glued.search(text)
    )
    assert wrong == []
