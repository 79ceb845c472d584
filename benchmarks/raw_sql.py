"""The SQL a use case sends, captured once and replayed through the driver: the baselines.

A use case's time is its SQL plus everything around it: the ORM turning rows
into objects, pydantic turning those into domain objects, the access check,
the access-log write and the commit. Replaying exactly the statements it sent,
with exactly the same parameters, on a raw driver cursor of the same engine
(so SQLite gets the same pragmas), measures the SQL alone. The ratio of the
two says how much of the time is the app's own Python, and a regression in a
query shows up in both.

Only reads are replayed: the writes (access-log events, their hash chain) would
change the database or be refused as duplicates. Where a figure's baseline
leaves writes out, its module says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from sqlalchemy import Engine, event

_capturing: ContextVar[bool] = ContextVar("capturing", default=False)


@dataclass(frozen=True)
class Statement:
    """One statement as the driver received it."""

    sql: str
    parameters: Any

    @property
    def is_read(self) -> bool:
        head = self.sql.lstrip().split(None, 1)[0].upper() if self.sql.strip() else ""
        return head in ("SELECT", "WITH")


@contextmanager
def captured(engine: Engine) -> Iterator[list[Statement]]:
    """Statements the engine sends while capture is on; yields the list that fills up.

    Capture is on inside :func:`capturing`, or inside the method that
    :func:`scoped` wraps, so that a scope can narrow it to one repository
    method. Statements sent with ``executemany`` (bulk writes) are skipped.
    """
    statements: list[Statement] = []

    def record(
        _connection: Any,
        _cursor: Any,
        sql: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        if _capturing.get() and not executemany:
            statements.append(Statement(sql, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def capturing() -> Iterator[None]:
    """Turn capture on for everything sent inside the block."""
    token = _capturing.set(True)
    try:
        yield
    finally:
        _capturing.reset(token)


@contextmanager
def scoped(owner: type, *methods: str) -> Iterator[None]:
    """Capture only what these methods of ``owner`` send, e.g. the repository's searches.

    The methods are wrapped for the duration of the block, in this process
    only; no application file changes.
    """
    originals: dict[str, Callable[..., Any]] = {name: getattr(owner, name) for name in methods}

    def wrapped(original: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with capturing():
                return original(*args, **kwargs)

        return wrapper

    for name, original in originals.items():
        setattr(owner, name, wrapped(original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(owner, name, original)


def reads_of(call: Callable[[], object], engine: Engine) -> list[Statement]:
    """The read statements ``call`` sends through ``engine``."""
    with captured(engine) as statements, capturing():
        call()
    return [statement for statement in statements if statement.is_read]


def replay(engine: Engine, statements: list[Statement]) -> float:
    """Seconds to run the statements on a raw cursor and fetch every row.

    One connection from the engine's pool, as the use case would get; the
    statements run in one transaction, which is rolled back (nothing was
    written anyway).
    """
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        started = time.perf_counter()
        for statement in statements:
            cursor.execute(statement.sql, statement.parameters)
            cursor.fetchall()
        elapsed = time.perf_counter() - started
        cursor.close()
        connection.rollback()
    finally:
        connection.close()
    return elapsed
