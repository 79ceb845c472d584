"""Rinnalla's storage: SQLAlchemy 2 implementation of the domain's ports.

The engine is built at start-up by :func:`storage.engine.build_engine`, never
at import. The schema changes only through the Alembic migrations in
``storage/migrations``.
"""
