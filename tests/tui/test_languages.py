"""Every screen, its F1 help and its dialogs, in Finnish, Swedish and English (issue 17).

Each screen is walked in a process of its own by ``tests/screen_language_driver.py``
(why a process: see its docstring), in each language, with key presses only,
and the text on the screen is read as a worker reads it. A screen fails when,
in any language:

(a) a catalogue key shows instead of its text (``queue.col.name``), or anything
    shaped like one that is not an e-mail address, a web address or a file in
    the data;
(b) in Finnish or Swedish, an English word of :data:`ENGLISH` shows: a text
    nobody translated (a default of Textual's, a string written in the code);
(c) a key was looked up that a catalogue lacks (shown in Finnish instead):
    :func:`domain.i18n.missing_translations` is not empty;
(d) at 80×24 (Finnish and Swedish are walked at that size, English at 120×40),
    something lies only off screen: a field past the edge, a table that has to
    scroll sideways, a text cut off, a footer without the help key
    (:func:`tests.screen_language_driver.layout_problems`).

The catalogues' completeness itself is checked key by key in
``tests/unit/test_i18n.py``; this file checks what reaches the screen.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from textual.screen import Screen

import tui.screens
from domain.i18n import LOCALE_DIR, all_keys, tr_in
from tests.screen_language_driver import DATA_ADDRESSES, LANGUAGES_FIRST_TO_LAST, SCENARIOS
from tui.keymap import binding_ids

ROOT = Path(__file__).resolve().parents[2]
PROCESS_TIMEOUT = 120.0
"""Seconds one screen's process may take (it takes a few on an idle machine)."""

ENGLISH = {
    # Textual's own texts, shown unless the app gives its own.
    "Select": "Select's prompt when nothing is chosen; also Input's 'Select all' in F1",
    "Search": "the command palette's placeholder 'Search for commands…'",
    "commands": "the command palette's placeholder",
    "matches": "the command palette's 'No matches found'",
    "Dismiss": "the footer of Select's open list: 'esc Dismiss menu'",
    "Scroll": "F1 rows of Textual's scrolling keys: 'Scroll Up', 'Scroll Down'",
    "Move": "F1 rows of Input's cursor keys: 'Move cursor left'",
    "cursor": "F1 rows of Input's cursor keys",
    "Delete": "F1 rows of Input's deleting keys: 'Delete character left'",
    "Submit": "F1 row of Input's Enter",
    "Page": "F1 rows of Textual's paging keys: 'Page Up'",
    "Copy": "F1 row of Textual's 'Copy selected text'",
    "Focus": "F1 rows of Textual's 'Focus Next' / 'Focus Previous'",
    "Toggle": "Textual's checkbox and switch keys: 'Toggle'",
    "Quit": "Textual's Ctrl+Q",
    # Textual's key names as the footer and F1 print them (``get_key_display``).
    # Finnish and Swedish name the keys by their caps or in words: "Tab",
    # "Sarkain", "Esc", "Vaihto". "Enter" is not listed: the key is labelled
    # Enter on Finnish and Swedish keyboards, and every catalogue names it so
    # ("Enter kirjautuu", "Enter öppnar raden").
    "tab": "Textual's name of the Tab key in the footer and F1",
    "shift": "Textual's name of the Shift key ('shift+tab')",
    "ctrl": "Textual's name of the Ctrl key",
    "esc": "Textual's name of the Escape key",
    "escape": "a binding's key as written in the code",
    "enter": "a binding's key as written in the code (the key's name is 'Enter')",
    "space": "a binding's key as written in the code",
    "backspace": "a binding's key as written in the code",
    "home": "Textual's name of the Home key",
    "end": "Textual's name of the End key",
    "pgup": "Textual's name of the Page Up key",
    "pgdn": "Textual's name of the Page Down key",
    # Weekdays as English abbreviations (the walk-in hours once named the next
    # opening day so in Swedish).
    **dict.fromkeys(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "an English weekday"),
    # The app's own words, had a text been written in the code in English.
    "Save": "a save key or button",
    "Cancel": "a cancel key or button",
    "Back": "a back key",
    "Close": "a close key",
    "Help": "F1",
    "Client": "a client's heading or column",
    "Name": "a name column or field",
    "Error": "an error's title",
    "Warning": "a notice's title",
    "Loading": "a screen before its data",
    "Yes": "a confirmation button",
    "Next": "a next key",
    "Previous": "a previous key",
    "the": "an English sentence",
    "with": "an English sentence",
    "your": "an English sentence",
    # The command line's parser (argparse), should its text ever reach a screen.
    "usage": "argparse's usage line",
    "options": "argparse's 'options:' heading",
}
"""Whole words, case-sensitive, that are neither Finnish nor Swedish, with where each
has come from. ``test_no_listed_word_is_finnish_or_swedish`` keeps the list from
flagging the catalogues' own words."""

