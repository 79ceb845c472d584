"""Fixtures shared by every test layer."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.clock import FixedClock
from domain.i18n import set_language, set_team_label
from tests.database_templates import MigratedTemplates

# A Tuesday during walk-in hours, Helsinki 12:00 (UTC+2 in November).
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture(autouse=True)
def no_personal_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own config.toml or RINNALLA_* variables must not change a test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # Crash reports of a failing test go here, not into the developer's own log folder.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    for name in list(os.environ):
        if name.startswith("RINNALLA_") and name != "RINNALLA_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def finnish() -> Iterator[None]:
    """Every test starts in Finnish with the team's default name, and leaves it so."""
    set_language("fi")
    set_team_label(None)
    yield
    set_language("fi")
    set_team_label(None)


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedTemplates]:
    """Migrated databases to copy: one migration run per test process, not per test."""
    templates = MigratedTemplates(tmp_path_factory.mktemp("migrated"))
    yield templates
    templates.drop()


SLOW_FIRST = ("tests/tui/test_languages.py", "tests/tui/test_screen_pictures.py")
"""Files whose tests take seconds each (a walk through the screens each): started first, so that
on several processors they do not all wait at the end of the run for one worker."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: half as many workers again as processors.

    The screen tests spend much of their time waiting (for the app to go idle,
    for a worker thread's database read), not computing; a third worker on two
    processors fills those waits. Measured on the build machine (2 processors),
    three screen test files: 69 s with 2 workers, 53 s with 3.
    """
    return max(2, (os.cpu_count() or 1) * 3 // 2)
