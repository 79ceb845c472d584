"""The schema comes only from migrations, and they match the ORM exactly."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, inspect, make_url, text

from domain.clock import FixedClock
from domain.use_cases import reception
from domain.walk_in import WalkInInput
from storage.engine import build_engine, build_session_factory
from storage.migrate import HEAD, alembic_heads, belongs_on, is_current, upgrade
from storage.orm import Base
from storage.unit_of_work import SqlUnitOfWork
from tests.database_templates import MigratedTemplates
from tui.cli import main


def _comparing(connection: Connection) -> dict[str, object]:
    """Compare types too; objects made for one engine only are compared only there."""
    return {"compare_type": True, "include_object": belongs_on(connection.dialect.name)}


def test_migrations_match_orm_metadata(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=_comparing(connection))
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_start_up_check_knows_the_newest_migration(tmp_path: Path) -> None:
    """Start-up compares the database with ``HEAD`` instead of asking Alembic; a new
    migration must move it, or every database would be called current too early."""
    engine = build_engine(f"sqlite:///{tmp_path / 'head.db'}")
    assert alembic_heads(engine) == {HEAD}
    upgrade(engine, "0009")
    assert not is_current(engine)  # one revision behind is not current
    upgrade(engine)
    assert is_current(engine)


def test_upgrade_creates_every_table_on_an_empty_database(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'new' / 'fresh.db'}")
    assert not is_current(engine)
    upgrade(engine)
    assert is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    upgrade(engine)  # running it again changes nothing and does not fail
    assert is_current(engine)


@pytest.mark.postgres
def test_db_upgrade_creates_everything_on_an_empty_postgresql_database(
    migrated: MigratedTemplates, capsys: pytest.CaptureFixture[str]
) -> None:
    with migrated.empty_postgres() as url:
        assert main(["db", "upgrade", "--db", url]) == 0
        engine = build_engine(url)
        try:
            assert is_current(engine)
            assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
            with engine.connect() as connection:
                context = MigrationContext.configure(connection, opts=_comparing(connection))
                assert compare_metadata(context, Base.metadata) == []
        finally:
            engine.dispose()
        assert main(["db", "upgrade", "--db", url]) == 0  # again: nothing to do
    capsys.readouterr()


@pytest.mark.postgres
def test_postgresql_indexes_names_by_trigrams(migrated: MigratedTemplates) -> None:
    """What the schema comparison does not check: the index's method and operator
    class, without which LIKE '%fragment%' cannot use it."""
    with migrated.postgres_copy() as url:
        engine = build_engine(url)
        try:
            with engine.connect() as connection:
                definition = connection.execute(
                    text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                    {"name": "ix_clients_name_key_trgm"},
                ).scalar_one()
        finally:
            engine.dispose()
    assert "USING gin (name_key gin_trgm_ops)" in definition


@pytest.mark.postgres
def test_without_pg_trgm_the_upgrade_succeeds_and_search_still_works(
    migrated: MigratedTemplates, clock: FixedClock
) -> None:
    """A database owner who may not create extensions (pg_trgm needs CREATE on
    the database) still gets a working schema: only the trigram index is missing."""
    role = f"rinnalla_plain_{uuid.uuid4().hex[:8]}"
    with migrated.empty_postgres() as url:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
                connection.execute(text(f'GRANT USAGE, CREATE ON SCHEMA public TO "{role}"'))
            engine = build_engine(make_url(url).set(username=role).render_as_string(False))
            try:
                upgrade(engine)
                indexes = {index["name"] for index in inspect(engine).get_indexes("clients")}
                assert "ix_clients_name_key_trgm" not in indexes
                sessions = build_session_factory(engine)

                def uow() -> SqlUnitOfWork:
                    return SqlUnitOfWork(sessions, clock)

                actor = reception.identify_staff(uow(), "Vastaanotto Veera")
                place = reception.identify_location(uow(), "lpr", "Lappeenranta")
                walk_in = WalkInInput(name="Hämäläinen Päivi", reason="Asuminen")
                reception.register_walk_in(uow(), walk_in, actor=actor, location=place, clock=clock)
                for typed in ("ämäl", "hämälinen"):
                    found = reception.search_clients(uow(), typed, actor=actor)
                    assert [client.name for client in found] == ["Hämäläinen Päivi"]
            finally:
                engine.dispose()
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP OWNED BY "{role}" CASCADE'))
                connection.execute(text(f'DROP ROLE "{role}"'))
            admin.dispose()


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
