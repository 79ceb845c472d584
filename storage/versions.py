"""Optimistic locking: rows people edit carry a version, and a stale save is refused.

Two checks guard every edit: the version the screen saw is compared before
anything is written, and the ``UPDATE ... WHERE version = :seen`` that
SQLAlchemy issues for ``version_id_col`` catches a save that slipped in between.
Both end in the same :class:`StaleVersion`, so the screen keeps the typed text
and says who should reload.

Rows that record their saver (:data:`Stamped`) are refused with
:func:`require_row_version` and ``refused_if_stale(..., row=row)``: the refusal
then names the colleague who saved the newer version and when, so that the
worker knows whose changes they are about to meet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError

from domain.errors import CreatedMeanwhile, Record, StaleVersion
from storage.orm import NetworkMemberRow, ProfessionalRow, ServiceRow, StaffRow

Stamped = NetworkMemberRow | ProfessionalRow | ServiceRow
"""Rows that record who saved their stored version (``updated_by``, ``updated_at``)."""

LastSave = tuple[str | None, dt.datetime | None]
"""Who saved a row's stored version (a worker's name) and when; None where unknown."""


def stamp(row: Stamped, by: int | None, at: dt.datetime | None) -> None:
    """Record on ``row`` who saves it now and when (the use case says who)."""
    row.updated_by = by
    row.updated_at = at


def require_version(stored: int, seen: int | None, record: Record) -> None:
    """Refuse an edit of a ``record`` made on a version other than the stored one."""
    if stored != seen:
        raise StaleVersion.of(record)


def require_row_version(row: Stamped, seen: int | None, record: Record) -> None:
    """Refuse an edit made on another version than ``row``'s, naming who saved it.

    ``row`` was read in this transaction, so its stamp is the stored version's.
    """
    if row.version == seen:
        return
    session = object_session(row)
    staff = (
        session.get(StaffRow, row.updated_by)
        if session is not None and row.updated_by is not None
        else None
    )
    raise StaleVersion.of(record, saved_by=staff.name if staff else None, saved_at=row.updated_at)


@contextmanager
def refused_if_stale(record: Record, *, row: Stamped | None = None) -> Iterator[None]:
    """Turn SQLAlchemy's lost-race error into the domain's refusal for a ``record``.

    Given the ``row`` being saved, the refusal names who won the race.
    """
    last_save = _committed_last_save(row) if row is not None else None
    try:
        yield
    except StaleDataError as error:
        saved_by, saved_at = last_save() if last_save is not None else (None, None)
        raise StaleVersion.of(record, saved_by=saved_by, saved_at=saved_at) from error


def _committed_last_save(row: Stamped) -> Callable[[], LastSave]:
    """A reader of who saved ``row``'s newest committed version, for after a lost race.

    What it needs is taken now: once the flush has failed, the row's session
    must be rolled back before it reads anything, so the reader uses a session
    of its own. It never raises: a refusal without a name beats none at all.
    """
    kind, row_id = type(row), row.id
    session = object_session(row)
    bind = session.get_bind() if session is not None else None

    def read() -> LastSave:
        if bind is None:
            return None, None
        statement = (
            select(StaffRow.name, kind.updated_at)
            .select_from(kind)
            .outerjoin(StaffRow, StaffRow.id == kind.updated_by)
            .where(kind.id == row_id)
        )
        try:
            with Session(bind) as fresh:
                found = fresh.execute(statement).first()
        except SQLAlchemyError:
            return None, None
        return (found[0], found[1]) if found is not None else (None, None)

    return read


@contextmanager
def created_meanwhile_refused() -> Iterator[None]:
    """Two terminals creating the same named record at once: the second gets
    :class:`CreatedMeanwhile`, and the use case tries again, finding the first's."""
    try:
        yield
    except IntegrityError as error:
        raise CreatedMeanwhile from error
