"""Tells a terminal, within a second or two, that another terminal changed its queue.

The queue's state is a cheap fingerprint of today's visits at one location:
how many there are, the sum of their version counters, the newest id and how
many have an interview draft. A registration adds a row, calling, finishing or
a "left" bumps a version, and an interview's first save makes a draft (the
state column's "Luonnos"), so every change anyone can see in the queue changes
the fingerprint; the draft's later saves, one per pause in typing, do not. It
is one query on the ``(location_id, arrived_at)`` index over a day's visits.

SQLite has no way to push a change to another process, so the watch asks for
the fingerprint twice a second. PostgreSQL pushes: every visit write sends
``NOTIFY rinnalla_queue`` in its transaction (:func:`notify_queue_changed`),
delivered when it commits, and the watch sleeps in ``LISTEN`` until then. It
still compares fingerprints, so a notification lost while reconnecting only
delays the update to the next timeout.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from domain.errors import StorageUnavailable
from storage.orm import IntakeDraftRow, VisitRow

if TYPE_CHECKING:
    import psycopg

CHANNEL = "rinnalla_queue"
POLL_SECONDS = 0.5
"""How often SQLite is asked; the issue's bound is two seconds from save to screen."""

QueueState = tuple[int, int, int, int]


def notify_queue_changed(session: Session, location_id: int) -> None:
    """Inside the writing transaction: wake the other terminals when it commits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": str(location_id)},
        )


class SqlQueueWatch:
    """Blocks a worker thread until a location's queue changes; one per terminal."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._listener: psycopg.Connection[tuple[object, ...]] | None = None

    def _state(self, location_id: int, since: dt.datetime) -> QueueState:
        try:
            with self._engine.connect() as connection:
                today = (VisitRow.location_id == location_id, VisitRow.arrived_at >= since)
                drafts = (
                    select(func.count(IntakeDraftRow.id))
                    .join(VisitRow, VisitRow.id == IntakeDraftRow.visit_id)
                    .where(*today)
                    .scalar_subquery()
                )
                row = connection.execute(
                    select(
                        func.count(VisitRow.id),
                        func.coalesce(func.sum(VisitRow.version), 0),
                        func.coalesce(func.max(VisitRow.id), 0),
                        drafts,
                    ).where(*today)
                ).one()
        except DBAPIError as error:
            raise StorageUnavailable from error
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def wait(
        self, location_id: int, since: dt.datetime, seen: QueueState | None, timeout: float
    ) -> QueueState:
        """The queue's state as soon as it differs from ``seen``, or after ``timeout`` s.

        Raises :class:`StorageUnavailable` while the database cannot be reached;
        the caller says so on screen and calls again, which reconnects.
        """
        deadline = time.monotonic() + timeout
        postgres = self._engine.dialect.name == "postgresql"
        if postgres:
            self._listen()
        while True:
            state = self._state(location_id, since)
            left = deadline - time.monotonic()
            if state != seen or left <= 0:
                return state
            if postgres:
                self._sleep_until_notified(left)
            else:
                time.sleep(min(POLL_SECONDS, left))

    def _listen(self) -> None:
        if self._listener is not None and not self._listener.closed:
            return
        import psycopg

        url = self._engine.url.set(drivername="postgresql")
        try:
            listener = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
            listener.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            raise StorageUnavailable from error
        self._listener = listener

    def _sleep_until_notified(self, seconds: float) -> None:
        import psycopg

        assert self._listener is not None
        try:
            for _ in self._listener.notifies(timeout=seconds, stop_after=1):
                pass
        except psycopg.Error as error:
            self.close()
            raise StorageUnavailable from error

    def close(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            finally:
                self._listener = None
