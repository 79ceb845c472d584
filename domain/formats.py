"""Dates, times and figures as a worker reads them: in the interface's locale.

Every date and time of day shown on a screen (or printed by a command for a
person to read), and every figure of the reports, goes through here, so that one
screen never says ``17:18`` and the next ``17.18``: the worker's locale
(:func:`domain.i18n.current_locale`: ``fi_FI``, ``sv_FI`` or ``en_FI``) decides,
by the Unicode CLDR data that Babel carries. In Finnish that is ``6.12.2026``,
``17.18``, ``12 345`` and ``12,5 %``; English in Finland writes ``06/12/2026``,
which :func:`domain.clock.parse_date` reads back, so a worker can type a date as
it is shown.

Times are Helsinki wall-clock times, whatever the machine's time zone: Rinnalla
stores UTC and its users are in Finland (:data:`domain.clock.HELSINKI`).

Numbers may carry non-breaking spaces (U+00A0 between thousands, before ``%``):
a figure never breaks across two lines, and the terminal draws them as spaces.

Files are another matter: the CSV and JSON reports, the Markdown agenda and
minutes and the contacts card keep the one form they have always had, whatever the
language (a spreadsheet and a printed page are read outside Rinnalla), through
:func:`file_date` and :func:`file_time`. The minutes are both read on a screen and
exported: they take :class:`Dates`, so that on screen they look as every other
screen does. The CSV's figures are written by
:func:`domain.report_export.format_number`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from domain.clock import HELSINKI
from domain.i18n import current_locale

NO_FIGURE = "–"
"""What a figure that could not be counted (nothing to divide by) shows."""


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _current() -> Locale:
    return _locale(current_locale())


def _local(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise ValueError("a moment to show needs to be aware (UTC in, Helsinki out)")
    return at.astimezone(HELSINKI)


# --- dates and times --------------------------------------------------------------


def date(day: dt.date | dt.datetime) -> str:
    """The short date: ``6.12.2026`` (fi, sv), ``06/12/2026`` (en).

    A moment (an aware datetime) is shown as its Helsinki calendar day.
    """
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    return babel_dates.format_date(day, "short", locale=_current())


def day_month(day: dt.date) -> str:
    """The date without its year, for the days just ahead: ``26.11.`` (fi), ``26/11`` (en)."""
    return babel_dates.format_skeleton("Md", day, locale=_current())


def weekday(day: dt.date) -> str:
    """The weekday's short name: ``to`` (fi), ``tors`` (sv), ``Thu`` (en)."""
    return babel_dates.format_date(day, "EEE", locale=_current())


def time(at: dt.datetime | dt.time) -> str:
    """The time of day: ``17.18``, ``9.05`` in all three languages.

    A moment is shown in Helsinki time; a bare time is already a Helsinki
    wall-clock time (opening hours).
    """
    local = _local(at).time() if isinstance(at, dt.datetime) else at
    return babel_dates.format_time(local, "short", locale=_current())


def time_span(start: dt.datetime, end: dt.datetime) -> str:
    """From one time to another the same day: ``14.00–14.20``."""
    return f"{time(start)}–{time(end)}"


def date_time(at: dt.datetime) -> str:
    """Date and time of a moment: ``6.12.2026 17.18`` (fi), ``06/12/2026, 17.18`` (en)."""
    return babel_dates.format_datetime(_local(at), "short", tzinfo=HELSINKI, locale=_current())


# --- numbers -------------------------------------------------------------------------


def number(count: int) -> str:
    """A whole number, thousands apart: ``12 345``."""
    return babel_numbers.format_decimal(count, locale=_current())


def _rounded(value: float, decimals: int) -> Decimal:
    # Half up, as people round (12,25 -> 12,3), not Python's or Babel's half to even;
    # Babel then shows the rounded value as it is.
    exact = Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# The digits of a CLDR pattern: the integer part and any decimals (``#,##0.###``).
_DIGITS = re.compile(r"[#,]*0(?:\.[0#]*)?")


def _pattern(standard: str, decimals: int) -> str:
    """The locale's own number pattern (grouping, where ``%`` goes) with exactly
    ``decimals`` decimals."""
    fraction = "." + "0" * decimals if decimals > 0 else ""
    return _DIGITS.sub(lambda found: found[0].partition(".")[0] + fraction, standard, count=1)


def decimal(value: float | None, decimals: int) -> str:
    """A figure with exactly ``decimals`` decimals: ``12,5``, ``1 234,0``; none is ``–``."""
    if value is None:
        return NO_FIGURE
    locale = _current()
    standard = locale.decimal_formats[None].pattern
    return babel_numbers.format_decimal(
        _rounded(value, decimals), format=_pattern(standard, decimals), locale=locale
    )


def percent(value: float | None, decimals: int = 1) -> str:
    """A share given in percent (``12.5`` of 100): ``12,5 %``; none is ``–``."""
    if value is None:
        return NO_FIGURE
    locale = _current()
    standard = locale.percent_formats[None].pattern
    share = _rounded(value, decimals) / 100
    return babel_numbers.format_percent(share, format=_pattern(standard, decimals), locale=locale)


# --- files ---------------------------------------------------------------------------


def file_date(day: dt.date) -> str:
    """``d.m.yyyy`` in every language: the dates of exported files (CSV report,
    Markdown agenda and minutes, contacts card), as the README documents them."""
    return f"{day.day}.{day.month}.{day.year}"


def file_time(at: dt.datetime) -> str:
    """``HH:MM`` Helsinki time in every language: the times of exported files."""
    return _local(at).strftime("%H:%M")


@dataclass(frozen=True)
class Dates:
    """How a text that is both shown and written to a file (the minutes) writes
    its dates and times: :data:`ON_SCREEN` or :data:`IN_FILES`."""

    date: Callable[[dt.date], str]
    time: Callable[[dt.datetime], str]


ON_SCREEN = Dates(date=date, time=time)
"""As every screen shows them, in the worker's locale: ``9.6.2026``, ``14.00``."""

IN_FILES = Dates(date=file_date, time=file_time)
"""In the one form of exported files: ``9.6.2026``, ``14:00``."""
