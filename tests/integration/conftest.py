"""A real, migrated SQLite database file per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from domain import reception
from domain.clock import FixedClock
from domain.staff import Location, Staff
from storage.engine import build_engine, build_session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rinnalla.db'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = build_engine(database_url)
    upgrade(engine)
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


@pytest.fixture
def location(uow: Callable[[], SqlUnitOfWork]) -> Location:
    return reception.identify_location(uow(), "lpr", "Lappeenrannan hyvinvointiasema")
