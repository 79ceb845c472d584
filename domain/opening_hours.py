"""Walk-in opening hours per location and weekday (e.g. Tue 12–15).

A visit outside the hours is allowed (R1: nobody is turned away) and is
counted as such for the indicators (R11: visits per opening hour). The hours
are typed the way a Finnish notice board writes them, ``ti 12–15, to 9–11.30``,
so that the person who knows the hours can set them without a form; the same
text comes back when they are shown, so what was typed can be checked at a
glance. Everything here is Helsinki wall-clock time; public holidays close the
walk-in even on its usual weekday.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from domain import formats
from domain.clock import HELSINKI
from domain.deadlines import is_public_holiday
from domain.errors import InvalidInput
from domain.i18n import N_, current_language, tr
from domain.moti import Team
from domain.staff import Location

WEEKDAYS_FI: tuple[str, ...] = ("ma", "ti", "ke", "to", "pe", "la", "su")
WEEKDAYS_SV: tuple[str, ...] = ("må", "ti", "on", "to", "fr", "lö", "sö")
WEEKDAYS_EN: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAYS_SHOWN: dict[str, tuple[str, ...]] = {"fi": WEEKDAYS_FI, "sv": WEEKDAYS_SV}
"""The weekday abbreviations each language shows; English's for any other."""

