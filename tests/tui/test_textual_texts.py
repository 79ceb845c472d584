"""Textual's own words reach the worker in the chosen language (issue 17).

Textual writes key names its own way (``^q``, ``tab``, ``shift+tab``, ``esc``,
``f1``) and has a few texts of its own in English: a drop-down's "Select" and
"Dismiss menu", the command palette's "No matches found", Ctrl+C's "Do you
want to quit?". A worker reading Finnish or Swedish sees none of them: keys
are "Ctrl+Q", "Sarkain", "Skift+Tab", named alike in the footer, in F1's list
and in F1's last line. Keys only; what is checked is what is on the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from domain.catalogue import ServiceInput
from domain.sectors import Sector
from domain.use_cases.catalogue import save_service
from tests.helpers import SIZE, AppFactory, settle, type_text, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.help import HelpScreen
from tui.screens.interview import InterviewScreen

TEXTUAL_KEY_NAMES = re.compile(r"\^|^(tab|shift\+tab|esc|escape|enter|ctrl\+.*|f\d+)$")
"""Key names as Textual writes them, which no worker should read."""


@dataclass(frozen=True)
class Words:
    lang: str
    tab: str
    back_tab: str
    undo: str
    quit_title: str
    quit_hint: str
    close_list: str
    choose_service: str
    palette_prompt: str
    no_matches: str


FINNISH = Words(
    "fi",
    tab="Sarkain",
    back_tab="Vaihto+Sarkain",
    undo="Kumoa",
    quit_title="Haluatko lopettaa?",
    quit_hint="Lopeta painamalla Ctrl+Q.",
    close_list="Sulje valikko",
    choose_service="Valitse palvelu",
    palette_prompt="Hae komentoa…",
    no_matches="Ei osumia",
)
SWEDISH = Words(
    "sv",
    tab="Tab",
    back_tab="Skift+Tab",
    undo="Ångra",
    quit_title="Vill du avsluta?",
    quit_hint="Avsluta med Ctrl+Q.",
    close_list="Stäng menyn",
    choose_service="Välj tjänst",
    palette_prompt="Sök kommando…",
    no_matches="Inga träffar",
)
ENGLISH = Words(
    "en",
    tab="Tab",
    back_tab="Shift+Tab",
    undo="Undo",
    quit_title="Do you want to quit?",
    quit_hint="Press Ctrl+Q to quit.",
    close_list="Close menu",
    choose_service="Choose a service",
    palette_prompt="Search for commands…",
    no_matches="No matches",
)
TRANSLATED = pytest.mark.parametrize("words", [FINNISH, SWEDISH], ids=lambda w: w.lang)

TEXTUAL_ENGLISH = ("Select", "Dismiss", "No matches found", "Search for commands", "Do you want")


def screen_text(app: RinnallaApp) -> str:
    """The characters on the terminal now, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer_keys(app: RinnallaApp) -> dict[str, str]:
    """What the footer offers: description -> key as shown."""
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


