"""At 80×24 (a laptop, an SSH session), by keys only: help, the footer, the queue (issue 18).

The walk in ``tests/tui/test_languages.py`` checks every screen at 80×24 for what
lies only off screen; these are the behaviours a worker relies on there.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from tests.helpers import AppFactory, settle, type_text, walk_in
from tests.screen_language_driver import visible_text
from tui.context import AppContext
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.walk_in import WalkInScreen

SMALL = (80, 24)


def footer_line(text: str) -> str:
    return text.splitlines()[-1]


async def test_question_mark_opens_and_closes_the_help(new_app: AppFactory) -> None:
    """Some terminals keep F1 for their own help: ``?`` opens Rinnalla's."""
    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        keys = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert "F1/?" in keys  # the help names both of its keys
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)


async def test_a_question_mark_typed_into_a_field_stays_there(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)
        await type_text(pilot, "Kuka?")
        await pilot.pause()
        assert isinstance(app.screen, WalkInScreen)
        focused = app.focused
        assert isinstance(focused, Input) and focused.value == "Kuka?"


async def test_the_help_fits_and_scrolls_to_its_last_key(new_app: AppFactory) -> None:
    """The F1 list was cut at 80×24; now it scrolls, and its last row comes into view."""
    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys", DataTable)
        last = table.get_row_at(table.row_count - 1)[1].plain
        assert table.region.right <= SMALL[0] and table.region.bottom <= SMALL[1]
        assert table.row_count > table.scrollable_content_region.height  # it must scroll
        assert last not in visible_text(app)
        first = table.get_row_at(0)[1].plain
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert last in visible_text(app)
        assert table.scroll_y == table.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert first in visible_text(app) and last not in visible_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert last in visible_text(app)


async def test_the_footer_starts_with_the_help_key_at_every_size(new_app: AppFactory) -> None:
    for size in (SMALL, (120, 40), (200, 50)):
        app = new_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            footer = footer_line(visible_text(app))
            assert footer.lstrip().startswith("F1/? Ohje"), (size, footer)
            assert "n Uusi käynti" in footer, (size, footer)
            if size == (200, 50):  # room for the views too
                assert "F2 Jono" in footer and "F7 Asiakkaani" in footer, footer


async def test_the_queue_at_80_columns_shows_urgency_and_state(
    new_app: AppFactory, context: AppContext
) -> None:
    """The urgency and state columns were past the right edge; the referral channel now
    gives way, and the line under the table gives it (and any cut name) in full."""
    walk_in(
        context,
        name="Hämäläinen-Korhonen Annukka-Maria",
        reason="Toimeentulotuen hakeminen ja velkajärjestely",
    )
    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        text = visible_text(app)
        header = next(line for line in text.splitlines() if "Saapui" in line)
        assert "Kiireellisyys" in header and "Tila" in header, header
        assert "Ohjautui" not in header
        assert "Tavallinen" in text and "Odottaa" in text
        assert (
            "Nimi: Hämäläinen-Korhonen Annukka-Maria · "
            "Syy: Toimeentulotuen hakeminen ja velkajärjestely · Ohjautui: Tuli itse"
        ) in " ".join(text.split())


async def test_f1_in_a_dialog_lists_the_dialogs_keys(new_app: AppFactory) -> None:
    """A dialog's keys are the dialog's alone, so F1 did nothing there: now it opens
    the help of the dialog, and Escape comes back to the dialog as it was."""
    from tui.screens.catalogue import ServiceForm

    app = new_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ServiceForm)
        await type_text(pilot, "Velkaneuvonta")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        rows = {
            table.get_row_at(i)[0].plain: table.get_row_at(i)[1].plain
            for i in range(table.row_count)
        }
        assert rows["Ctrl+S"] == "Tallenna"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Velkaneuvonta"
