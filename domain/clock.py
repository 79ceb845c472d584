"""Time, injected.

Everything is stored in UTC and shown in Helsinki time, written for the screen
by :mod:`domain.formats`. Use cases and screens take a :class:`Clock` instead of
calling ``datetime.now`` so that tests and snapshots are deterministic.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

from domain.i18n import tr

HELSINKI = ZoneInfo("Europe/Helsinki")


class Clock(Protocol):
    """Source of the current time (aware, UTC)."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that stands still until moved; for tests and snapshots."""

    def __init__(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += dt.timedelta(**delta)


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where the Helsinki calendar day ``day`` starts and ends."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=HELSINKI)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=HELSINKI)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def local_today(clock: Clock) -> dt.date:
    """Today's date in Helsinki."""
    return clock.now().astimezone(HELSINKI).date()


def parse_date(text: str) -> dt.date | None:
    """A typed date; empty text is no date.

    Both forms a worker sees are read, in any language: the Finnish and Swedish
    ``d.m.yyyy`` (``6.12.2026``) and the English ``dd/mm/yyyy`` (``06/12/2026``,
    as :func:`domain.formats.date` shows it in English), day first either way.
    The year has all four digits, so ``1.2.26`` is never guessed at.

    Raises ``ValueError`` with a message for the field when the text is not a
    date, so forms can show it where it was typed.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    separator = "/" if "/" in cleaned else "."
    parts = cleaned.split(separator)
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
        raise ValueError(tr("date.format"))
    day, month, year = (int(part) for part in parts)
    if len(parts[2]) != 4:
        raise ValueError(tr("date.format"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(tr("date.impossible")) from None
