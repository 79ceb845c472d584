"""The composition root: the one place where storage meets the screens."""

from __future__ import annotations

import getpass

from domain import reception
from domain.clock import Clock, SystemClock
from domain.i18n import set_language
from storage.engine import build_engine, build_session_factory, default_database_url
from storage.migrate import is_current, upgrade
from storage.unit_of_work import SqlUnitOfWork
from tui.app import RinnallaApp
from tui.services import Services
from tui.settings import Settings


def acting_staff_name(settings: Settings) -> str:
    """``--as NAME`` / ``RINNALLA_STAFF``, else the operating-system user."""
    return settings.staff or getpass.getuser()


def connect(settings: Settings, clock: Clock) -> Services:
    """Open the database, migrate it when needed, and identify worker and location."""
    engine = build_engine(settings.database_url or default_database_url())
    if not is_current(engine):
        upgrade(engine)
    session_factory = build_session_factory(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory, clock)

    actor = reception.identify_staff(uow(), acting_staff_name(settings))
    location = reception.identify_location(
        uow(), settings.location, settings.location_name or settings.location
    )
    return Services(
        uow=uow,
        clock=clock,
        actor=actor,
        location=location,
        deadlines=settings.deadline_rules(),
        organisation=settings.organisation,
    )


def make_app(settings: Settings, *, clock: Clock | None = None) -> RinnallaApp:
    """The app, wired to the configured database; the database opens after mount."""
    set_language(settings.lang)
    real_clock = clock or SystemClock()
    return RinnallaApp(lambda: connect(settings, real_clock), clock=real_clock)
