"""Medians and percentiles of a distribution the database counted (R11).

Waiting times and days to a meeting come from storage as histograms — whole
minutes (or days) and how many visits (or proposals) took that long — so that
a quarter's thousands of visits travel as a few dozen rows. The percentile is
the usual one of spreadsheets and statistics packages ("inclusive", linear
between the two nearest values: the median of 4 and 5 is 4.5), so a lead who
checks a figure by hand gets the same number.
"""

from __future__ import annotations

from collections.abc import Mapping


def _value_at(ordered: list[tuple[int, int]], index: int) -> int:
    """The ``index``-th (0-based) value when the histogram is spelled out in order."""
    seen = 0
    for value, count in ordered:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


def percentile(histogram: Mapping[int, int], fraction: float) -> float | None:
    """The ``fraction`` (0–1) percentile of the counted values; None when none were.

    Values counted zero times (or fewer) are ignored, so an empty bucket cannot
    move the figure.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("a percentile's fraction is between 0 and 1")
    ordered = sorted((value, count) for value, count in histogram.items() if count > 0)
    total = sum(count for _, count in ordered)
    if total == 0:
        return None
    position = fraction * (total - 1)
    below = int(position)
    low = _value_at(ordered, below)
    if below == total - 1:
        return float(low)
    high = _value_at(ordered, below + 1)
    return low + (high - low) * (position - below)


def median(histogram: Mapping[int, int]) -> float | None:
    return percentile(histogram, 0.5)
