"""The report's medians and 90th percentiles, computed from counted histograms."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.distribution import median, percentile


def test_nothing_counted_has_no_median() -> None:
    assert median({}) is None
    assert percentile({5: 0}, 0.9) is None


def test_the_median_of_an_even_count_is_halfway_between_the_middle_two() -> None:
    # Waits of 4, 5, 5 and 12 minutes: the middle two are 5 and 5.
    assert median({4: 1, 5: 2, 12: 1}) == 5
    # 4 and 5 minutes: a lead checking by hand gets 4.5.
    assert median({4: 1, 5: 1}) == 4.5


def test_the_90th_percentile_of_ten_waits() -> None:
    # Nine short waits and one long one: p90 lies between the ninth and tenth.
    waits = {3: 9, 60: 1}
    assert percentile(waits, 0.9) == pytest.approx(3 + (60 - 3) * 0.1)


def test_one_visit_is_its_own_median_and_p90() -> None:
    assert median({17: 1}) == 17
    assert percentile({17: 1}, 0.9) == 17


def test_a_fraction_outside_zero_to_one_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        percentile({1: 1}, 90)


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=60))
def test_agrees_with_the_standard_library(values: list[int]) -> None:
    histogram: dict[int, int] = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    assert median(histogram) == pytest.approx(statistics.median(values))
    if len(values) > 1:
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        assert percentile(histogram, 0.9) == pytest.approx(deciles[8])
