"""Optimistic locking: rows people edit carry a version, and a stale save is refused.

Two checks guard every edit: the version the screen saw is compared before
anything is written, and the ``UPDATE ... WHERE version = :seen`` that
SQLAlchemy issues for ``version_id_col`` catches a save that slipped in between.
Both end in the same :class:`StaleVersion`, so the screen keeps the typed text
and says who should reload.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from domain.errors import StaleVersion
from domain.i18n import tr


def require_version(stored: int, seen: int | None, stale_key: str) -> None:
    """Refuse an edit made on a version other than the stored one."""
    if stored != seen:
        raise StaleVersion(tr(stale_key))


@contextmanager
def refused_if_stale(stale_key: str) -> Iterator[None]:
    """Turn SQLAlchemy's lost-race error into the domain's refusal with ``stale_key``."""
    try:
        yield
    except StaleDataError as error:
        raise StaleVersion(tr(stale_key)) from error