DOTTED = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9_]+(?:\.(?:[a-z_][a-z0-9_]+|[0-9]+))+(?![\w@/…-])")
"""A word shaped like a catalogue key: ``queue.col.name``, ``level_picker.key_0``,
``month.5``. No part is a single letter, so abbreviations and date formats are not
keys: "e.g.", "t.ex.", "bl.a.", "fr.o.m.", "p.k.vvvv". Nor is a word a narrowed
column cut, with its "…" ("kari.kosk…" of an e-mail address)."""
INPUT_FORMAT = re.compile(r"([a-zåäö])\1*(?:\.([a-zåäö])\2*)+")
"""A hint of what to type, each part one letter repeated: ``tt.mm``, ``hh.mm``,
``dd.mm.yyyy``. Shaped like a key, never one."""
NOT_KEYS = re.compile(
    r"\S+@\S+|\w+://\S*|(?<!\S)~?/\S*|[\w-]+\.(?:toml|db|md|ics|csv|json|txt|log)\b"
)
"""E-mail addresses, web addresses, paths and file names: dotted, but never a key (and
a path's folders are the machine's words, not the app's)."""

EXEMPT = {
    "tui.screens.form.FieldForm": "the base of the forms, never shown itself",
    "tui.screens.base.RinnallaScreen": "the base of every screen, never shown itself",
    "tui.screens.base.RinnallaDialog": "the base of every dialog, never shown itself",
}
"""Screen classes no walk opens, and why."""


@pytest.fixture(scope="session")
def databases(screen_databases: tuple[Path, Path]) -> list[Path]:
    """The seeded database and an empty one, copied by each screen's process."""
    return list(screen_databases)


def walk(screen: str, databases: list[Path], home: Path) -> dict[str, object]:
    """What the driver saw of ``screen`` in every language, from a process of its own."""
    seeded, empty = databases
    # The agenda and reports are exported into the documents folder: a temporary one.
    environment = {
        **os.environ,
        "HOME": str(home),
        "XDG_DOCUMENTS_DIR": str(home / "documents"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.screen_language_driver",
            screen,
            "--seeded",
            str(seeded),
            "--empty",
            str(empty),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"the walk through {screen} broke:\n{done.stderr[-4000:]}"
    shown: dict[str, object] = json.loads(done.stdout)
    return shown


def raw_keys(text: str, language: str) -> list[str]:
    """Catalogue keys, or words shaped like them, in ``text``.

    A key whose text in ``language`` is the key itself (Textual's "Focus Next"
    in English) cannot be told from its text, and is not counted. Nor is a key
    binding's id, which F1 shows on purpose: the name ``[keymap]`` rebinds it by.
    """
    keys = all_keys()
    words = {word for word in DOTTED.findall(NOT_KEYS.sub(" ", text))}
    words -= DATA_ADDRESSES
    words -= binding_ids()
    words = {word for word in words if not INPUT_FORMAT.fullmatch(word)}
    words |= {key for key in keys if " " in key and key in text}
    return sorted(word for word in words if word not in keys or tr_in(language, word) != word)


def english_words(text: str) -> list[str]:
    """The listed words in ``text``: whole words of letters ("shift+tab" is two), not
    counting paths and addresses (an exported file's folder is the tester's)."""
    words = re.findall(r"[^\W\d_]+", NOT_KEYS.sub(" ", text))
    return sorted({word for word in words if word in ENGLISH})


def line_with(text: str, word: str) -> str:
    """The first line that shows ``word`` as a word, to say where it is."""
    shown = re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])")
    return next((line.strip() for line in text.splitlines() if shown.search(line)), "")


