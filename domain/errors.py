"""Errors the domain raises, each with a message a receptionist understands.

The message is already translated (see :mod:`domain.i18n`) and never contains
a client's personal data, so it may be shown, logged or put in a traceback. A
:class:`StaleVersion` may name the colleague who saved first: a worker's name,
as the access log keeps it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from domain import formats
from domain.i18n import tr


class DomainError(Exception):
    """Something the user asked for cannot be done; ``str(error)`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """Typed input was refused; ``fields`` maps each field name to its message."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__("; ".join(fields.values()))
        self.fields = dict(fields)


class NotFound(DomainError):
    """The record asked for does not exist (any more)."""


class StaleVersion(DomainError):
    """Someone else saved the record after it was read; nothing was written.

    ``saved_by`` (a worker's name) and ``saved_at`` say who saved the newer
    version and when, for records that keep it: the worker then knows whose
    changes their own meet and whom to ask. Both are None where nobody is
    known, e.g. a row last saved before it recorded its saver.
    """

    def __init__(
        self,
        message: str,
        *,
        saved_by: str | None = None,
        saved_at: dt.datetime | None = None,
    ) -> None:
        super().__init__(message)
        self.saved_by = saved_by
        self.saved_at = saved_at

    @classmethod
    def saved_meanwhile(
        cls, general: str, *, saved_by: str | None, saved_at: dt.datetime | None
    ) -> StaleVersion:
        """The refusal naming who saved first and when (Helsinki time).

        ``general`` is the message when nobody is known: an unnamed refusal
        still tells the worker to look again before saving.
        """
        if saved_by is None:
            return cls(general, saved_at=saved_at)
        if saved_at is None:
            message = tr("errors.stale_saved_by", name=saved_by)
        else:
            message = tr(
                "errors.stale_saved_by_at",
                name=saved_by,
                date=formats.date(saved_at),
                time=formats.time(saved_at),
            )
        return cls(message, saved_by=saved_by, saved_at=saved_at)


class IllegalTransition(DomainError):
    """A visit cannot move from its current state to the one asked for."""


class CreatedMeanwhile(DomainError):
    """Another terminal created the same record at the same moment; a retry finds it."""


class StorageBusy(DomainError):
    """Another terminal held the database for too long; trying again usually works."""


class StorageUnavailable(DomainError):
    """The database server cannot be reached; nothing was written, typed text stays."""
