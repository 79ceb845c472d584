"""Walk-in opening hours: typed as on a notice board, open or closed in Helsinki time."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.clock import HELSINKI
from domain.errors import InvalidInput
from domain.i18n import set_language
from domain.opening_hours import (
    OpeningHours,
    WalkInStatus,
    format_week,
    is_within_hours,
    open_stretches,
    opening_hours_between,
    parse_week,
    status_text,
    walk_in_status,
)

T = dt.time
D = dt.date


def helsinki(
    year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0
) -> dt.datetime:
    """An aware moment given in Helsinki wall-clock time."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=HELSINKI)


def period(weekday: int, opens: dt.time, closes: dt.time) -> OpeningHours:
    return OpeningHours(location_id=1, weekday=weekday, opens=opens, closes=closes)


TUE_THU = [period(1, T(12), T(15)), period(3, T(9), T(11, 30))]


# --- typing the week ------------------------------------------------------------------


def test_a_notice_board_week_is_read() -> None:
    assert parse_week("ti 12-15, to 9-11:30", 1) == TUE_THU


@pytest.mark.parametrize(
    "text",
    [
        "ti 12-15, to 9-11:30",
        "TI 12–15; TO 9.00 – 11.30",
        "tiistai klo 12-15, torstai 9-11.30",
        "Tue 12:00-15:00, Thu 9-11.30",
        "thursday 9-11.30, tuesday 12-15",
        "  ti 12-15 ,, to 9-11.30 ",
    ],
)
def test_finnish_and_english_days_and_every_time_style(text: str) -> None:
    assert parse_week(text, 1) == TUE_THU


def test_several_periods_a_day_and_a_range_of_days() -> None:
    week = parse_week("ma-ke 9-11 ja 12-15, pe 10-12", 4)
    assert [(p.weekday, p.opens, p.closes) for p in week] == [
        (0, T(9), T(11)),
        (0, T(12), T(15)),
        (1, T(9), T(11)),
        (1, T(12), T(15)),
        (2, T(9), T(11)),
        (2, T(12), T(15)),
        (4, T(10), T(12)),
    ]
    assert all(p.location_id == 4 for p in week)


def test_a_part_without_a_day_continues_the_previous_day() -> None:
    assert parse_week("ti 9-11, 12-15", 1) == [period(1, T(9), T(11)), period(1, T(12), T(15))]


def test_empty_text_is_no_hours() -> None:
    assert parse_week("", 1) == []
    assert parse_week("  , ", 1) == []
    assert format_week([]) == ""


@pytest.mark.parametrize(
    "text",
    [
        "ti 12–15, to 9–11.30",
        "ma 9–11, 12–15, ke 8.15–9.45, su 0–23.59",
        "ti 9–11, 11–12",
    ],
)
def test_format_gives_back_the_canonical_text_and_round_trips(text: str) -> None:
    week = parse_week(text, 1)
    assert format_week(week) == text
    assert parse_week(format_week(week), 1) == week


def test_english_format_round_trips_too() -> None:
    set_language("en")
    assert format_week(TUE_THU) == "Tue 12–15, Thu 9–11.30"
    assert parse_week(format_week(TUE_THU), 1) == TUE_THU


def test_format_sorts_by_day_and_time() -> None:
    shuffled = [period(3, T(9), T(11, 30)), period(1, T(13), T(15)), period(1, T(9), T(10))]
    assert format_week(shuffled) == "ti 9–10, 13–15, to 9–11.30"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("xx 12-15", "Tuntematon viikonpäivä ”xx”"),
        ("12-15", "Aloita viikonpäivällä"),
        ("ti", "ei ole aukioloaika"),
        ("ti 12", "ei ole aukioloaika"),
        ("ti 12-15 ja", "ei ole aukioloaika"),
        ("ti 12 to 15", "ei ole aukioloaika"),
        ("ti 25-26", "Kellonaika ”25” ei kelpaa"),
        ("ti 9.75-10", "Kellonaika ”9.75” ei kelpaa"),
        ("ti 9.3-10", "Kellonaika ”9.3” ei kelpaa"),
        ("ti 15-12", "Aukeamisen pitää olla ennen sulkemista: ti 15–12"),
        ("ti 12-12", "Aukeamisen pitää olla ennen sulkemista"),
        ("ti 9-12, ti 11-13", "Ajat menevät päällekkäin: ti 9–12 ja 11–13"),
        ("ma-pe 9-12, ke 10-11", "päällekkäin: ke"),
    ],
)
def test_bad_weeks_are_refused_at_the_hours_field(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_week(text, 1)
    assert list(refused.value.fields) == ["hours"]
    assert says in refused.value.fields["hours"]


def test_a_message_about_the_format_shows_an_example() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_week("tiistaina", 1)
    assert "Esimerkki: ti 12–15, to 9–11.30" in refused.value.fields["hours"]
    set_language("en")
    with pytest.raises(InvalidInput) as refused:
        parse_week("tuesdays 12-15", 1)
    assert refused.value.fields["hours"].startswith("Unknown weekday “tuesdays”")
    assert "Example: Tue 12–15, Thu 9–11.30" in refused.value.fields["hours"]


def test_touching_periods_are_allowed_and_read_as_one_stretch() -> None:
    week = parse_week("ti 9-11, 11-12", 1)
    assert open_stretches(week, 1) == [(T(9), T(12))]
    assert open_stretches(week, 2) == []


# --- open or closed -------------------------------------------------------------------


def test_open_on_tuesday_noon_until_three() -> None:
    # 2026-11-24 is a Tuesday; Helsinki is UTC+2 in November.
    status = walk_in_status(TUE_THU, dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC))
    assert status.open and status.until == T(15)
    assert status_text(status) == "Walk-in avoinna klo 15.00 asti"
    assert is_within_hours(TUE_THU, helsinki(2026, 11, 24, 14, 59))


