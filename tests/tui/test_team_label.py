"""The team's name is a setting: the screens, the footer and the help say it as typed.

An organisation that calls its multi-professional team "Työkyvyn tuen tiimi"
must not meet "MOTI" on any screen it opens; without the setting the screens
say "MOTI-tiimi". Keys only, from the queue.
"""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from tests.helpers import SIZE, AppFactory, settle, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.help import HelpScreen
from tui.screens.meetings import MeetingsScreen
from tui.screens.propose import ProposeForm

OURS = "Työkyvyn tuen tiimi"


def footer(app: RinnallaApp) -> list[str]:
    """The keys the footer shows now, by their descriptions."""
    return [key.description for key in app.screen.query(FooterKey)]


def help_rows(app: RinnallaApp) -> dict[str, str]:
    table: DataTable[Text] = app.screen.query_one("#help-keys", DataTable)
    cells = (table.get_row_at(index) for index in range(table.row_count))
    return {key.plain: does.plain for key, does in cells}


def on_screen(app: RinnallaApp) -> str:
    """Everything the terminal shows now, as the picture tests see it."""
    return app.export_screenshot().replace("&#160;", " ")


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Each key waits for the screen it opens, as a person waits."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_the_setting_names_the_team_on_every_screen_it_reaches(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Laine Liisa", birth_year="1985", reason="Toimeentulo")
    app = new_app(team_label=OURS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert OURS in footer(app)
        assert "MOTI" not in on_screen(app)

        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        assert help_rows(app)["F4"] == OURS
        assert "MOTI" not in on_screen(app)
        await press(pilot, "escape", "f4")

        assert isinstance(app.screen, MeetingsScreen)
        assert app.screen.title == f"{OURS}: palaverit"
        assert f"{OURS}: palaverit" in on_screen(app)  # the header, as the terminal shows it
        assert "MOTI" not in on_screen(app)

        await press(pilot, "t")  # a new team: the form says what a team is
        text = str(app.screen.query_one(".dialog-text", Static).render())
        assert text == f"Monialainen tiimi ({OURS}), joka käsittelee asiakkaita palavereissaan."
        assert "MOTI" not in on_screen(app)

        await press(pilot, "escape", "f1")
        help_title = str(app.screen.query_one(".dialog-title", Static).render())
        assert help_title == f"Näppäimet – {OURS}: palaverit"

        await press(pilot, "escape", "f2", "v", "m")  # the client's network, then propose
        assert isinstance(app.screen, ProposeForm)
        title = str(app.screen.query_one(".dialog-title", Static).render())
        assert title == f"Ehdota asiakasta käsiteltäväksi: {OURS}"
        assert "MOTI" not in on_screen(app)


async def test_without_the_setting_the_team_is_the_moti_team(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "MOTI-tiimi" in footer(app)
        await press(pilot, "f4")
        assert app.screen.title == "MOTI-tiimi: palaverit"


@pytest.mark.parametrize("language", ["sv", "en"])
async def test_the_typed_name_is_used_as_typed_in_every_language(
    new_app: AppFactory, language: str
) -> None:
    app = new_app(team_label=OURS, lang=language)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert OURS in footer(app)
        await press(pilot, "f4")
        meetings = {"sv": "möten", "en": "meetings"}[language]
        assert app.screen.title == f"{OURS}: {meetings}"
        assert "MOTI" not in on_screen(app)


async def test_a_name_with_brackets_is_shown_as_typed_not_as_markup(
    new_app: AppFactory,
) -> None:
    """The name is typed text: "[b]" in it is two brackets and a letter on the screen."""
    app = new_app(team_label="[b]Tiimi[/b]")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f4", "t")
        text = str(app.screen.query_one(".dialog-text", Static).render())
        assert "([b]Tiimi[/b])" in text
        await press(pilot, "escape", "f1")
        help_title = str(app.screen.query_one(".dialog-title", Static).render())
        assert help_title.endswith("[b]Tiimi[/b]: palaverit")
