"""The composition root: the one place where storage meets the screens and the command line."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.clock import Clock, SystemClock
from domain.i18n import set_language, set_team_label, tr
from tui.app import RinnallaApp

if TYPE_CHECKING:  # pydantic and the domain's models load after the first paint
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from domain.accounts import LoginSource
    from domain.audit import Anchor, ChainCheck
    from domain.ports import UnitOfWork
    from domain.staff import StaffRole
    from storage.demo import DemoSummary
    from storage.errors import DatabaseUnusable
    from tui.context import AppContext, Database
    from tui.settings import Settings


def acting_staff_name(settings: Settings) -> str:
    """``--as NAME`` / ``RINNALLA_STAFF``, else the operating-system user."""
    return settings.staff or getpass.getuser()


def login_source() -> LoginSource:
    """This terminal as the login counts it: the operating-system user and the host."""
    import os
    import socket

    from domain.accounts import LoginSource

    try:
        # The account the process runs as, not $USER: an environment variable would
        # give a guesser a fresh count with each made-up value.
        import pwd

        user = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):  # Windows, or a user missing from passwd
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "?"
    return LoginSource.terminal(user, socket.gethostname())


def database_message(problem: DatabaseUnusable) -> str:
    """What to check, in the user's language, for the kind of problem storage names."""
    from domain.system_text import os_reason
    from storage import errors

    match problem:
        case errors.InvalidDatabaseUrl():
            return tr("storage.database_url_invalid")
        case errors.PostgresDriverMissing():
            return tr("database.postgres_extra_missing")
        case errors.DriverMissing():
            return tr("storage.database_driver_missing")
        case errors.NotAFile():
            return tr("storage.database_not_a_file")
        case errors.DatabaseFileUnusable(reason=OSError() as error):
            return tr("storage.database_file_unusable", reason=os_reason(error))
        case errors.DatabaseFileUnusable(reason=str() as reason):
            return tr("storage.database_file_unusable", reason=reason)
        case errors.NotRinnallaDatabase():
            return tr("storage.database_not_rinnalla")
        case errors.SchemaTooNew(revisions=revisions):
            return tr("storage.database_unknown_revision", revision=", ".join(revisions))
        case errors.DatabaseRefused(kind=kind):
            return tr("storage.database_failed", kind=kind)
        case _:  # DatabaseUnreachable: the URL and the server are what to check
            return tr("storage.database_unreachable")


def open_database(settings: Settings, clock: Clock, *, acting_as: str | None = None) -> Database:
    """Open the database, migrate it when needed, and identify the location.

    Nobody is logged in yet: the app asks for the name and passphrase. Only
    tests give ``acting_as``, to drive the screens as a named worker.

    Storage (SQLAlchemy, Alembic) is imported here, not at the top: the app
    calls this in a worker after its first paint, so the screen appears
    before the database layer has even been loaded.
    """
    from domain.use_cases import reception
    from storage.queue_watch import SqlQueueWatch
    from tui.context import Database

    engine = _migrated_engine(settings)
    uow = _units_of_work(engine, clock)
    location = reception.identify_location(
        uow(), settings.location, settings.location_name or settings.location
    )
    return Database(
        uow=uow,
        clock=clock,
        location=location,
        deadlines=settings.deadline_rules(),
        organisation=settings.organisation,
        idle_lock_minutes=settings.idle_lock_minutes,
        acting_as=acting_as,
        queue_watch=lambda: SqlQueueWatch(engine),
        login_source=login_source(),
        referrals=settings.referral_rules(),
    )


def connect(settings: Settings, clock: Clock) -> AppContext:
    """The database, acting as ``--as NAME`` / the operating-system user.

    For the command-line subcommands and tests; the screens log in instead.
    """
    from domain.use_cases import reception

    database = open_database(settings, clock)
    actor = reception.identify_staff(database.uow(), acting_staff_name(settings))
    return database.as_actor(actor)


def make_app(
    settings: Settings, *, clock: Clock | None = None, acting_as: str | None = None
) -> RinnallaApp:
    """The app, wired to the configured database; the database opens after mount.

    ``acting_as`` skips the login as that worker: for tests only, never offered
    on the command line.
    """
    set_language(settings.lang)
    set_team_label(settings.team_label)
    return start_app(lambda: settings, clock=clock, acting_as=acting_as)


def start_app(
    load_settings: Callable[[], Settings],
    *,
    clock: Clock | None = None,
    acting_as: str | None = None,
) -> RinnallaApp:
    """The app as ``rinnalla`` starts it: the settings are read in the worker.

    The language is set already (:mod:`tui.config_file`). Reading the rest of
    the settings, and importing pydantic to do it, waits until the reception
    screen has been painted; a setting that cannot be used closes the app with
    a message that says which and where to correct it. ``acting_as`` is for
    the benchmarks, as in :func:`make_app`.
    """
    real_clock = clock or SystemClock()

    def connect() -> Database:
        from tui.context import DatabaseUnavailable

        settings = load_settings()
        try:
            return open_database(settings, real_clock, acting_as=acting_as)
        except Exception as error:
            problem = database_problem(error)
            if problem is None:
                raise
            raise DatabaseUnavailable(problem) from None

    return RinnallaApp(connect, clock=real_clock)