def test_the_closing_minute_is_already_closed_and_the_opening_minute_open() -> None:
    assert is_within_hours(TUE_THU, helsinki(2026, 11, 24, 12, 0))
    assert not is_within_hours(TUE_THU, helsinki(2026, 11, 24, 11, 59, 59))
    assert not is_within_hours(TUE_THU, helsinki(2026, 11, 24, 15, 0))


def test_closed_before_opening_says_today() -> None:
    status = walk_in_status(TUE_THU, helsinki(2026, 11, 24, 8, 0))
    assert status == WalkInStatus(
        open=False, next_opens=(D(2026, 11, 24), T(12)), day=D(2026, 11, 24)
    )
    assert status_text(status) == "Walk-in suljettu · avautuu tänään klo 12.00"


def test_closed_after_closing_names_the_next_day() -> None:
    status = walk_in_status(TUE_THU, helsinki(2026, 11, 24, 15, 30))
    assert status.next_opens == (D(2026, 11, 26), T(9))
    assert status_text(status) == "Walk-in suljettu · avautuu to 26.11. klo 9.00"


def test_next_week_wraps_around() -> None:
    status = walk_in_status(TUE_THU, helsinki(2026, 11, 27, 10, 0))  # Friday
    assert status_text(status) == "Walk-in suljettu · avautuu ti 1.12. klo 12.00"


def test_english_status_texts() -> None:
    set_language("en")
    assert status_text(walk_in_status(TUE_THU, helsinki(2026, 11, 24, 13, 0))) == (
        "Walk-in open until 15:00"
    )
    assert status_text(walk_in_status(TUE_THU, helsinki(2026, 11, 24, 16, 0))) == (
        "Walk-in closed · opens Thu 26.11. at 9:00"
    )
    assert status_text(walk_in_status([], helsinki(2026, 11, 24, 16, 0))) == (
        "No walk-in opening hours set"
    )


def test_swedish_status_names_the_day_in_swedish() -> None:
    """Read on the queue: the day in the worker's language, not the English that
    ``hours --set`` also accepts."""
    set_language("sv")
    assert status_text(walk_in_status(TUE_THU, helsinki(2026, 11, 24, 16, 0))) == (
        "Drop in stängd · öppnar tors 26.11. kl. 9:00"
    )
    assert format_week(TUE_THU) == "Tue 12–15, Thu 9–11.30"  # as typed back to --set


def test_no_hours_is_said_as_not_set_and_never_within() -> None:
    status = walk_in_status([], helsinki(2026, 11, 24, 13, 0))
    assert not status.open and not status.configured
    assert status_text(status) == "Walk-in-aukioloaikoja ei ole asetettu"
    assert not is_within_hours([], helsinki(2026, 11, 24, 13, 0))


def test_touching_periods_are_open_until_the_end_of_the_stretch() -> None:
    week = parse_week("ti 9-11, 11-12", 1)
    status = walk_in_status(week, helsinki(2026, 11, 24, 10, 0))
    assert status.until == T(12)


def test_between_two_periods_it_opens_again_today() -> None:
    week = parse_week("ti 9-11, 12-15", 1)
    assert status_text(walk_in_status(week, helsinki(2026, 11, 24, 11, 30))) == (
        "Walk-in suljettu · avautuu tänään klo 12.00"
    )


