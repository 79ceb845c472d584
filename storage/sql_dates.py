"""Date arithmetic in SQL that reads the same on SQLite and PostgreSQL.

The indicators compare timestamps ("a new visit within 90 days of a closed
one") inside the database, so the rows never travel to Python. SQLite and
PostgreSQL spell date arithmetic differently; these constructs compile to
each dialect's form. Day counts are Python integers rendered as literals, never
user input.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, DateTime, Float, Integer, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class shift_timestamp(FunctionElement[Any]):  # noqa: N801 - SQL function style
    """``column`` moved by a whole number of days (negative: earlier)."""

    type = DateTime()
    inherit_cache = True

    def __init__(self, column: ColumnElement[Any] | InstrumentedAttribute[Any], days: int) -> None:
        # The day count travels as a literal clause so that it is part of the
        # statement's cache key: an attribute would let 90 days reuse the SQL
        # compiled for 183.
        super().__init__(column, literal_column(str(int(days))))


class shift_date(FunctionElement[Any]):  # noqa: N801
    """A DATE column moved by a whole number of days."""

    type = Date()
    inherit_cache = True

    def __init__(self, column: ColumnElement[Any] | InstrumentedAttribute[Any], days: int) -> None:
        # The day count travels as a literal clause so that it is part of the
        # statement's cache key: an attribute would let 90 days reuse the SQL
        # compiled for 183.
        super().__init__(column, literal_column(str(int(days))))


class days_between(FunctionElement[Any]):  # noqa: N801
    """``later - earlier`` in days, fractional, for two timestamps."""

    type = Float()
    inherit_cache = True


class hour_bucket(FunctionElement[Any]):  # noqa: N801
    """The UTC hour a timestamp falls in (text on SQLite, a timestamp on PostgreSQL)."""

    inherit_cache = True


def _only(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return compiler.process(column, **kw)


def _shifted(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> tuple[str, int]:
    column, days = element.clauses
    return compiler.process(column, **kw), int(str(days))


@compiles(shift_timestamp, "sqlite")
def _shift_timestamp_sqlite(element: shift_timestamp, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLAlchemy stores SQLite datetimes as "YYYY-MM-DD HH:MM:SS.ffffff"; keep that shape
    # so text comparison with stored values stays correct.
    column, days = _shifted(element, compiler, **kw)
    return f"strftime('%Y-%m-%d %H:%M:%f000', {column}, '{days:+d} days')"


@compiles(shift_timestamp, "postgresql")
def _shift_timestamp_pg(element: shift_timestamp, compiler: SQLCompiler, **kw: Any) -> str:
    column, days = _shifted(element, compiler, **kw)
    return f"({column} + make_interval(days => {days}))"


@compiles(shift_date, "sqlite")
def _shift_date_sqlite(element: shift_date, compiler: SQLCompiler, **kw: Any) -> str:
    column, days = _shifted(element, compiler, **kw)
    return f"date({column}, '{days:+d} days')"


@compiles(shift_date, "postgresql")
def _shift_date_pg(element: shift_date, compiler: SQLCompiler, **kw: Any) -> str:
    column, days = _shifted(element, compiler, **kw)
    return f"({column} + {days})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(extract(epoch from ({later} - {earlier})) / 86400.0)"


@compiles(hour_bucket, "sqlite")
def _hour_bucket_sqlite(element: hour_bucket, compiler: SQLCompiler, **kw: Any) -> str:
    # The stored text's first 13 characters are the hour ("YYYY-MM-DD HH", see
    # shift_timestamp): cutting them costs half of what strftime's parsing does
    # over a quarter's visits, for the same text.
    return f"(substr({_only(element, compiler, **kw)}, 1, 13) || ':00:00')"


@compiles(hour_bucket, "postgresql")
def _hour_bucket_pg(element: hour_bucket, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date_trunc('hour', {_only(element, compiler, **kw)})"


class whole_units_between(FunctionElement[Any]):  # noqa: N801
    """Whole units (``unit_seconds`` long) from ``earlier`` to a ``later`` timestamp,
    cut down: 9 min 59 s is 9 minutes (floored on both engines when negative).
    For the distributions the report's medians are computed from (waiting
    minutes, days to a meeting)."""

    type = Integer()
    inherit_cache = True

    def __init__(
        self,
        later: ColumnElement[Any] | InstrumentedAttribute[Any],
        earlier: ColumnElement[Any] | InstrumentedAttribute[Any],
        unit_seconds: int,
    ) -> None:
        super().__init__(later, earlier, literal_column(str(int(unit_seconds))))


def _units(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> tuple[str, str, int]:
    later, earlier, unit = element.clauses
    return compiler.process(later, **kw), compiler.process(earlier, **kw), int(str(unit))


@compiles(whole_units_between, "sqlite")
def _whole_units_sqlite(element: whole_units_between, compiler: SQLCompiler, **kw: Any) -> str:
    # julianday is a double: a whole minute may come out a hair short of it, so a
    # millisecond's worth is added before the cast cuts the fraction away.
    # CAST cuts toward zero; less one when that rounded a negative count up, so
    # that both engines floor.
    later, earlier, unit = _units(element, compiler, **kw)
    units = f"((julianday({later}) - julianday({earlier})) * {86400 / unit!r} + 0.001 / {unit})"
    return f"(CAST({units} AS INTEGER) - ({units} < CAST({units} AS INTEGER)))"


@compiles(whole_units_between, "postgresql")
def _whole_units_pg(element: whole_units_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier, unit = _units(element, compiler, **kw)
    return f"CAST(floor(extract(epoch from ({later} - {earlier})) / {unit}) AS INTEGER)"
