"""Rinnalla's storage: SQLAlchemy 2 implementation of the domain's ports.

The engine is built at start-up by :func:`storage.engine.build_engine`, never
at import. The schema changes only through the Alembic migrations in
``storage/migrations``. The repositories are :mod:`storage.repositories`, one
module per aggregate, built on one session by :mod:`storage.unit_of_work`;
rows and models meet only in :mod:`storage.converters`. Storage refuses with
the domain's errors, naming the kind of record (:class:`domain.errors.Record`),
or with its own (:mod:`storage.errors`), and never words a message itself.
"""
