"""Fixtures shared by every test layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from domain.clock import FixedClock
from domain.i18n import set_language

# A Tuesday during walk-in hours, Helsinki 12:00 (UTC+2 in November).
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture(autouse=True)
def finnish() -> Iterator[None]:
    """Every test starts in Finnish, the default, and leaves it so."""
    set_language("fi")
    yield
    set_language("fi")
