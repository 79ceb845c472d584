"""Schema migrations, run from code (``rinnalla db upgrade`` and at start-up)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "storage:migrations"

HEAD = "0018"
"""The newest migration's revision. Every start checks the database against it;
comparing with this constant instead of asking Alembic spares importing Alembic
and reading every migration script (about 0.15 s) when nothing needs doing, as
on every start but the first after an upgrade. A test checks that it is
Alembic's head, so a new migration cannot forget it."""


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to ``revision`` (creating it when empty).

    A database at a revision no migration script knows (made by a newer
    Rinnalla, or not by Rinnalla at all) raises
    :class:`~storage.errors.SchemaTooNew` and is left as it is.
    """
    from alembic import command
    from alembic.util.exc import CommandError

    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError:
        unknown = _unknown_revisions(engine)
        if not unknown:
            raise
        from storage.errors import SchemaTooNew

        shown = sorted("".join(c for c in r if c.isprintable())[:40] for r in unknown)
        raise SchemaTooNew(tuple(shown)) from None


def _unknown_revisions(engine: Engine) -> set[str]:
    """The database's revisions that no migration script has."""
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        current = {
            str(v) for v in connection.scalars(text("SELECT version_num FROM alembic_version"))
        }
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    known = {script.revision for script in scripts.walk_revisions()}
    return current - known


def is_current(engine: Engine) -> bool:
    """Whether the database is already at the newest revision (:data:`HEAD`)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        current = set(connection.scalars(text("SELECT version_num FROM alembic_version")))
    return current == {HEAD}


def alembic_heads(engine: Engine) -> set[str]:
    """The newest revisions as Alembic reads them from the migration scripts."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


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
