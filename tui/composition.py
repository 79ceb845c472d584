"""The composition root: the one place where storage meets the screens."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import TYPE_CHECKING

from domain.clock import Clock, SystemClock
from domain.i18n import set_language, set_team_label
from tui.app import RinnallaApp

if TYPE_CHECKING:  # pydantic and the domain's models load after the first paint
    from domain.accounts import LoginSource
    from storage.errors import DatabaseUnusable
    from tui.context import AppContext, Database, DatabaseUnavailable
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
    from domain.i18n import tr
    from domain.system_text import os_reason
    from storage import errors

    match problem:
        case errors.InvalidDatabaseUrl():
            return tr("storage.database_url_invalid")
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


def database_unavailable(error: BaseException) -> DatabaseUnavailable | None:
    """The calm :class:`~tui.context.DatabaseUnavailable` for an error that is the
    database's doing (storage says which kind), ``None`` for anything else."""
    from storage.engine import database_problem
    from tui.context import DatabaseUnavailable

    problem = database_problem(error)
    return DatabaseUnavailable(database_message(problem)) if problem is not None else None


def open_database(settings: Settings, clock: Clock, *, acting_as: str | None = None) -> Database:
    """Open the database, migrate it when needed, and identify the location.

    Nobody is logged in yet: the app asks for the name and passphrase. Only
    tests give ``acting_as``, to drive the screens as a named worker.

    Storage (SQLAlchemy, Alembic) is imported here, not at the top: the app
    calls this in a worker after its first paint, so the screen appears
    before the database layer has even been loaded.
    """
    from domain.use_cases import reception
    from storage.engine import build_engine, build_session_factory, default_database_url
    from storage.migrate import is_current, upgrade
    from storage.queue_watch import SqlQueueWatch
    from storage.unit_of_work import SqlUnitOfWork
    from tui.context import Database

    engine = build_engine(settings.database_url or default_database_url())
    if not is_current(engine):
        upgrade(engine)
    session_factory = build_session_factory(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory, clock)

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
        settings = load_settings()
        try:
            return open_database(settings, real_clock, acting_as=acting_as)
        except Exception as error:
            unavailable = database_unavailable(error)
            if unavailable is None:
                raise
            raise unavailable from None

    return RinnallaApp(connect, clock=real_clock)
