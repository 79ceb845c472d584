"""Lists by keys: Home, End, PageUp and PageDown in every list; Escape back to the list
the worker came from, with the cursor where it was; F3's result opens the summary or
the network as well as a new walk-in. Key presses only, at 80x24.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from domain.catalogue import ServiceInput
from domain.clock import HELSINKI
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.use_cases.catalogue import save_service
from domain.use_cases.coordination import my_professional, name_case_manager, save_professional
from domain.use_cases.meetings import create_team, plan_meetings
from tests.helpers import AppFactory, settle, type_text, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.caseload import CaseloadScreen
from tui.screens.meetings import MeetingsScreen
from tui.screens.network import NetworkScreen
from tui.screens.search import SearchScreen
from tui.screens.summary import SummaryScreen
from tui.screens.walk_in import WalkInScreen

SIZE = (80, 24)
ROWS = 40
"""More rows than any list shows at 80x24, so that a page is less than the list."""


@pytest.fixture
def many(context: AppContext) -> dict[str, list[int]]:
    """Forty of everything a list shows: visitors (my clients too), professionals,
    meetings of one team, teams, catalogue services."""
    me = my_professional(context.uow(), context.actor, context.location.name)
    clients: list[int] = []
    for number in range(ROWS):
        visit_id = walk_in(context, name=f"Testinen Asiakas {number:02}", reason="Asuminen")
        with context.uow() as uow:
            client_id = uow.visits.get(visit_id).client_id
            uow.commit()
        assert client_id is not None
        clients.append(client_id)
        name_case_manager(
            context.uow(), client_id, me.id, "Sovittu", actor=context.actor, clock=context.clock
        )
    for number in range(ROWS):
        save_professional(
            context.uow(),
            ProfessionalInput(
                name=f"Ammattilainen {number:02}",
                organisation="Hyvinvointialue",
                sector=Sector.SOCIAL,
            ),
            actor=context.actor,
        )
        save_service(
            context.uow(),
            ServiceInput(name=f"Palvelu {number:02}", sector=Sector.SOCIAL),
            actor=context.actor,
        )
    team = create_team(context.uow(), "MOTI 00", actor=context.actor)
    first = dt.datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI)
    meetings = plan_meetings(
        context.uow(), team.id, first, 60, every_weeks=1, count=ROWS, actor=context.actor
    )
    for number in range(1, ROWS):
        create_team(context.uow(), f"MOTI {number:02}", actor=context.actor)
    return {"clients": clients, "meetings": [meeting.id for meeting in meetings]}


def cursor(app: RinnallaApp) -> tuple[int, int]:
    """The focused list's cursor and its number of rows."""
    focused: Widget | None = app.focused
    if isinstance(focused, DataTable):
        return focused.cursor_row, focused.row_count
    if isinstance(focused, OptionList):
        assert focused.highlighted is not None
        return focused.highlighted, focused.option_count
    raise AssertionError(f"no list has the focus: {focused!r}")


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    for key in pressed:
        if len(key) > 1 and key.isalpha() and key.islower() and key not in KEY_NAMES:
            await type_text(pilot, key)
        else:
            await pilot.press(key)
        await settle(pilot)


KEY_NAMES = {"enter", "escape", "down", "up", "home", "end", "pageup", "pagedown"}

LISTS = {
    "queue": (),
    "search results": ("f3", "testinen", "enter"),
    "caseload": ("f7",),
    "meetings": ("f4",),
    "team drop-down": ("f4", "w", "enter"),
    "catalogue": ("f6",),
    "directory picker": ("f4", "j", "enter"),
}