def test_a_public_holiday_is_closed_and_the_next_opening_skips_it() -> None:
    # Thursday 24.12.2026 is Christmas Eve; Tuesday 29.12. opens again.
    christmas_eve = helsinki(2026, 12, 24, 10, 0)
    assert not is_within_hours(TUE_THU, christmas_eve)
    assert walk_in_status(TUE_THU, christmas_eve).next_opens == (D(2026, 12, 29), T(12))
    # Before opening on Tuesday 5.1.2027, Epiphany (Wednesday 6.1.) does not matter,
    # but Thursday 7.1. is an ordinary day.
    assert walk_in_status(TUE_THU, helsinki(2027, 1, 5, 16, 0)).next_opens == (
        D(2027, 1, 7),
        T(9),
    )


def test_the_day_before_a_holiday_names_the_day_after_it() -> None:
    # Good Friday 3.4.2026 and Easter Monday 6.4.2026 are holidays.
    week = parse_week("ma 9-12, pe 9-12", 1)
    status = walk_in_status(week, helsinki(2026, 4, 2, 12, 0))
    assert status.next_opens == (D(2026, 4, 10), T(9))


@pytest.mark.parametrize(
    ("utc", "is_open"),
    [
        # Spring forward on Sunday 29.3.2026: Helsinki is UTC+3 from Monday on.
        (dt.datetime(2026, 3, 27, 9, 30, tzinfo=dt.UTC), False),  # Friday 11.30 (UTC+2)
        (dt.datetime(2026, 3, 30, 9, 30, tzinfo=dt.UTC), True),  # Monday 12.30 (UTC+3)
        (dt.datetime(2026, 3, 30, 12, 0, tzinfo=dt.UTC), False),  # Monday 15.00 (UTC+3)
        # Fall back on Sunday 25.10.2026: UTC+2 again from Monday on.
        (dt.datetime(2026, 10, 23, 9, 30, tzinfo=dt.UTC), True),  # Friday 12.30 (UTC+3)
        (dt.datetime(2026, 10, 26, 9, 30, tzinfo=dt.UTC), False),  # Monday 11.30 (UTC+2)
        (dt.datetime(2026, 10, 26, 12, 30, tzinfo=dt.UTC), True),  # Monday 14.30 (UTC+2)
    ],
)
def test_wall_clock_hours_across_daylight_saving_changes(utc: dt.datetime, is_open: bool) -> None:
    week = parse_week("ma 12-15, pe 12-15", 1)
    assert is_within_hours(week, utc) is is_open


def test_the_night_the_clocks_change() -> None:
    week = parse_week("su 2-5", 1)
    # 29.3.2026 at 03.00 Helsinki jumps to 04.00; 00.30 UTC is 02.30, 01.30 UTC is 04.30.
    assert is_within_hours(week, dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC))
    assert is_within_hours(week, dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC))
    assert not is_within_hours(week, dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC))


# --- opening hours over a period ------------------------------------------------------


def test_opening_hours_of_an_ordinary_week() -> None:
    assert opening_hours_between(TUE_THU, D(2026, 11, 23), D(2026, 11, 29)) == 5.5


def test_both_ends_are_included_and_an_empty_range_is_nothing() -> None:
    assert opening_hours_between(TUE_THU, D(2026, 11, 24), D(2026, 11, 24)) == 3.0
    assert opening_hours_between(TUE_THU, D(2026, 11, 26), D(2026, 11, 24)) == 0.0
    assert opening_hours_between([], D(2026, 1, 1), D(2026, 12, 31)) == 0.0


def test_public_holidays_are_skipped() -> None:
    # December 2026: Tuesdays 1, 8, 15, 22, 29; Thursdays 3, 10, 17, 24 (Christmas Eve), 31.
    assert opening_hours_between(TUE_THU, D(2026, 12, 1), D(2026, 12, 31)) == 5 * 3 + 4 * 2.5


def test_a_period_across_a_clock_change_counts_real_hours() -> None:
    week = parse_week("su 2-5", 1)
    assert opening_hours_between(week, D(2026, 3, 29), D(2026, 3, 29)) == 2.0
    assert opening_hours_between(week, D(2026, 10, 25), D(2026, 10, 25)) == 4.0
    assert opening_hours_between(week, D(2026, 11, 1), D(2026, 11, 1)) == 3.0


def test_a_naive_moment_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        walk_in_status(TUE_THU, dt.datetime(2026, 11, 24, 12, 0))
