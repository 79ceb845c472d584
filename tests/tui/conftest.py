"""Apps on a real database file, seeded through the same use cases the screens call."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import pytest
from textual.widgets import Input

from domain.clock import FixedClock
from tests.database_templates import MigratedTemplates
from tests.helpers import AppFactory, Download
from tui.app import RinnallaApp
from tui.composition import connect, make_app
from tui.context import AppContext
from tui.settings import Settings


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


@pytest.fixture
def in_a_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Download]:
    """The app as ``rinnalla serve`` runs it: Textual's web driver says ``is_web``, and a
    delivered file goes to the browser. The files handed over are collected here, as
    textual-serve would stream them; the documents folder must stay empty."""
    downloads: list[Download] = []

    def deliver_binary(self: RinnallaApp, file: BinaryIO, **details: Any) -> str:
        downloads.append(Download(details["save_filename"], file.read(), details["mime_type"]))
        file.close()
        return "delivery-key"

    monkeypatch.setattr(RinnallaApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(RinnallaApp, "deliver_binary", deliver_binary)
    monkeypatch.setattr("tui.export_delivery.documents_folder", lambda: tmp_path / "server-docs")
    return downloads
