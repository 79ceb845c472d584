"""Fixtures shared by every test layer."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from domain import accounts
from domain.clock import FixedClock
from domain.i18n import set_language, set_team_label
from domain.use_cases import accounts as accounts_cases
from tests.database_templates import MigratedTemplates
from tests.machine_lock import MachineLock

# A Tuesday during walk-in hours, Helsinki 12:00 (UTC+2 in November).
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


USER_FOLDERS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
"""Where Rinnalla reads config.toml and writes its default database and crash reports."""


def _point_user_folders(monkeypatch: pytest.MonkeyPatch, base: Path) -> None:
    for name in USER_FOLDERS:
        monkeypatch.setenv(name, str(base / name.removesuffix("_HOME").lower().replace("_", "-")))


@pytest.fixture(scope="session", autouse=True)
def no_personal_configuration(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A developer's own config.toml or RINNALLA_* variables must not change a test.

    Set once per test process (a folder of its own for every test cost more than many a
    test itself). The user folders lie under a plain file: they read as empty, and a test
    that writes there (config.toml, the default database, a crash report) fails with
    ``NotADirectoryError`` instead of leaving the file for the next test. Such a test
    asks for :func:`user_folders`.
    """
    guard = tmp_path_factory.mktemp("shared") / "ask-for-the-user_folders-fixture"
    guard.write_text("A test that writes into the user folders asks for its own.\n")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _point_user_folders(monkeypatch, guard)
        for name in list(os.environ):
            if name.startswith("RINNALLA_") and name != "RINNALLA_TEST_POSTGRES_URL":
                monkeypatch.delenv(name)
        yield


@pytest.fixture(scope="session", autouse=True)
def quick_passphrase_hashing() -> Iterator[PasswordHasher]:
    """Passphrases are hashed and checked with argon2's cheapest cost in tests.

    The product's cost (argon2's default, 64 MiB three times over) is there to make
    guessing slow, and it does: about 0.1 s a hash or a check, 0.3 s on a busy
    machine, and the suite logs in and makes accounts hundreds of times. The stored
    form (``$argon2id$``) and every rule around it stay the same; a process a test
    starts (the command line as a user runs it) still uses the real cost. Yields the
    product's own hasher.
    """
    real = accounts._hasher
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(accounts, "_hasher", quick)
        monkeypatch.setattr(accounts_cases, "_hasher", quick)
        yield real


@pytest.fixture
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Empty configuration, data and state folders of this test's own, under ``tmp_path``
    (``xdg-config``, ``xdg-data``, ``xdg-state``), for a test that writes there."""
    _point_user_folders(monkeypatch, tmp_path)
    return tmp_path


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


SLOW_FIRST = (
    "tests/browser/",
    "tests/tui/test_languages.py",
    "tests/tui/test_screen_pictures.py",
    "tests/test_web_sessions_benchmark.py",
)
"""Files whose tests take seconds each (a walk through the screens each, or two web servers
with their apps): started first, so that on several processors they do not all wait at the
end of the run for one worker."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The ``quiet_machine`` tests first, then the slow files.

    xdist's work stealing gives each worker a consecutive share of this order, so the
    first worker starts with the quiet tests while the others start on short ones:
    they wait a few seconds for it at the start, not for a language walk later
    (placed last, a stolen quiet test once waited 54 s, its worker idle).
    """
    items.sort(
        key=lambda item: (
            item.get_closest_marker("quiet_machine") is None,
            not item.nodeid.startswith(SLOW_FIRST),
        )
    )


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: half as many workers again as processors.

    The screen tests spend much of their time waiting (for the app to go idle,
    for a worker thread's database read), not computing; a third worker on two
    processors fills those waits. Measured on the build machine (2 processors),
    three screen test files: 69 s with 2 workers, 53 s with 3. With four, two
    fresh CI runs took 15 min 40 s and 15 min 46 s for the tests (three: 14 min
    34 s in the project's CI), and the ten browser tabs had no time to spare.
    """
    return max(2, (os.cpu_count() or 1) * 3 // 2)


@pytest.fixture(scope="session")
def _machine_lock(tmp_path_factory: pytest.TempPathFactory) -> MachineLock | None:
    """The run's lock: in the run's temporary folder, which holds each xdist worker's own."""
    if os.name != "posix":
        return None
    base = tmp_path_factory.getbasetemp()
    return MachineLock(base.parent if "PYTEST_XDIST_WORKER" in os.environ else base)


@pytest.fixture(autouse=True)
def _quiet_machine(
    request: pytest.FixtureRequest, _machine_lock: MachineLock | None
) -> Iterator[None]:
    """A test marked ``quiet_machine`` runs while no other test runs, in any worker.

    That is for the durability test that kills the app a fixed 0.2 s after its last
    key: the promise is about a desk's computer, where the draft's save gets a
    processor in that time. Beside three busy workers on two processors it
    sometimes did not (a CI run lost the last word on PostgreSQL). Every other test
    holds the lock shared (a ``flock``: microseconds); the quiet tests come first
    in the run (:func:`pytest_collection_modifyitems`).
    """
    if _machine_lock is None:
        yield
        return
    with _machine_lock.held(alone=request.node.get_closest_marker("quiet_machine") is not None):
        yield