@pytest.mark.parametrize("path", list(LISTS))
async def test_home_end_and_a_page_move_the_cursor_in_every_list(
    new_app: AppFactory, many: dict[str, list[int]], path: str
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, *LISTS[path])
        row, count = cursor(app)
        assert count >= ROWS, path
        await keys(pilot, "end")
        assert cursor(app) == (count - 1, count), path
        await keys(pilot, "home")
        assert cursor(app) == (0, count), path
        await keys(pilot, "pagedown")
        page, _ = cursor(app)
        # One page: further than one row, short of the end of a list longer than a screen.
        assert 1 < page < count - 1, path
        await keys(pilot, "pagedown")
        assert cursor(app)[0] > page, path
        await keys(pilot, "pageup", "pageup")
        assert cursor(app) == (0, count), path


# Escape goes back to where the worker came from ------------------------------------


async def test_f7_network_escape_is_back_on_f7_with_the_same_client_highlighted(
    new_app: AppFactory, many: dict[str, list[int]]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f7", "down", "down", "down")
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one("#caseload-table", DataTable)
        chosen = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await keys(pilot, "enter")
        assert isinstance(app.screen, NetworkScreen)
        assert str(app.screen.client_id) == chosen
        await keys(pilot, "escape")
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one("#caseload-table", DataTable)
        assert app.focused is table
        assert table.cursor_row == 3
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == chosen
        await keys(pilot, "escape")
        assert app.screen is app.queue_screen


async def test_f3_summary_escape_is_back_on_the_same_results(
    new_app: AppFactory, many: dict[str, list[int]]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f3", "testinen", "enter", "down", "down")
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#results", DataTable)
        assert (results.cursor_row, results.row_count) == (2, ROWS)
        await keys(pilot, "s")
        assert isinstance(app.screen, SummaryScreen)
        assert "Testinen Asiakas" in str(app.screen.query_one("#summary-client").render())
        await keys(pilot, "escape")
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#results", DataTable)
        assert app.focused is results
        assert (results.cursor_row, results.row_count) == (2, ROWS)


async def test_f3_network_escape_is_back_on_the_same_results(
    new_app: AppFactory, many: dict[str, list[int]]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f3", "testinen", "enter", "end")
        await keys(pilot, "v")
        assert isinstance(app.screen, NetworkScreen)
        header = str(app.screen.query_one("#network-client").render())
        assert "Testinen Asiakas" in header
        assert f"asiakas {app.screen.client_id}" in header
        await keys(pilot, "escape")
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#results", DataTable)
        assert (results.cursor_row, results.row_count) == (ROWS - 1, ROWS)
        # Enter on a result is still the new walk-in for that client.
        await keys(pilot, "enter")
        assert isinstance(app.screen, WalkInScreen)


async def test_the_search_field_types_s_and_v_as_letters(
    new_app: AppFactory, many: dict[str, list[int]]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f3", "sv")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query").value == "sv"  # type: ignore[attr-defined]


async def test_f4_agenda_escape_is_back_on_the_same_meeting(
    new_app: AppFactory, many: dict[str, list[int]]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "f4", "pagedown")
        assert isinstance(app.screen, MeetingsScreen)
        row = app.screen.query_one("#meetings-table", DataTable).cursor_row
        assert row > 1
        await keys(pilot, "enter")
        assert not isinstance(app.screen, MeetingsScreen)
        await keys(pilot, "escape")
        assert isinstance(app.screen, MeetingsScreen)
        table = app.screen.query_one("#meetings-table", DataTable)
        assert app.focused is table
        assert table.cursor_row == row
        # The meeting's id is in the list, as the command line takes it.
        cells = [cell.plain for cell in table.get_row_at(row)]
        assert cells[0] == str(many["meetings"][row])


async def test_queue_network_escape_is_back_on_the_same_visitor(
    new_app: AppFactory, many: dict[str, list[int]]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "down", "down", "down", "down", "down")
        table = app.queue_screen.query_one("#queue-table", DataTable)
        row = table.cursor_row
        assert row == 5
        await keys(pilot, "v")
        assert isinstance(app.screen, NetworkScreen)
        await keys(pilot, "escape")
        assert app.screen is app.queue_screen
        assert app.focused is table
        assert table.cursor_row == row
