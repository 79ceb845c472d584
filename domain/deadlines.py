"""Statutory deadlines in working days (R9).

A service need assessment must start at the latest on the 7th working day
after the matter became pending for people over 75 and those on the highest
care allowance (SHL 36 §). Working days exclude Saturdays, Sundays and Finnish
public holidays; the holidays come from the ``holidays`` package rather than a
hand-kept list, because Easter and Midsummer move every year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=64)
def _finnish_holidays(year: int) -> frozenset[dt.date]:
    # Imported on first use: the package's calendars cost tens of milliseconds,
    # which the reception screen's first paint need not wait for.
    import holidays

    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a Finnish public holiday (Midsummer and Christmas Eve
    included, as the ``holidays`` package lists them)."""
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def is_public_holiday(day: dt.date) -> bool:
    """A Finnish public holiday (Midsummer Eve and Christmas Eve included): walk-in is
    closed then even on its usual weekday."""
    return day in _finnish_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start``; the start day itself is not counted."""
    if days < 0:
        raise ValueError("days must be zero or more")
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
