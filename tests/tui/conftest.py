"""Apps on a real database file, seeded through the same use cases the screens call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from domain.clock import FixedClock
from domain.use_cases import reception
from domain.walk_in import WalkInInput
from tests.database_templates import MigratedTemplates
from tui.app import RinnallaApp
from tui.composition import connect, make_app
from tui.context import AppContext
from tui.settings import Settings

AppFactory = Callable[..., RinnallaApp]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text cursor does not blink in tests: a picture must not depend on when it
    was taken within the blink."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def settings(tmp_path: Path, migrated: MigratedTemplates) -> Settings:
    return Settings(
        database_url=migrated.sqlite_copy(tmp_path / "desk.db"),
        staff="Vastaanotto Veera",
        location="lpr",
        location_name="Lappeenrannan hyvinvointiasema",
    )


@pytest.fixture(scope="session")
def screen_databases(
    tmp_path_factory: pytest.TempPathFactory, migrated: MigratedTemplates
) -> tuple[Path, Path]:
    """A database seeded with one of everything a screen shows, and an empty migrated
    one (the first start), made once per test process; the screen walks copy them."""
    from tests.screen_language_driver import seed

    folder = tmp_path_factory.mktemp("screens")
    seeded, empty = folder / "seeded.db", folder / "empty.db"
    migrated.sqlite_copy(empty)
    seed(migrated.sqlite_copy(seeded))
    return seeded, empty


@pytest.fixture
def context(settings: Settings, clock: FixedClock) -> AppContext:
    """Direct access to the app's database, for seeding and for checking results."""
    return connect(settings, clock)


@pytest.fixture
def new_app(settings: Settings, clock: FixedClock) -> AppFactory:
    def build(**overrides: object) -> RinnallaApp:
        # The documented way for tests to act as a worker: no login screen.
        chosen = settings.model_copy(update=overrides)
        return make_app(chosen, clock=clock, acting_as=chosen.staff)

    return build


def walk_in(context: AppContext, **fields: object) -> int:
    """Register a walk-in as the desk would; returns the visit id."""
    return reception.register_walk_in(
        context.uow(),
        WalkInInput(**fields),
        actor=context.actor,
        location=context.location,
        clock=context.clock,
    ).id


async def settle(pilot: Pilot[object]) -> None:
    """Let every database worker finish and the screen catch up."""
    for _ in range(3):
        # The queue's watch on other terminals runs as long as the app does.
        finite = [w for w in pilot.app.workers if w.group != "queue-watch"]
        if finite:  # an empty list would mean "every worker", the watch included
            try:
                await pilot.app.workers.wait_for_complete(finite)
            except WorkerCancelled:
                pass  # replaced by a newer load of the same screen: the next round waits
        await pilot.pause()


def burst(app: App[object], text: str) -> None:
    """Keys as a terminal delivers a fast burst (auto-type, a quick typist, tmux
    send-keys): the driver posts every key to the app at once, without waiting
    for the one before to be handled, as ``pilot.press`` does."""
    named = {"\t": ("tab", "\t"), "\r": ("enter", "\r")}
    for character in text:
        key, char = named.get(character, (_character_to_key(character), character))
        app.post_message(events.Key(key, char))


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type ``text`` key by key, as a person would."""
    await pilot.press(*[_character_to_key(char) for char in text])