def database_problem(error: BaseException) -> str | None:
    """The calm line that says what to check, for an error the database caused
    (storage says which kind, :func:`database_message` words it); ``None`` for
    anything else (never the URL, nor the driver's own words)."""
    from storage.engine import database_problem as storage_problem

    problem = storage_problem(error)
    return None if problem is None else database_message(problem)


def _engine(settings: Settings) -> Engine:
    """The configured database's engine, nothing connected or migrated yet.

    psycopg is an extra (``rinnalla[postgres]``): a desk on the SQLite file does
    not need it. A PostgreSQL URL without it is told what to install, instead of
    the general "unknown kind or driver" that fits a mistyped URL.
    """
    import importlib.util

    from storage.engine import build_engine, default_database_url
    from storage.errors import PostgresDriverMissing

    url = settings.database_url or default_database_url()
    if url.startswith(("postgresql+psycopg:", "postgresql+psycopg_async:")):
        if importlib.util.find_spec("psycopg") is None:
            raise PostgresDriverMissing
    return build_engine(url)


def _migrated_engine(settings: Settings) -> Engine:
    from storage.migrate import is_current, upgrade

    engine = _engine(settings)
    if not is_current(engine):
        upgrade(engine)
    return engine


def _units_of_work(engine: Engine, clock: Clock) -> Callable[[], UnitOfWork]:
    from storage.engine import build_session_factory
    from storage.unit_of_work import SqlUnitOfWork

    session_factory = build_session_factory(engine)

    def uow() -> UnitOfWork:
        return SqlUnitOfWork(session_factory, clock)

    return uow


def upgrade_database(settings: Settings) -> None:
    """``rinnalla db upgrade``: create or migrate the schema, whatever revision it is at."""
    from storage.migrate import upgrade

    engine = _engine(settings)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def prepare_database(settings: Settings) -> None:
    """The configured database opened and brought up to date, then let go: for
    ``rinnalla serve``, before its app processes open it each."""
    _migrated_engine(settings).dispose()


def open_storage(settings: Settings, clock: Clock) -> Callable[[], UnitOfWork]:
    """Units of work on the migrated database, with nobody identified and no location
    registered: for a reading that is no client's data (the walk-in hours)."""
    return _units_of_work(_migrated_engine(settings), clock)


def verify_access_log(settings: Settings, anchors: Sequence[Anchor]) -> ChainCheck | None:
    """Check the access log's chain against ``anchors``; ``None`` when the schema is
    not the newest.

    Nothing is migrated nor written: the check must not change what it checks.
    """
    from storage.audit_log import verify_chain
    from storage.engine import build_session_factory
    from storage.migrate import is_current

    engine = _engine(settings)
    try:
        if not is_current(engine):
            return None
        with build_session_factory(engine)() as session:
            return verify_chain(session, anchors)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class DemoDatabase:
    """The migrated database that ``rinnalla demo`` fills, as whoever holds it.

    Demo data is set-up, like ``db upgrade``: written directly, not as a worker.
    """

    session_factory: sessionmaker[Session]
    clock: Clock

    def clients_held(self) -> int:
        from storage.demo import clients_held

        return clients_held(self.session_factory)

    def fill(
        self,
        *,
        seed: int,
        location_code: str,
        location_name: str,
        clients: int,
        days: int,
        progress: Callable[[int, int], None],
    ) -> DemoSummary:
        """Add the example clients, their history and today's queue (``seed``: the same
        data again)."""
        import random

        from storage.demo import fill_demo

        return fill_demo(
            self.session_factory,
            clock=self.clock,
            rng=random.Random(seed),
            location_code=location_code,
            location_name=location_name,
            clients=clients,
            days=days,
            progress=progress,
        )

    def ensure_accounts(self) -> list[tuple[str, StaffRole, str]]:
        """The demo workers' accounts made now, with their passphrases."""
        from storage.demo import ensure_demo_accounts

        return ensure_demo_accounts(self.session_factory, clock=self.clock)


@contextmanager
def demo_database(settings: Settings, clock: Clock) -> Iterator[DemoDatabase]:
    """The configured database, migrated, for the demo data; closed afterwards."""
    from storage.engine import build_session_factory
    from storage.migrate import upgrade

    engine = _engine(settings)
    try:
        upgrade(engine)
        yield DemoDatabase(build_session_factory(engine), clock)
    finally:
        engine.dispose()
