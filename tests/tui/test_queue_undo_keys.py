"""Undo (``u``) and "not here" (``b``) in the queue, pressed as a worker would.

Two desks on one database (SQLite and PostgreSQL): what one desk undoes or
puts back shows at the other within two seconds, with no key pressed there.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.database_templates import MigratedTemplates
from tests.helpers import SIZE, AppFactory, settle, walk_in
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.screens.help import HelpScreen
from tui.screens.interview import InterviewScreen


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated: MigratedTemplates
) -> Iterator[str]:
    if request.param == "sqlite":
        yield migrated.sqlite_copy(tmp_path / "shared.db")
        return
    with migrated.postgres_copy() as url:
        yield url


def states(app: RinnallaApp) -> dict[str, str]:
    table = app.queue_screen.query_one("#queue-table", DataTable)
    rows = [table.get_row_at(row) for row in range(table.row_count)]
    return {str(row[2]): str(row[6]) for row in rows}


def footer(app: RinnallaApp) -> str:
    return " ".join(
        f"{binding.key} {binding.description}"
        for _, binding, enabled, _ in app.screen.active_bindings.values()
        if binding.show and enabled
    )


def status(app: RinnallaApp) -> str:
    return str(app.queue_screen.query_one("#queue-status", Static).render())


async def shows(pilot: Pilot[None], app: RinnallaApp, name: str, state: str) -> None:
    """Wait (at most two seconds, no key pressed) until ``name``'s row says ``state``."""
    started = time.monotonic()
    while states(app).get(name) != state:
        assert time.monotonic() - started < 2.0, states(app)
        await pilot.pause(0.05)


async def test_not_here_then_undo_shows_at_both_desks(new_app: AppFactory, shared_url: str) -> None:
    desk = new_app(database_url=shared_url)
    other = new_app(database_url=shared_url, staff="Toinen Työntekijä")
    async with desk.run_test(size=SIZE) as typing, other.run_test(size=SIZE) as watching:
        await settle(typing)
        walk_in(desk.context, name="Aaltonen Aino")  # type: ignore[arg-type]
        walk_in(desk.context, name="Bergman Bo")  # type: ignore[arg-type]
        await shows(typing, desk, "Aaltonen Aino", "Odottaa")
        await typing.press("c")  # Aino is called; the interview opens
        await settle(typing)
        assert isinstance(desk.screen, InterviewScreen)
        await typing.press("escape")  # nobody comes
        await settle(typing)
        await shows(typing, desk, "Aaltonen Aino", "Palvelussa")
        await typing.press("b")
        await settle(typing)
        assert "Takaisin jonoon paikalleen: Aaltonen Aino" in status(desk)
        # Called at 12.00 Helsinki time; at her place, marked as not there.
        assert states(desk)["Aaltonen Aino"] == "Poissa 12.00"
        await shows(watching, other, "Aaltonen Aino", "Poissa 12.00")

        # Call next passes her over: Bo is called.
        await typing.press("c")
        await settle(typing)
        await typing.press("escape")
        await settle(typing)
        await shows(typing, desk, "Bergman Bo", "Palvelussa")

        # That call was a mistake: u takes it back, and says what it undid.
        await typing.press("u")
        await settle(typing)
        assert "Peruttu kutsu: Bergman Bo – nyt Odottaa" in status(desk)
        await shows(watching, other, "Bergman Bo", "Odottaa")

        # The undo is spent, and the other desk has changed nothing: neither offers u.
        assert "u Peru" not in footer(desk) and "u Peru" not in footer(other)
        await watching.press("u")
        await settle(watching)
        assert states(other)["Bergman Bo"] == "Odottaa"


async def test_enter_calls_the_visitor_who_came_back(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Aaltonen Aino")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert states(app)["Aaltonen Aino"].startswith("Poissa ")
        await pilot.press("enter")  # she came back: called by name
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert states(app)["Aaltonen Aino"] == "Palvelussa"


async def test_a_served_mark_on_the_wrong_row_is_undone(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Aaltonen Aino")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("e")  # the feedback reminder: instructions handed over
        await settle(pilot)
        assert states(app)["Aaltonen Aino"] == "Palveltu"
        await pilot.press("u")
        await settle(pilot)
        assert states(app)["Aaltonen Aino"] == "Palvelussa"
        assert "Peruttu palveltu-merkintä: Aaltonen Aino" in status(app)


async def test_f1_names_undo_and_not_here(new_app: AppFactory, context: AppContext) -> None:
    """Both keys show (footer and F1) when they apply: after a call, for five minutes."""
    walk_in(context, name="Aaltonen Aino")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "u Peru" not in footer(app) and "b Ei paikalla" not in footer(app)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "u Peru" in footer(app) and "b Ei paikalla" in footer(app)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        table = app.screen.query_one(DataTable)
        keys = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        assert "Peru" in keys and "Ei paikalla" in keys
        assert "5 minuutin" in shown
