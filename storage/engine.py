"""Building the engine, at start-up and never at import."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import (
    DatabaseFileUnusable,
    DatabaseRefused,
    DatabaseUnreachable,
    DatabaseUnusable,
    DriverMissing,
    InvalidDatabaseUrl,
    NotAFile,
    NotRinnallaDatabase,
)


def database_problem(error: BaseException) -> DatabaseUnusable | None:
    """Which :class:`DatabaseUnusable` a database error raised while working is,
    ``None`` for anything that is not the database's doing."""
    if isinstance(error, DatabaseUnusable):
        return error
    orig = getattr(error, "orig", None)
    from_sqlite = type(orig).__module__.startswith("sqlite3")
    if from_sqlite and "not a database" in str(orig):
        return NotRinnallaDatabase()
    if from_sqlite and isinstance(error, OperationalError):
        # SQLite's own reason ("unable to open database file", "attempt to write a
        # readonly database") names no values: SQL parameters are not part of it.
        return DatabaseFileUnusable(str(orig).splitlines()[0] if str(orig) else type(orig).__name__)
    if isinstance(error, OperationalError | InterfaceError):
        return DatabaseUnreachable()
    if isinstance(error, DatabaseError):
        return DatabaseRefused(type(error).__name__)
    return None


def default_database_url() -> str:
    """The embedded default: an SQLite file in the user's data directory."""
    directory = Path(platformdirs.user_data_dir("rinnalla", appauthor=False))
    return f"sqlite:///{directory / 'rinnalla.db'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the queue be read while another terminal writes; foreign keys are
    # off by default in SQLite; a short busy wait beats an immediate "locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def sqlite_file_path(database: str | None) -> Path | None:
    """The file behind an SQLite URL's database part; ``None`` for in-memory ones.

    Accepts plain paths and SQLite ``file:`` URIs (``?uri=true`` URLs).
    """
    if not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        parts = urlsplit(database)
        if parse_qs(parts.query).get("mode") == ["memory"] or not parts.path:
            return None
        return Path(unquote(parts.path)).expanduser()
    return Path(database).expanduser()


def _make_private_database_file(path: Path) -> None:
    """Create the database file (and narrow an existing one) to mode 0600 before SQLite opens it.

    SQLite creates a new file with the process umask (usually 0644), and its
    unix VFS gives the -wal and -shm files the database file's own mode. So a
    database file that is 0600 before the first connection keeps all three
    readable by the owner only. A folder Rinnalla creates for it is 0700. An
    empty file is a valid, empty SQLite database.

    Leftover -wal/-shm files from an older run are narrowed too. A file owned by
    another account cannot be narrowed (``chmod`` is refused); it is used as it
    is, since its owner's own runs narrow it.

    Only an SQLite database (or an empty file) is narrowed: a URL naming some
    other file (``sqlite:////etc/passwd``, run as root) must not change that
    file's mode before SQLite refuses it. Something that is not a regular file
    at all (a device, a pipe) is refused before it is opened.
    """
    if path.exists() and not path.is_file():
        raise NotAFile
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        header = os.read(descriptor, len(_SQLITE_HEADER))
    finally:
        os.close(descriptor)
    if header not in (b"", _SQLITE_HEADER):
        return  # not a database: SQLite says so, and the file keeps its mode
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.is_file() and (file.stat().st_mode & 0o777) != 0o600:
                file.chmod(0o600)
        except PermissionError:
            pass


_SQLITE_HEADER = b"SQLite format 3\x00"
"""The first bytes of every SQLite database file."""


def build_engine(url: str) -> Engine:
    """An engine for ``url``; an SQLite file and its folder are created private.

    See :func:`_make_private_database_file`: the file exists with mode 0600
    before the first connection, so SQLite's -wal and -shm files are 0600 too.

    Raises :class:`DatabaseUnusable` for a URL that cannot be parsed, names an
    unknown kind of database or a driver that is not installed, or an SQLite
    file that cannot be created; nothing is connected to yet.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise InvalidDatabaseUrl from None
    try:
        if parsed.get_backend_name() == "sqlite":
            path = sqlite_file_path(parsed.database)
            if path is not None:
                _make_private_database_file(path)
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except OSError as error:
        raise DatabaseFileUnusable(error) from None
    except (ArgumentError, ImportError):  # NoSuchModuleError is an ArgumentError
        raise DriverMissing from None
    except (TypeError, ValueError):  # a query argument the driver does not take
        raise InvalidDatabaseUrl from None


def build_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: converters read rows after commit without a reload.
    return sessionmaker(engine, expire_on_commit=False)
