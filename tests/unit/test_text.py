"""Cleaning of typed text: nothing that could drive a terminal reaches storage."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from domain.text import clean_text, markdown_text, normalise_name


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


# Markdown ------------------------------------------------------------------------------

_GFM = MarkdownIt("gfm-like")


def rendered(markdown: str) -> tuple[set[str], str]:
    """The HTML tags a GitHub-like viewer makes of ``markdown``, and the text it shows."""
    page = _GFM.render(markdown)
    # A bare address may become a link, but only one that shows where it leads.
    for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', page):
        assert html.unescape(text) in (html.unescape(href), html.unescape(href).split(":", 1)[-1])
    tags = set(re.findall(r"<([a-z0-9]+)", page)) - {"a"}
    return tags, html.unescape(re.sub(r"<[^>]+>", "", page)).strip()


@pytest.mark.parametrize(
    "typed",
    [
        "[klikkaa](https://evil.example)",
        "![kuva](kuva.png)",
        "[viite][1]",
        "<script>alert(1)</script>",
        "<https://evil.example>",
        "*lihava* _kursiivi_ **x** __y__ ~~z~~",
        "`koodi` ```aita```",
        "# otsikko",
        "## otsikko",
        "> lainaus",
        "- lista",
        "+ lista",
        "* lista",
        "1. numeroitu",
        "12) numeroitu",
        "---",
        "===",
        "| a | b |",
        "&lt; &amp; &#x3C;",
        "kenoviiva \\ ja \\*",
        "    sisennetty",
        "Mari-Liis Kõiv, 1.2.1990 klo 14.30 (ehkä) !",
    ],
)
def test_markdown_text_shows_exactly_what_was_typed(typed: str) -> None:
    tags, shown = rendered(markdown_text(typed))
    assert tags <= {"p"}, typed
    assert shown == clean_text(typed)


def test_no_typed_image_or_link_hides_its_address() -> None:
    page = _GFM.render(markdown_text("![x](https://evil.example/x.png) [tästä](https://e.example)"))
    assert "<img" not in page
    assert ">tästä<" not in page


@pytest.mark.parametrize("text", ["Asialista\n# Otsikko", "a\r\n- b", "a\u2028[x](y)"])
def test_a_one_line_field_cannot_start_a_new_line(text: str) -> None:
    escaped = markdown_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert rendered(f"- {escaped}")[0] == {"ul", "li"}


def test_a_multiline_field_keeps_its_lines_and_nothing_else() -> None:
    typed = "Sovittiin:\n- soitto\n# ei otsikko\n\n1. ei numero\n[linkki](x)"
    escaped = markdown_text(typed, multiline=True)
    tags, shown = rendered(escaped)
    assert tags <= {"p", "br"}
    assert shown.split() == typed.split()
    assert escaped.count("\n") == typed.count("\n")
