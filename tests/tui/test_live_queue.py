"""Two terminals on one database: what one registers appears at the other by itself.

Two apps run side by side on the same database, each driven with keys only;
the second never gets a key press and must show the visit within two seconds.
On PostgreSQL the change arrives by LISTEN/NOTIFY, on SQLite by polling a
fingerprint of today's queue.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.database_templates import MigratedTemplates
from tests.helpers import SIZE, AppFactory, settle, type_text
from tui.app import RinnallaApp


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated: MigratedTemplates
) -> Iterator[str]:
    if request.param == "sqlite":
        yield migrated.sqlite_copy(tmp_path / "shared.db")
        return
    with migrated.postgres_copy() as url:
        yield url


def names(app: RinnallaApp) -> list[str]:
    table = app.queue_screen.query_one("#queue-table", DataTable)
    return [str(table.get_row_at(row)[2]) for row in range(table.row_count)]


async def register(pilot: Pilot[None], name: str) -> None:
    """A walk-in registered with keys at the desk ``pilot`` drives (from its queue)."""
    await pilot.press("n")
    await settle(pilot)
    await type_text(pilot, name)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def shown_within(pilot: Pilot[None], app: RinnallaApp, name: str, seconds: float) -> float:
    """Seconds until ``name`` is in the app's queue, without pressing anything there."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if name in names(app):
            return time.monotonic() - started
        await pilot.pause(0.05)
    raise AssertionError(f"not shown within {seconds} s: {names(app)}")


async def test_a_walk_in_registered_at_one_desk_appears_at_the_other(
    new_app: AppFactory, shared_url: str
) -> None:
    desk = new_app(database_url=shared_url)
    other = new_app(database_url=shared_url, staff="Toinen Työntekijä")
    async with desk.run_test(size=SIZE) as typing, other.run_test(size=SIZE) as watching:
        await settle(typing)
        await settle(watching)
        assert names(other) == []
        await register(typing, "Virtanen Aino")
        assert "Virtanen Aino" in names(desk)
        await shown_within(watching, other, "Virtanen Aino", 2.0)

        # Calling her at the first desk shows at the other too.
        await typing.press("escape")
        await typing.press("c")
        await settle(typing)
        await typing.press("escape")
        await settle(typing)
        started = time.monotonic()
        table = other.queue_screen.query_one("#queue-table", DataTable)
        while str(table.get_row_at(0)[6]) != "Palvelussa":
            assert time.monotonic() - started < 2.0, str(table.get_row_at(0)[6])
            await watching.pause(0.05)


async def test_an_interview_begun_at_one_desk_shows_as_a_draft_at_the_other(
    new_app: AppFactory, shared_url: str
) -> None:
    """The state column's "Luonnos" comes from the interview's draft, which changes no
    visit: the other desk still learns of it within two seconds."""
    desk = new_app(database_url=shared_url)
    other = new_app(database_url=shared_url, staff="Toinen Työntekijä")
    async with desk.run_test(size=SIZE) as typing, other.run_test(size=SIZE) as watching:
        await settle(typing)
        await register(typing, "Virtanen Aino")
        await typing.press("c")  # called in: the interview opens
        await settle(typing)
        await shown_within(watching, other, "Virtanen Aino", 2.0)
        table = other.queue_screen.query_one("#queue-table", DataTable)
        await typing.press("2")  # a level: the draft is saved a moment later
        await settle(typing)
        started = time.monotonic()
        while str(table.get_row_at(0)[6]) != "Luonnos":
            assert time.monotonic() - started < 2.0, str(table.get_row_at(0)[6])
            await watching.pause(0.05)


async def test_an_older_load_that_ends_late_never_replaces_a_newer_one(
    new_app: AppFactory, shared_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten desks registering at once made the watching desk load its queue many times
    over; a load that read the queue before the last registration but finished after
    the load that read it last put the older rows back, and nothing changed after
    that to correct them (a browser tab showed 6 of 10 walk-ins for 240 s)."""
    import threading

    from domain.use_cases import reception

    desk = new_app(database_url=shared_url)
    other = new_app(database_url=shared_url, staff="Toinen Työntekijä")
    real = reception.todays_queue
    held = threading.Event()
    release = threading.Event()

    def slow_first(*args: object, **kwargs: object) -> object:
        read = real(*args, **kwargs)  # type: ignore[arg-type]
        watcher = getattr(kwargs["actor"], "name", None) == "Toinen Työntekijä"
        if watcher and not held.is_set():  # the watching desk's load: read, then lost its turn
            held.set()
            release.wait(10)
        return read

    async with desk.run_test(size=SIZE) as typing, other.run_test(size=SIZE) as watching:
        await settle(typing)
        await settle(watching)
        await register(typing, "Virtanen Aino")
        await shown_within(watching, other, "Virtanen Aino", 2.0)

        monkeypatch.setattr(reception, "todays_queue", slow_first)
        await typing.press("escape")
        await register(typing, "Laine Leevi")
        # The watching desk's load that read the queue with Leevi is held; the
        # desk registers a third visitor, and its next load shows all three.
        started = time.monotonic()
        while not held.is_set():
            assert time.monotonic() - started < 5.0, "the watching desk never reloaded"
            await watching.pause(0.05)
        await typing.press("escape")
        await register(typing, "Koski Kaisa")
        await shown_within(watching, other, "Koski Kaisa", 3.0)

        release.set()  # the older load ends now, late
        await watching.pause(1.0)
        await settle(watching)
        assert "Koski Kaisa" in names(other), names(other)
