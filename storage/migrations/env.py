"""Alembic environment: uses the engine handed over by :mod:`storage.migrate`."""

from __future__ import annotations

from alembic import context

from storage.migrate import belongs_on
from storage.orm import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    # SQLite alters a table by copying it and dropping the old one, which the
    # enforced foreign keys of a database with data would refuse. They are off
    # while migrating and checked as a whole afterwards.
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        include_object=belongs_on(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        if problems:
            raise RuntimeError(f"foreign keys broken by the migration in {len(problems)} rows")
