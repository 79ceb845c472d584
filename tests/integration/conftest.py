"""A real, migrated SQLite database file per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from domain.accounts import hash_passphrase
from domain.clock import FixedClock
from domain.staff import Location, Staff, StaffRole
from domain.use_cases import reception
from domain.walk_in import WalkInInput
from storage.engine import build_engine, build_session_factory
from storage.unit_of_work import SqlUnitOfWork
from tests.database_templates import MigratedTemplates


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated: MigratedTemplates
) -> Iterator[str]:
    """Every storage test runs on a fresh, migrated SQLite file and, when
    ``RINNALLA_TEST_POSTGRES_URL`` names a server, on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield migrated.sqlite_copy(tmp_path / "rinnalla.db")
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about the SQLite file itself")
    with migrated.postgres_copy() as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The test's database, a copy of the migrated template (so at head already)."""
    engine = build_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return build_session_factory(engine)


@pytest.fixture
def uow(session_factory: sessionmaker[Session], clock: FixedClock) -> Callable[[], SqlUnitOfWork]:
    return lambda: SqlUnitOfWork(session_factory, clock)


@pytest.fixture
def actor(uow: Callable[[], SqlUnitOfWork]) -> Staff:
    return reception.identify_staff(uow(), "Vastaanotto Veera")


CLI_PASSPHRASE = "kahvi ja pulla iltapäivällä"


@pytest.fixture
def cli_login(
    uow: Callable[[], SqlUnitOfWork], actor: Staff, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Staff]:
    """The command line logs in as the acting worker (``RINNALLA_STAFF``), whose
    passphrase scripts give in ``RINNALLA_PASSPHRASE``; call it to log in as another."""

    def login_as(name: str, role: StaffRole | None = None) -> Staff:
        with uow() as work:
            staff = work.staff.get_or_add(name)
            work.staff.set_passphrase(staff.id, hash_passphrase(CLI_PASSPHRASE))
            if role is not None:
                staff = work.staff.set_role(staff.id, role)
            work.commit()
        monkeypatch.setenv("RINNALLA_STAFF", name)
        monkeypatch.setenv("RINNALLA_PASSPHRASE", CLI_PASSPHRASE)
        return staff

    login_as(actor.name)
    return login_as


@pytest.fixture
def location(uow: Callable[[], SqlUnitOfWork]) -> Location:
    return reception.identify_location(uow(), "lpr", "Lappeenrannan hyvinvointiasema")


def walk_in_client(
    uow: Callable[[], SqlUnitOfWork],
    actor: Staff,
    location: Location,
    clock: FixedClock,
    *,
    reason: str = "Asuminen",
    **fields: str,
) -> int:
    """A walk-in registered at ``location``; returns the id of the client it made."""
    visit = reception.register_walk_in(
        uow(), WalkInInput(reason=reason, **fields), actor=actor, location=location, clock=clock
    )
    assert visit.client_id is not None
    return visit.client_id
