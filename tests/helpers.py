"""What the tests repeat: the terminal size, reading a table, registering a client.

The screen tests drive the app by keys and read what it shows; these read it
the same way everywhere, so that a change to a table or to registration is
followed in one place.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rich.text import Text
from sqlalchemy import select
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from domain.use_cases import reception
from domain.walk_in import WalkInInput
from storage.engine import build_engine, build_session_factory
from tui.app import RinnallaApp
from tui.context import AppContext
from tui.settings import Settings


@dataclass(frozen=True)
class Download:
    """A file the app handed to the browser under ``rinnalla serve``: what the worker's
    browser saves (the ``in_a_browser`` fixture collects them)."""

    name: str
    data: bytes
    mime_type: str | None


SIZE = (120, 40)
"""The terminal of the screen tests and of the screen pictures (README: 120x40)."""

Row = TypeVar("Row")
Result = TypeVar("Result")
"""What the app under test returns when it exits (``None`` for Rinnalla itself)."""

AppFactory = Callable[..., RinnallaApp]
"""The ``new_app`` fixture: an app signed in as the acting worker, settings overridable."""


def table_rows(app: App[Result], selector: str) -> list[list[str]]:
    """The cells of the table ``selector`` on the current screen, as the worker reads them."""
    table: DataTable[Text] = app.screen.query_one(selector, DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def stored_rows(settings: Settings, row: type[Row]) -> list[Row]:
    """Every stored row of the ORM class ``row``: what the screen saved, read past it."""
    with build_session_factory(build_engine(settings.database_url or ""))() as session:
        return list(session.scalars(select(row)))


def walk_in(context: AppContext, **fields: object) -> int:
    """Register a walk-in as the desk would; returns the visit id."""
    return reception.register_walk_in(
        context.uow(),
        WalkInInput(**fields),
        actor=context.actor,
        location=context.location,
        clock=context.clock,
    ).id


async def settle(pilot: Pilot[Result]) -> None:
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


def burst(app: App[Result], text: str) -> None:
    """Keys as a terminal delivers a fast burst (auto-type, a quick typist, tmux
    send-keys): the driver posts every key to the app at once, without waiting
    for the one before to be handled, as ``pilot.press`` does."""
    named = {"\t": ("tab", "\t"), "\r": ("enter", "\r"), "\b": ("backspace", "\x7f")}
    for character in text:
        key, char = named.get(character, (_character_to_key(character), character))
        app.post_message(events.Key(key, char))


async def push(pilot: Pilot[None], screen: Screen[Result]) -> list[object]:
    """Open ``screen`` over the current one as the screens do; collect what it returns."""
    returned: list[object] = []
    await settle(pilot)
    pilot.app.push_screen(screen, returned.append)
    await settle(pilot)
    return returned


async def type_text(pilot: Pilot[Result], text: str) -> None:
    """Type ``text`` key by key, as a person would."""
    await pilot.press(*[_character_to_key(char) for char in text])


def client_of(context: AppContext, visit_id: int) -> int:
    """The client the visit was registered for (the visit must name one)."""
    with context.uow() as work:
        client_id = work.visits.get(visit_id).client_id
    assert client_id is not None
    return client_id


def new_client(context: AppContext, *, reason: str = "Asuminen", **fields: object) -> int:
    """A client registered as a walk-in at the desk, as the desk would; returns its id."""
    return client_of(context, walk_in(context, reason=reason, **fields))


def free_port() -> int:
    """A loopback port nobody listens on now (a server takes it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cli_environment(home: Path) -> dict[str, str]:
    """The environment for ``rinnalla`` as a process of its own: none of the developer's
    ``RINNALLA_*`` settings, and its configuration, data and state under ``home``."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("RINNALLA_")
    }
    environment |= {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    return environment
