"""Working days across Finnish holidays (R9: the 7th working day)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.deadlines import add_working_days, is_working_day

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (D(2026, 11, 23), 1, D(2026, 11, 24), "an ordinary Monday to Tuesday"),
        (D(2026, 11, 20), 1, D(2026, 11, 23), "Friday to Monday over the weekend"),
        (D(2026, 11, 23), 7, D(2026, 12, 2), "seven working days, one weekend"),
        (D(2026, 4, 2), 1, D(2026, 4, 7), "Easter: Good Friday and Easter Monday skipped"),
        (D(2026, 3, 30), 7, D(2026, 4, 10), "the 7th working day across Easter"),
        (D(2026, 5, 13), 1, D(2026, 5, 15), "Ascension Day (Thursday) skipped"),
        (D(2026, 6, 18), 1, D(2026, 6, 22), "Midsummer Eve and Day skipped"),
        (D(2026, 12, 23), 1, D(2026, 12, 28), "Christmas Eve, Day and Boxing Day skipped"),
        (D(2026, 12, 30), 1, D(2026, 12, 31), "the last working day of the year"),
        (D(2026, 12, 31), 1, D(2027, 1, 4), "New Year's Day and the weekend skipped"),
        (D(2027, 1, 5), 1, D(2027, 1, 7), "Epiphany skipped in the new year"),
        (D(2026, 12, 21), 7, D(2027, 1, 4), "the 7th working day across Christmas and New Year"),
        (D(2026, 11, 28), 0, D(2026, 11, 28), "zero days is the start day itself"),
    ],
)
def test_add_working_days(start: dt.date, days: int, expected: dt.date, why: str) -> None:
    assert add_working_days(start, days) == expected, why


def test_the_start_day_is_not_counted_even_when_it_is_a_working_day() -> None:
    assert is_working_day(D(2026, 11, 24))
    assert add_working_days(D(2026, 11, 24), 1) == D(2026, 11, 25)


def test_a_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert not is_working_day(D(2026, 12, 25))
    assert add_working_days(D(2026, 12, 25), 1) == D(2026, 12, 28)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 24), -1)
