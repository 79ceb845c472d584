"""Alembic environment: uses the engine handed over by :mod:`storage.migrate`."""

from __future__ import annotations

from alembic import context

from storage.orm import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
