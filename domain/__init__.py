"""Rinnalla's domain: the rules of walk-in reception and client coordination.

Pure Python (pydantic models, plain functions, Protocols). Nothing here imports
Textual or SQLAlchemy, so the rules can be tested and reused without a screen
or a database.
"""
