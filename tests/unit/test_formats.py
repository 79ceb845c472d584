"""Dates, times and figures on screen follow the worker's locale; files keep their form.

The expected texts are what a worker reads, written out, so that a change in
Babel's locale data that would change the screens shows here first.
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain import formats
from domain.clock import parse_date
from domain.i18n import LANGUAGES, set_language
from domain.indicators import INDICATORS, Figure, Report, Table
from domain.report_export import report_csv, report_json
from domain.reports import Period

NBSP = "\xa0"
DAY = dt.date(2026, 12, 6)
# 15.18 UTC is 17.18 in Helsinki in December (UTC+2).
WINTER = dt.datetime(2026, 12, 6, 15, 18, tzinfo=dt.UTC)
# 6.05 UTC is 9.05 in Helsinki in June (UTC+3).
SUMMER = dt.datetime(2026, 6, 9, 6, 5, tzinfo=dt.UTC)

SHOWN = {
    # language: date, time, date and time, 12345, 12.5 %
    "fi": ("6.12.2026", "17.18", "6.12.2026 17.18", f"12{NBSP}345", f"12,5{NBSP}%"),
    "sv": ("6.12.2026", "17.18", "6.12.2026 17.18", f"12{NBSP}345", f"12,5{NBSP}%"),
    "en": ("06/12/2026", "17.18", "06/12/2026, 17.18", f"12{NBSP}345", f"12,5{NBSP}%"),
}


@pytest.mark.parametrize("language", sorted(SHOWN))
def test_each_language_reads_as_its_locale_writes(language: str) -> None:
    set_language(language)
    date, time, date_time, number, percent = SHOWN[language]
    assert formats.date(DAY) == date
    assert formats.time(WINTER) == time
    assert formats.date_time(WINTER) == date_time
    assert formats.number(12345) == number
    assert formats.percent(12.5) == percent


def test_every_language_is_covered() -> None:
    assert set(SHOWN) == set(LANGUAGES)


def test_times_are_helsinki_times_summer_and_winter() -> None:
    assert formats.time(SUMMER) == "9.05"
    assert formats.time(WINTER) == "17.18"
    assert formats.time(dt.time(9, 0)) == "9.00"  # a wall-clock time, as opening hours are
    assert formats.time_span(WINTER, WINTER + dt.timedelta(minutes=20)) == "17.18–17.38"


def test_a_moment_shows_its_helsinki_day() -> None:
    # 22.30 UTC on 23 November is already the 24th in Helsinki.
    late = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC)
    assert formats.date(late) == "24.11.2026"
    assert formats.date_time(late) == "24.11.2026 0.30"


def test_a_naive_moment_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="aware"):
        formats.time(dt.datetime(2026, 12, 6, 17, 18))


def test_figures_round_half_up_with_the_decimals_asked_for() -> None:
    assert formats.decimal(12.25, 1) == "12,3"
    assert formats.decimal(2.0, 1) == "2,0"
    assert formats.decimal(1234.5, 0) == f"1{NBSP}235"
    assert formats.decimal(None, 1) == "–"
    assert formats.percent(100.0) == f"100,0{NBSP}%"
    assert formats.percent(33.333, 0) == f"33{NBSP}%"
    assert formats.percent(None) == "–"


@pytest.mark.parametrize(
    ("language", "weekday", "day_month"),
    [("fi", "to", "26.11."), ("sv", "tors", "26.11"), ("en", "Thu", "26/11")],
)
def test_a_day_ahead_is_named_by_weekday_and_date(
    language: str, weekday: str, day_month: str
) -> None:
    set_language(language)
    thursday = dt.date(2026, 11, 26)
    assert formats.weekday(thursday) == weekday
    assert formats.day_month(thursday) == day_month


@pytest.mark.parametrize("language", sorted(SHOWN))
def test_a_date_as_shown_can_be_typed_back(language: str) -> None:
    set_language(language)
    for day in (DAY, dt.date(2026, 1, 2), dt.date(1900, 1, 1), dt.date(2999, 12, 31)):
        assert parse_date(formats.date(day)) == day


def test_both_typed_forms_are_read_in_every_language() -> None:
    for language in LANGUAGES:
        set_language(language)
        assert parse_date("6.12.2026") == DAY
        assert parse_date("06/12/2026") == DAY
        assert parse_date(" 6/12/2026 ") == DAY


@pytest.mark.parametrize("typed", ["6/12/26", "6/12.2026", "6-12-2026", "12/2026", "6//2026"])
def test_a_half_date_is_not_guessed_at(typed: str) -> None:
    set_language("en")
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_date(typed)


def test_an_impossible_date_says_so_in_either_form() -> None:
    with pytest.raises(ValueError, match="Päivämäärää ei ole olemassa") as dotted:
        parse_date("31.2.2026")
    with pytest.raises(ValueError) as slashed:
        parse_date("31/02/2026")
    assert str(slashed.value) == str(dotted.value)


def test_files_keep_their_one_form_in_english() -> None:
    set_language("en")
    assert formats.file_date(DAY) == "6.12.2026"
    assert formats.file_time(SUMMER) == "09:05"
    period = Period.custom(dt.date(2026, 11, 24), dt.date(2026, 11, 30))
    assert period.label == "24/11/2026–30/11/2026"
    assert period.file_label == "24.11.2026–30.11.2026"


def test_the_english_csv_report_keeps_its_dates_and_plain_figures() -> None:
    set_language("en")
    period = Period.custom(dt.date(2026, 11, 24), dt.date(2026, 11, 30))
    figures = tuple(Figure(indicator=i, value=12345.25, trend=(1.5, 12345.25)) for i in INDICATORS)
    table = Table(
        key="channels", title="Channels", columns=("Channel", "Visits"), rows=(("A", 1234),)
    )
    report = Report(
        period=period,
        periods=(period.previous(), period),
        team_id=None,
        team_name="All teams",
        generated_at=dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC),
        figures=figures,
        tables=(table,),
    )
    text = report_csv(report).decode("utf-8-sig")
    assert "24.11.2026–30.11.2026" in text
    assert "17.11.2026–23.11.2026" in text  # the earlier period's column
    assert "24.11.2026 00:30" in text
    assert ";12345,3;" in text  # a figure with one decimal
    assert ";12345;" in text  # a count
    assert NBSP not in text
    assert "/2026" not in text
    assert "A;1234" in text
    assert '"label": "24.11.2026–30.11.2026"' in report_json(report).decode("utf-8")
