"""argparse's own sentences in the user's language (:mod:`tui.cli.parser`).

The list of argparse's sentences is checked against argparse's source: a Python
whose argparse says something new fails here, before a user reads it in English.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.i18n import LANGUAGES, set_language
from tui.cli.parser import ARGUMENT, HEADINGS, MESSAGES, NEVER_SHOWN, Message, translate

ARGPARSE_WORDS = re.compile(
    r"\b(?:arguments|invalid|choice|choose|expected|required|unrecognized"
    r"|ambiguous|allowed|ignored|explicit|unexpected|unknown parser|could match)\b"
)


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    yield
    set_language("fi")


def _argparse_sentences() -> set[str]:
    """Every string argparse passes to gettext (``_`` or ``ngettext``), as in its source."""
    tree = ast.parse(Path(inspect.getfile(argparse)).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "ngettext")
        ):
            found |= {
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    # `_(kwargs.pop('title', 'subcommands'))`: the default sits inside the call.
    found.add("subcommands")
    return found


def _positional(english: str) -> str:
    """``%(names)s`` as argparse writes it when the value has no name: ``%s``."""
    return re.sub(r"%\(\w+\)([sr])", r"%\1", english)


def test_every_sentence_argparse_can_say_is_translated_or_never_shown() -> None:
    covered = {_positional(message.english) for message in (ARGUMENT, *MESSAGES)}
    covered |= {_positional(text) for text in (*HEADINGS, *NEVER_SHOWN)}
    missing = {
        sentence for sentence in _argparse_sentences() if _positional(sentence) not in covered
    }
    assert missing == set()


def _sample(message: Message) -> tuple[str, dict[str, str]]:
    """The sentence as argparse would print it, and the values it carries."""
    values = {
        name: ("2" if name == "count" else f"'v{index}'")
        for index, name in enumerate(re.findall(r"%\((\w+)\)", message.english))
    }
    return message.english % values, values


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
@pytest.mark.parametrize("message", MESSAGES, ids=lambda message: message.key)
def test_each_sentence_is_translated_and_keeps_what_the_user_typed(
    message: Message, language: str
) -> None:
    set_language(language)
    english, values = _sample(message)
    translated = translate(english)
    assert ARGPARSE_WORDS.findall(translated) == []
    for name, value in values.items():
        if name != "type":  # the name of the type's Python function is not the user's
            assert value in translated


def test_a_message_about_one_argument_names_it_first() -> None:
    set_language("sv")
    text = translate("argument --format: invalid choice: 'pdf' (choose from 'md', 'ics')")
    assert text == "--format: 'pdf' duger inte; alternativ: 'md', 'ics'"


def test_a_missing_subcommand_is_called_command_not_its_dest() -> None:
    set_language("sv")
    assert translate("the following arguments are required: user_command") == (
        "dessa saknas: KOMMANDO"
    )


def test_the_one_plural_sentence_follows_the_number() -> None:
    set_language("fi")
    assert translate("expected 1 argument") == "anna 1 arvo"
    assert translate("expected 3 arguments") == "anna 3 arvoa"
    assert translate("expected at most one argument") == "anna enintään yksi arvo"


def test_a_message_of_the_program_own_passes_as_it_is() -> None:
    """An option's type refuses a value in the user's language already."""
    set_language("sv")
    own = "argument CLIENT_ID: ange id:t som ett nummer"
    assert translate(own) == "CLIENT_ID: ange id:t som ett nummer"
    assert translate("Ett hashvärde har 16–64 tecken.") == "Ett hashvärde har 16–64 tecken."


def test_a_message_over_several_lines_is_one_line() -> None:
    set_language("fi")
    assert translate("unrecognized arguments:\n  --x") == "tuntemattomat argumentit: --x"
