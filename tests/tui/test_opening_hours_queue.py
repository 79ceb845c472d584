"""The queue heading says whether walk-in is open, and until when (keys only).

The test clock stands on Tuesday 24.11.2026 at 12.00 Helsinki time.
"""

from __future__ import annotations

from textual.widgets import Static

from domain.clock import FixedClock
from domain.use_cases import reception
from domain.use_cases.opening_hours import configure_location
from tests.helpers import SIZE, AppFactory, settle
from tui.app import RinnallaApp
from tui.context import AppContext


def hours_line(app: RinnallaApp) -> str:
    return str(app.queue_screen.query_one("#queue-hours", Static).render())


def set_hours(context: AppContext, text: str) -> None:
    location = context.location
    configure_location(
        context.uow(), location.code, location.name, hours_text=text, actor=context.actor
    )


async def test_open_walk_in_says_until_when(new_app: AppFactory, context: AppContext) -> None:
    set_hours(context, "ti 12-15, to 9-12")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert hours_line(app) == "Walk-in avoinna klo 15.00 asti"
        assert app.queue_screen.query_one("#queue-hours").has_class("open")


async def test_closed_walk_in_says_when_it_opens(new_app: AppFactory, context: AppContext) -> None:
    set_hours(context, "to 9-12")
    app = new_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert hours_line(app) == "Walk-in closed · opens Thu 26/11 at 9.00"
        assert not app.queue_screen.query_one("#queue-hours").has_class("open")


async def test_no_hours_set_is_said_so(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert hours_line(app) == "Walk-in-aukioloaikoja ei ole asetettu"


async def test_the_line_follows_the_clock_when_the_queue_reloads(
    new_app: AppFactory, context: AppContext, clock: FixedClock
) -> None:
    """After closing time a walk-in is still registered, and counted as outside the hours."""
    set_hours(context, "ti 12-15")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert hours_line(app) == "Walk-in avoinna klo 15.00 asti"
        clock.advance(hours=3, minutes=30)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.queue_screen
        assert hours_line(app) == "Walk-in suljettu · avautuu ti 1.12. klo 12.00"
    queue = reception.todays_queue(
        context.uow(), actor=context.actor, location=context.location, clock=clock
    )
    assert [entry.visit.outside_hours for entry in queue] == [True]
