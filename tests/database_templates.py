"""Migrated databases for tests, made once per test process and copied per test.

Running every migration for every test costs seconds each; a copy of a
migrated SQLite file, or ``CREATE DATABASE … TEMPLATE`` on PostgreSQL, costs
milliseconds and starts each test from exactly the schema ``rinnalla db
upgrade`` makes. The migrations themselves are tested from an empty database
in ``tests/integration/test_migrations.py``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.engine import URL

from storage.engine import build_engine
from storage.migrate import upgrade

POSTGRES_VARIABLE = "RINNALLA_TEST_POSTGRES_URL"
NO_SERVER = (
    f"PostgreSQL tests need a server: set {POSTGRES_VARIABLE} to a database URL, "
    "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres (.ci/run starts one)"
)


def postgres_server_url() -> URL | None:
    """The server the PostgreSQL tests may create databases on, if any."""
    value = os.environ.get(POSTGRES_VARIABLE)
    return make_url(value) if value else None


class MigratedTemplates:
    """A migrated SQLite file and (when a server is given) a migrated PostgreSQL database."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None
        self._prefix = f"rinnalla_t_{uuid.uuid4().hex[:8]}"

    def sqlite_copy(self, target: Path) -> str:
        if self._sqlite is None:
            template = self._folder / "template.db"
            engine = build_engine(f"sqlite:///{template}")
            upgrade(engine)
            engine.dispose()  # the last connection closing checkpoints the WAL into the file
            self._sqlite = template
        shutil.copy2(self._sqlite, target)
        return f"sqlite:///{target}"

    def _admin_engine(self, server: URL) -> Engine:
        # CREATE and DROP DATABASE cannot run inside a transaction.
        return create_engine(server, isolation_level="AUTOCOMMIT")

    @contextmanager
    def postgres_copy(self) -> Iterator[str]:
        """A fresh database made from the migrated template, dropped afterwards."""
        server = _required_server()
        admin = self._admin_engine(server)
        try:
            if self._postgres is None:
                name = f"{self._prefix}_template"
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                engine = build_engine(_render(server.set(database=name)))
                upgrade(engine)
                engine.dispose()
                self._postgres = name
            copy = f"{self._prefix}_{uuid.uuid4().hex[:8]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{self._postgres}"'))
            try:
                yield _render(server.set(database=copy))
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
        finally:
            admin.dispose()

    @contextmanager
    def empty_postgres(self) -> Iterator[str]:
        """A new, empty PostgreSQL database (no schema at all), dropped afterwards."""
        server = _required_server()
        admin = self._admin_engine(server)
        name = f"{self._prefix}_empty_{uuid.uuid4().hex[:8]}"
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            yield _render(server.set(database=name))
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()

    def drop(self) -> None:
        server = postgres_server_url()
        if self._postgres is None or server is None:
            return
        admin = self._admin_engine(server)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self._postgres}" WITH (FORCE)'))
        admin.dispose()


def _required_server() -> URL:
    """The test server; without one the test is skipped, except in CI, where it fails."""
    server = postgres_server_url()
    if server is None:
        if os.environ.get("CI"):
            pytest.fail(f"in CI the PostgreSQL tests must run. {NO_SERVER}")
        pytest.skip(NO_SERVER)
    return server


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)