def help_rows(app: RinnallaApp) -> dict[str, str]:
    """F1's list: description -> key as shown."""
    table = app.screen.query_one("#help-keys", DataTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return {does.plain: key.plain for key, does in rows}


@TRANSLATED
async def test_the_footer_names_keys_in_the_language(new_app: AppFactory, words: Words) -> None:
    app = new_app(lang=words.lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = set(footer_keys(app).values())
        assert {"Ctrl+Q", "F1/?", "Ctrl+P", "n", "c"} <= shown
        assert not {key for key in shown if TEXTUAL_KEY_NAMES.search(key)}
        last_line = screen_text(app).splitlines()[-1]
        assert "Ctrl+Q" in last_line and "^q" not in last_line and "f1" not in last_line
        assert last_line.lstrip().startswith("F1/?")  # the help first: it lists every key

        await pilot.press("n")  # the walk-in form: Ctrl+S, Esc, F3
        await settle(pilot)
        shown = set(footer_keys(app).values())
        assert {"Ctrl+S", "Esc", "F3"} <= shown
        assert not {key for key in shown if TEXTUAL_KEY_NAMES.search(key)}


@pytest.mark.parametrize("words", [FINNISH, SWEDISH, ENGLISH], ids=lambda w: w.lang)
async def test_f1_names_keys_as_the_footer_does(new_app: AppFactory, words: Words) -> None:
    app = new_app(lang=words.lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        in_footer = footer_keys(app)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed = help_rows(app)

        keys = set(listed.values())
        assert {words.tab, words.back_tab, "Ctrl+Q", "Ctrl+C", "Ctrl+L", "F1/?", "F2"} <= keys
        assert not {key for key in keys if TEXTUAL_KEY_NAMES.search(key)}
        # Whatever both list, they call by the same key.
        both = in_footer.keys() & listed.keys()
        assert len(both) >= 5
        assert {does: listed[does] for does in both} == {does: in_footer[does] for does in both}
        # The line under the list names Tab, Shift+Tab and Esc as the list does.
        assert f"{words.tab} / {words.back_tab}" in " ".join(screen_text(app).split())
        assert "Esc" in screen_text(app)


@TRANSLATED
async def test_f1_on_a_form_lists_rinnalla_keys_not_textuals_editing_keys(
    new_app: AppFactory, words: Words
) -> None:
    """A text field's own keys (Ctrl+Z) are listed, and Ctrl+C (copy), which the
    catalogues translate; the thirty other editing keys it inherits from Textual,
    described in English, are summed up in the last line."""
    app = new_app(lang=words.lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # the walk-in form, the cursor in the name field
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        listed = help_rows(app)
        assert listed[words.undo] == "Ctrl+Z"
        assert {"Ctrl+S", "Esc", "F3", "Ctrl+C", words.tab} <= set(listed.values())
        english = {"Move cursor left", "Scroll Up", "Submit", "Select all", "Paste text"}
        assert not {does for does in listed if any(does.startswith(e) for e in english)}


async def choose_referral(pilot: Pilot[None]) -> InterviewScreen:
    """Call the visitor, choose "referred to a service", land on the service list."""
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    await pilot.press("ctrl+s")  # no outcome yet: the focus goes to the outcomes
    await settle(pilot)
    await pilot.press("down", "enter")  # referred to a service
    await pilot.press("ctrl+s")  # no service yet: the focus goes to the service list
    await settle(pilot)
    assert pilot.app.focused is screen.query_one("#referral_service")
    return screen


@TRANSLATED
async def test_a_drop_down_speaks_the_language_closed_and_open(
    new_app: AppFactory, context: AppContext, words: Words
) -> None:
    save_service(
        context.uow(),
        ServiceInput(name="Talous- ja velkaneuvonta", sector=Sector.SOCIAL),
        actor=context.actor,
    )
    walk_in(context, name="Laine Liisa")
    app = new_app(lang=words.lang)
    async with app.run_test(size=SIZE) as pilot:
        await choose_referral(pilot)
        closed = screen_text(app)
        assert words.choose_service in closed

        await pilot.press("enter")  # open the list
        await settle(pilot)
        opened = screen_text(app)
        assert "Talous- ja velkaneuvonta" in opened
        assert f"Esc {words.close_list}" in footer_line(opened)
        for english in TEXTUAL_ENGLISH:
            assert english not in opened and english not in closed

        await pilot.press("escape")  # closes the list, not the interview
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert words.close_list not in screen_text(app)


def footer_line(text: str) -> str:
    return text.splitlines()[-1]


@TRANSLATED
async def test_the_command_palette_says_no_matches_in_the_language(
    new_app: AppFactory, words: Words
) -> None:
    app = new_app(lang=words.lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert words.palette_prompt in screen_text(app)
        await type_text(pilot, "zzqq")
        await pilot.pause(1.0)  # the palette waits half a second before saying so
        shown = screen_text(app)
        assert words.no_matches in shown
        for english in TEXTUAL_ENGLISH:
            assert english not in shown


@TRANSLATED
async def test_ctrl_c_says_how_to_quit_in_the_language(new_app: AppFactory, words: Words) -> None:
    app = new_app(lang=words.lang)
    # Textual's test harness hides notifications unless asked.
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")  # nothing selected: nothing to copy
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert words.quit_title in shown and words.quit_hint in shown
        assert "Do you want" not in shown and "ctrl+q" not in shown
        assert app.is_running