@pytest.mark.parametrize("screen", sorted(SCENARIOS))
def test_every_view_speaks_the_chosen_language(
    screen: str, databases: list[Path], tmp_path: Path
) -> None:
    shown = walk(screen, databases, tmp_path)
    views: dict[str, dict[str, dict[str, str]]] = shown["views"]  # type: ignore[assignment]
    assert list(views) == list(LANGUAGES_FIRST_TO_LAST)
    # Every language took the same walk and saw every screen the walk promises.
    names = {language: list(taken) for language, taken in views.items()}
    assert names["fi"] == names["sv"] == names["en"], names
    seen = {view["screen"] for taken in views.values() for view in taken.values()}
    assert SCENARIOS[screen].covers <= seen

    # One line per word and language, naming the first view that shows it.
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for language, taken in views.items():
        for view, content in taken.items():
            text = content["text"]
            assert text.strip(), f"{screen}: {language} · {view} shows nothing"
            for header in content.get("cut", []):
                found[(language, "cut column header", header)].append(view)
            for problem in content.get("layout", []):
                found[(language, "at 80×24", problem)].append(view)
            for key in raw_keys(text, language):
                found[(language, "raw key", key)].append(f"{view}: {line_with(text, key)!r}")
            if language == "en":
                continue
            for word in english_words(text):
                found[(language, "English word", word)].append(f"{view}: {line_with(text, word)!r}")
    problems = [
        f"{screen} · {language} · {kind} {word!r} in {where[0]}"
        + (f" (and {len(where) - 1} more views)" if len(where) > 1 else "")
        for (language, kind, word), where in sorted(found.items())
    ]
    missing: list[list[str]] = shown["missing"]  # type: ignore[assignment]
    problems += [f"{screen} · {language} · no translation for {key!r}" for language, key in missing]
    assert not problems, "\n".join(problems)


def test_every_screen_is_walked_or_exempt() -> None:
    """A new screen needs a walk in the driver (or a reason here) to be tested at all."""
    defined: set[str] = set()
    for module_info in pkgutil.iter_modules(tui.screens.__path__):
        module = importlib.import_module(f"tui.screens.{module_info.name}")
        for _, kind in inspect.getmembers(module, inspect.isclass):
            if issubclass(kind, Screen) and kind.__module__ == module.__name__:
                defined.add(f"{kind.__module__}.{kind.__qualname__}")
    walked = {name for scenario in SCENARIOS.values() for name in scenario.covers}
    assert defined - walked - EXEMPT.keys() == set(), "screens no walk opens"
    assert EXEMPT.keys() <= defined
    assert not EXEMPT.keys() & walked


def test_no_listed_word_is_finnish_or_swedish() -> None:
    """The list flags only English: no Finnish or Swedish text uses its words."""
    for language in ("fi", "sv"):
        path = LOCALE_DIR / language / "LC_MESSAGES" / "rinnalla.po"
        with path.open(encoding="utf-8") as file:
            catalog = read_po(file)
        for message in catalog:
            texts = message.string if isinstance(message.string, tuple) else [message.string]
            for text in texts:
                assert isinstance(text, str)
                words = english_words(re.sub(r"\{\w*\}", " ", text))
                assert not words, (language, message.id, words)
