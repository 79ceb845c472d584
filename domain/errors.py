"""Errors the domain raises, each with a message a receptionist understands.

The message is already translated (see :mod:`domain.i18n`) and never contains
personal data, so it may be shown, logged or put in a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping


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
    """Someone else saved the record after it was read; nothing was written."""


class IllegalTransition(DomainError):
    """A visit cannot move from its current state to the one asked for."""


class StorageBusy(DomainError):
    """Another terminal held the database for too long; trying again usually works."""
