"""Cleaning of typed text: nothing that could drive a terminal reaches storage."""

from __future__ import annotations

import pytest

from domain.text import clean_text, normalise_name


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("\x1b[31mpuna\x1b[0m", "puna"),  # SGR colour
        ("a\x1b[2Jb", "ab"),  # clear screen
        ("a\x1b[38;2;255;0;0mb", "ab"),  # truecolour parameters
        ("a\x1b[?1049hb", "ab"),  # private mode (alternate screen)
        ("a\x1b[1;31;4mb", "ab"),
    ],
)
def test_csi_sequences_removed_whole(typed: str, cleaned: str) -> None:
    assert clean_text(typed) == cleaned


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("a\x1b]0;ikkunan otsikko\x07b", "ab"),  # title, BEL-terminated
        ("a\x1b]0;ikkunan otsikko\x1b\\b", "ab"),  # title, ST-terminated
        ("\x1b]8;;https://example.org\x1b\\linkki\x1b]8;;\x1b\\", "linkki"),  # hyperlink
        ("a\x1b]52;c;c2VjcmV0\x07b", "ab"),  # clipboard write
    ],
)
def test_osc_sequences_removed_whole(typed: str, cleaned: str) -> None:
    assert clean_text(typed) == cleaned


@pytest.mark.parametrize("escape", ["\x1bM", "\x1bD", "\x1bE", "\x1bH", "\x1b\\"])
def test_two_character_escapes_removed(escape: str) -> None:
    assert clean_text(f"a{escape}b") == "ab"


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("Vir\x00tanen", "Virtanen"),  # NUL
        ("Vir\x07tanen", "Virtanen"),  # BEL
        ("Vir\x08tanen", "Virtanen"),  # backspace
        ("Vir\x7ftanen", "Virtanen"),  # DEL
        ("Vir\u200btanen", "Virtanen"),  # zero-width space
        ("Vir\u200ctanen", "Virtanen"),  # zero-width non-joiner
        ("\ufeffVirtanen", "Virtanen"),  # byte order mark
        ("Vir\u202etanen", "Virtanen"),  # right-to-left override
        ("Vir\u2066tanen\u2069", "Virtanen"),  # bidi isolates
    ],
)
def test_control_and_format_characters_removed(typed: str, cleaned: str) -> None:
    assert clean_text(typed) == cleaned


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("Matti\nVirtanen", "Matti Virtanen"),
        ("Matti\r\nVirtanen", "Matti Virtanen"),
        ("Matti\tVirtanen", "Matti Virtanen"),
        ("Matti \n\t  Virtanen", "Matti Virtanen"),
        ("\n\tMatti Virtanen\r\n", "Matti Virtanen"),
        ("Matti    Virtanen", "Matti Virtanen"),
    ],
)
def test_line_breaks_and_tabs_become_single_spaces(typed: str, cleaned: str) -> None:
    assert clean_text(typed) == cleaned


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
def test_other_line_breaks_become_spaces(separator: str) -> None:
    assert clean_text(f"Matti{separator}Virtanen") == "Matti Virtanen"


@pytest.mark.parametrize(
    "typed",
    [
        "a\x9b31mb",
        "a\x1bPqpayload\x1b\\b",
        "a\x1b_payload\x1b\\b",
        "a\x1b^payload\x1b\\b",
        "a\x1bcb",
        "a\x1b7b",
    ],
)
def test_other_escape_strings_removed_whole(typed: str) -> None:
    assert clean_text(typed) == "ab"


@pytest.mark.parametrize(
    "kept",
    [
        "Äänekoski Öljynen Åström",
        "äöå ÄÖÅ šž",
        "🙂 👍🏽 ❤️",
        "[b]x[/b]",
        "[red]teksti[/red] [@click=quit]x[/]",
        'O\'Brien "Jussi" <jussi> {x} \\n',
        "Ελένη Σμιρνόва 李",
        "Mari-Liis Kõiv",
    ],
)
def test_letters_emoji_and_brackets_kept(kept: str) -> None:
    assert clean_text(kept) == kept


def test_empty_and_whitespace() -> None:
    assert clean_text("") == ""
    assert clean_text(" \t\r\n ") == ""


def test_normalise_name_folds_case_accents_and_spaces() -> None:
    assert normalise_name("  José   ÁLVAREZ ") == "jose alvarez"
    assert normalise_name("ÄÖÅ äöå") == "äöå äöå"
    assert normalise_name("Vir\x1b[1mta\x00nen") == "virtanen"
