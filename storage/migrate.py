"""Schema migrations, run from code (``rinnalla db upgrade`` and at start-up)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

SCRIPT_LOCATION = "storage:migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to ``revision`` (creating it when empty)."""
    command.upgrade(alembic_config(engine), revision)


def is_current(engine: Engine) -> bool:
    """Whether the database is already at the newest revision."""
    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


def belongs_on(dialect: str) -> Callable[[Any, str | None, str, bool, Any], bool]:
    """An Alembic ``include_object`` for comparing the schema on ``dialect``.

    A table, index or constraint of the ORM whose ``info`` says
    ``only_on="postgresql"`` exists only on that engine (the migrations create
    it only there), so on any other it is left out of the comparison instead
    of being reported missing. Used by autogenerate (``env.py``) and by the
    test that the migrations match the ORM.
    """

    def include(
        item: Any, _name: str | None, _kind: str, _reflected: bool, _compare_to: Any
    ) -> bool:
        only_on = getattr(item, "info", {}).get("only_on")
        return only_on is None or only_on == dialect

    return include
