"""The PostgreSQL server stops while a worker is typing an interview, and comes back.

A private server is stopped under the open app: the screen shows a banner
saying the connection is lost, the typed text stays in the interview, and
when the server is back the banner goes, the queue works and what was typed
meanwhile is saved as the draft.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from domain.clock import FixedClock
from storage.engine import build_engine, build_session_factory
from storage.migrate import upgrade
from storage.orm import IntakeDraftRow
from tests.helpers import SIZE, AppFactory, settle, type_text, walk_in
from tests.postgres_server import PrivateServer, private_server
from tui.app import RinnallaApp
from tui.composition import connect
from tui.screens.interview import InterviewScreen
from tui.settings import Settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def server() -> Iterator[PrivateServer]:
    with private_server() as running:
        engine = build_engine(running.url)
        upgrade(engine)
        engine.dispose()
        yield running


def notices(app: RinnallaApp) -> str:
    """The text of the notifications on the screen now."""
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def until(pilot: Pilot[None], check: Callable[[], bool], seconds: float) -> None:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, "waited in vain"
        await pilot.pause(0.1)


def draft_text(url: str) -> str:
    engine = build_engine(url)
    try:
        with build_session_factory(engine)() as session:
            return " ".join(session.scalars(select(IntakeDraftRow.content)).all())
    finally:
        engine.dispose()


async def test_a_stopped_server_shows_a_banner_keeps_the_draft_and_recovers(
    new_app: AppFactory, settings: Settings, clock: FixedClock, server: PrivateServer
) -> None:
    configured = settings.model_copy(update={"database_url": server.url})
    walk_in(connect(configured, clock), name="Heikkinen Helena", reason="Vuokrarästit")
    app = new_app(database_url=server.url)
    # Textual's test harness hides notifications unless asked: here they are the banner.
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("2")  # some concern: on to its note
        await type_text(pilot, "Ennen katkosta")
        await pilot.pause(1.0)  # the autosave runs
        await settle(pilot)

        await asyncio.to_thread(server.stop)
        await until(pilot, lambda: "Yhteys tietokantaan katkesi" in notices(app), 10)
        await type_text(pilot, ", katkoksen aikana")
        await pilot.pause(1.0)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)  # still open, with what was typed
        kept = json.dumps(screen.content().model_dump(mode="json"), ensure_ascii=False)
        assert "Ennen katkosta, katkoksen aikana" in kept

        await asyncio.to_thread(server.start)
        await until(pilot, lambda: "Yhteys tietokantaan palasi" in notices(app), 15)
        assert "katkesi" not in notices(app)
        await until(pilot, lambda: "katkoksen aikana" in draft_text(server.url), 10)
        assert "Ennen katkosta, katkoksen aikana" in draft_text(server.url)