_DAY_NAMES: dict[str, int] = {
    **{name: day for day, name in enumerate(WEEKDAYS_FI)},
    **{name: day for day, name in enumerate(WEEKDAYS_SV)},
    **{name.lower(): day for day, name in enumerate(WEEKDAYS_EN)},
    **{
        name: day
        for day, name in enumerate(
            (
                "maanantai",
                "tiistai",
                "keskiviikko",
                "torstai",
                "perjantai",
                "lauantai",
                "sunnuntai",
            )
        )
    },
    **{
        name: day
        for day, name in enumerate(
            ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
        )
    },
    **{name: day for day, name in enumerate(("mån", "tis", "ons", "tors", "fre", "lör", "sön"))},
    **{
        name: day
        for day, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
"""Weekday words accepted when typing, Finnish, Swedish or English, lower-case; Monday is 0.

The Finnish and Swedish abbreviations that are the same word (``ti``, ``to``) are the
same day, so a week typed in either language reads the same."""

_TIME = r"\d{1,2}(?:[:.]\d{1,2})?"
_DASH = r"\s*[-–—]\s*"
_PERIOD = re.compile(rf"({_TIME}){_DASH}({_TIME})")
_PERIODS = re.compile(rf"{_PERIOD.pattern}(?:\s+(?:(?:ja|och|and|&)\s+)?{_PERIOD.pattern})*")
_DAY_WORD = r"[^\W\d_]+\.?"
_DAYS = re.compile(rf"({_DAY_WORD})(?:{_DASH}({_DAY_WORD}))?")
_LEAD_WORDS = re.compile(r"^(?:klo|kello|kl\.?|klockan|at)\s+")
_STATUS_HORIZON_DAYS = 60
"""How far ahead the next opening is looked for; beyond the longest holiday run."""


class OpeningHours(BaseModel):
    """One opening period: ``weekday`` 0 = Monday; ``opens`` < ``closes``, local time."""

    model_config = ConfigDict(frozen=True)

    location_id: int
    weekday: int
    opens: dt.time
    closes: dt.time


class WalkInStatus(BaseModel):
    """Whether walk-in is open at a moment, and until when or from when.

    ``configured`` is false when the location has no hours at all: that is
    said differently from "closed", so that nobody thinks the desk is shut
    when the hours were simply never entered.
    """

    model_config = ConfigDict(frozen=True)

    open: bool
    until: dt.time | None = None
    """Closing time of the stretch that is open now."""
    next_opens: tuple[dt.date, dt.time] | None = None
    """When a closed walk-in opens next (local date and time)."""
    configured: bool = True
    day: dt.date | None = None
    """The local date asked about, so that an opening later today says "today"."""


# --- typing and showing the week -----------------------------------------------------


def parse_week(text: str, location_id: int) -> list[OpeningHours]:
    """The week typed as ``ti 12-15, to 9-11:30``; empty text is no hours at all.

    Parts are separated by commas (or semicolons). A part starts with a
    weekday (``ti``, ``tiistai``, ``Tue``) or a range of them (``ma–pe``)
    followed by one or more periods; a part with periods only continues the
    previous part's days (``ti 9–11, 12–15``). Times are ``12``, ``12:00`` or
    ``9.30``. Raises :class:`InvalidInput` at the field ``hours`` with what is
    wrong and an example.
    """
    periods: list[OpeningHours] = []
    days: list[int] | None = None
    for raw in re.split(r"[,;]", text):
        part = " ".join(raw.split())
        if not part:
            continue
        lowered = _LEAD_WORDS.sub("", part.lower())
        days_match = _DAYS.match(lowered)
        rest = lowered
        if days_match is not None:
            days = _days_of(days_match)
            rest = _LEAD_WORDS.sub("", lowered[days_match.end() :].strip())
        if days is None:
            raise _invalid(N_("hours.no_day"), part=part)
        if not _PERIODS.fullmatch(rest):
            raise _invalid(N_("hours.bad_period"), part=part)
        for found in _PERIOD.finditer(rest):
            opens, closes = _time_of(found.group(1)), _time_of(found.group(2))
            for weekday in days:
                if opens >= closes:
                    raise InvalidInput(
                        {
                            "hours": tr(
                                "hours.order",
                                day=_day_name(weekday),
                                period=_period_text(opens, closes),
                            )
                        }
                    )
                periods.append(
                    OpeningHours(
                        location_id=location_id, weekday=weekday, opens=opens, closes=closes
                    )
                )
    ordered = sorted(periods, key=lambda p: (p.weekday, p.opens, p.closes))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.weekday == after.weekday and after.opens < before.closes:
            raise InvalidInput(
                {
                    "hours": tr(
                        "hours.overlap",
                        day=_day_name(before.weekday),
                        first=_period_text(before.opens, before.closes),
                        second=_period_text(after.opens, after.closes),
                    )
                }
            )
    return ordered


def format_week(hours: Iterable[OpeningHours]) -> str:
    """The week as :func:`parse_week` reads it back: ``ti 12–15, to 9–11.30``.

    Each day is named once; a second period on the same day follows without
    the day (``ti 9–11, 12–15``). No hours give an empty text.
    """
    parts: list[str] = []
    previous: int | None = None
    for period in sorted(hours, key=lambda p: (p.weekday, p.opens, p.closes)):
        text = _period_text(period.opens, period.closes)
        parts.append(text if period.weekday == previous else f"{_day_name(period.weekday)} {text}")
        previous = period.weekday
    return ", ".join(parts)


def _days_of(found: re.Match[str]) -> list[int]:
    first = _weekday_of(found.group(1))
    if found.group(2) is None:
        return [first]
    last = _weekday_of(found.group(2))
    return [(first + step) % 7 for step in range((last - first) % 7 + 1)]


def _weekday_of(word: str) -> int:
    weekday = _DAY_NAMES.get(word.rstrip("."))
    if weekday is None:
        raise _invalid(N_("hours.bad_day"), day=word)
    return weekday


def _time_of(text: str) -> dt.time:
    hour_text, _, minute_text = text.replace(":", ".").partition(".")
    hour, minute = int(hour_text), int(minute_text or 0)
    if hour > 23 or minute > 59 or (minute_text and len(minute_text) != 2):
        raise InvalidInput({"hours": tr("hours.bad_time", time=text)})
    return dt.time(hour, minute)


def _invalid(key: str, **params: str) -> InvalidInput:
    return InvalidInput({"hours": tr(key, example=tr("hours.example"), **params)})


def _day_name(weekday: int) -> str:
    """A weekday as ``hours --set`` accepts it in the worker's language: for the week
    as configured and for messages about a typed week, which are typed back."""
    return _WEEKDAYS_SHOWN.get(current_language(), WEEKDAYS_EN)[weekday]


def _clock_text(at: dt.time) -> str:
    """``9`` or ``9.30``: the notice-board way, no leading zero, minutes only when any."""
    return f"{at.hour}" if at.minute == 0 else f"{at.hour}.{at.minute:02d}"


def _period_text(opens: dt.time, closes: dt.time) -> str:
    return f"{_clock_text(opens)}–{_clock_text(closes)}"


# --- open or closed ------------------------------------------------------------------


def walk_in_status(hours: Sequence[OpeningHours], at: dt.datetime) -> WalkInStatus:
    """Open or closed at the aware moment ``at``, in Helsinki time.

    Periods that touch (9–11 and 11–12) are one stretch, so the status says
    "until 12", not "until 11". A public holiday is closed all day.
    """
    if at.tzinfo is None:
        raise ValueError("walk_in_status needs an aware datetime")
    local = at.astimezone(HELSINKI)
    day, now = local.date(), local.time().replace(tzinfo=None)
    if not hours:
        return WalkInStatus(open=False, configured=False, day=day)
    if not is_public_holiday(day):
        for opens, closes in open_stretches(hours, day.weekday()):
            if opens <= now < closes:
                return WalkInStatus(open=True, until=closes, day=day)
            if now < opens:
                return WalkInStatus(open=False, next_opens=(day, opens), day=day)
    for ahead in range(1, _STATUS_HORIZON_DAYS + 1):
        later = day + dt.timedelta(days=ahead)
        stretches = open_stretches(hours, later.weekday())
        if stretches and not is_public_holiday(later):
            return WalkInStatus(open=False, next_opens=(later, stretches[0][0]), day=day)
    return WalkInStatus(open=False, day=day)


def is_within_hours(hours: Sequence[OpeningHours], at: dt.datetime) -> bool:
    """Whether walk-in is open at ``at``; no hours at all is never "within"."""
    return walk_in_status(hours, at).open


def status_text(status: WalkInStatus) -> str:
    """One calm line for the queue heading, its day and time in the worker's locale
    (``avautuu to 26.11. klo 9.00``); the week itself is written as it is typed
    (:func:`format_week`)."""
    if not status.configured:
        return tr("hours.not_set")
    if status.open and status.until is not None:
        return tr("hours.open_until", time=formats.time(status.until))
    if status.next_opens is None:
        return tr("hours.closed")
    day, opens = status.next_opens
    if day == status.day:
        return tr("hours.closed_opens_today", time=formats.time(opens))
    return tr(
        "hours.closed_opens",
        day=formats.weekday(day),
        date=formats.day_month(day),
        time=formats.time(opens),
    )


def opening_hours_between(
    hours: Sequence[OpeningHours], first_day: dt.date, last_day: dt.date
) -> float:
    """Total opening hours over the local dates ``first_day``..``last_day`` inclusive.

    Public holidays are skipped. A period is measured in real elapsed time,
    so on the night clocks change a period across the change is an hour
    shorter or longer, as the staff on duty would feel it.
    """
    by_weekday: dict[int, list[OpeningHours]] = {}
    for period in hours:
        by_weekday.setdefault(period.weekday, []).append(period)
    seconds = 0.0
    day = first_day
    while day <= last_day:
        periods = by_weekday.get(day.weekday())
        if periods and not is_public_holiday(day):
            for period in periods:
                opens = dt.datetime.combine(day, period.opens, tzinfo=HELSINKI)
                closes = dt.datetime.combine(day, period.closes, tzinfo=HELSINKI)
                seconds += (closes.astimezone(dt.UTC) - opens.astimezone(dt.UTC)).total_seconds()
        day += dt.timedelta(days=1)
    return seconds / 3600


def open_stretches(hours: Iterable[OpeningHours], weekday: int) -> list[tuple[dt.time, dt.time]]:
    """The weekday's opening stretches in order: touching or overlapping periods joined,
    so that 9–11 and 11–12 read as one stretch 9–12."""
    joined: list[tuple[dt.time, dt.time]] = []
    for period in sorted((p for p in hours if p.weekday == weekday), key=lambda p: p.opens):
        if joined and period.opens <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], period.closes))
        else:
            joined.append((period.opens, period.closes))
    return joined


# --- use cases -----------------------------------------------------------------------


class LocationSetup(BaseModel):
    """A location with its walk-in hours and the MOTI team whose area it is in."""

    model_config = ConfigDict(frozen=True)

    location: Location
    hours: list[OpeningHours]
    team: Team | None = None
