"""What storage itself can fail at, by kind: each error says which kind, never in words.

A refusal the user caused or can act on in a screen (a record gone, saved by
someone else first, the database busy) is a domain error
(:mod:`domain.errors`), whose words the domain chooses. What is left is
storage's own: a database that cannot be opened or used at all, and misuse of
the unit of work by the code. The words for the first are the composition
root's (``tui.composition.database_message``), from the catalogue; none of
these errors carries a sentence, and none repeats the database URL, which may
carry a password, nor the driver's message, which may quote SQL parameters
(client data).
"""

from __future__ import annotations


class StorageError(Exception):
    """A failure of storage itself, not of a use case's rules."""


class DatabaseUnusable(StorageError):
    """The configured database cannot be opened or used; the subclass says why."""


class InvalidDatabaseUrl(DatabaseUnusable):
    """The database URL cannot be parsed, or names an option the driver does not take."""


class DriverMissing(DatabaseUnusable):
    """The URL names a kind of database whose driver is not installed."""


class PostgresDriverMissing(DriverMissing):
    """The URL names PostgreSQL through psycopg, which is an extra
    (``rinnalla[postgres]``) that this installation does not have."""


class NotAFile(DatabaseUnusable):
    """An SQLite URL names something that is not a regular file (a device, a pipe)."""


class DatabaseFileUnusable(DatabaseUnusable):
    """The SQLite file cannot be created, opened or written.

    ``reason`` is the operating system's error, or the first line of SQLite's
    own (which names no values), for the words to say what to check.
    """

    def __init__(self, reason: OSError | str) -> None:
        super().__init__(type(reason).__name__ if isinstance(reason, OSError) else reason)
        self.reason = reason


class NotRinnallaDatabase(DatabaseUnusable):
    """The file is not an SQLite database at all."""


class DatabaseUnreachable(DatabaseUnusable):
    """The database server did not answer, or refused the connection."""


class DatabaseRefused(DatabaseUnusable):
    """The database refused a statement; ``kind`` is the driver's error class name."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class SchemaTooNew(DatabaseUnusable):
    """The database is at revisions no migration script here knows: made by a
    newer Rinnalla, or not by Rinnalla. ``revisions`` are as stored, made printable."""

    def __init__(self, revisions: tuple[str, ...]) -> None:
        super().__init__(", ".join(revisions))
        self.revisions = revisions


class UnitOfWorkMisused(StorageError):
    """The code opened a unit of work twice, or used one outside its ``with`` block."""


class AuditWithoutCheck(StorageError):
    """An access was logged that no role check permitted: the use case skipped its check.

    Refused rather than written, so a forgotten check fails loudly in the tests
    instead of leaving a log line that looks permitted.
    """


class DemoInterrupted(StorageError):
    """Another writer added clients while the demo data was being written; the
    demo's one transaction is rolled back, so nothing of it is kept."""


class DemoCodesExhausted(StorageError):
    """No unused temporary identity code is left for another demo client."""
