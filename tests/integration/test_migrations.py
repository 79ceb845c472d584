"""The schema comes only from migrations, and they match the ORM exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from storage.engine import build_engine
from storage.migrate import HEAD, alembic_heads, is_current, upgrade
from storage.orm import Base
from tests.database_templates import MigratedTemplates
from tui.cli import main


def test_migrations_match_orm_metadata(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_start_up_check_knows_the_newest_migration(tmp_path: Path) -> None:
    """Start-up compares the database with ``HEAD`` instead of asking Alembic; a new
    migration must move it, or every database would be called current too early."""
    engine = build_engine(f"sqlite:///{tmp_path / 'head.db'}")
    assert alembic_heads(engine) == {HEAD}
    upgrade(engine, "0008")
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
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                assert compare_metadata(context, Base.metadata) == []
        finally:
            engine.dispose()
        assert main(["db", "upgrade", "--db", url]) == 0  # again: nothing to do
    capsys.readouterr()


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
