"""A report built end to end: visits registered at the desk, hours, a case manager."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.clock import FixedClock
from domain.indicators import INDICATORS
from domain.reports import Period
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.coordination import my_professional, name_case_manager
from domain.use_cases.indicators import build_report
from domain.use_cases.opening_hours import configure_location
from domain.visits import ReferralChannel
from domain.walk_in import WalkInInput
from storage.unit_of_work import SqlUnitOfWork

UoW = Callable[[], SqlUnitOfWork]


def _register(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock, **fields: object
) -> int:
    visit = reception.register_walk_in(
        uow(), WalkInInput(**fields), actor=actor, location=location, clock=clock
    )
    assert visit.client_id is not None or not fields.get("name")
    return visit.id


@pytest.fixture
def november(uow: UoW, actor: Staff, location: Location, clock: FixedClock) -> Period:
    """Tuesday 24.11.2026: two visits while walk-in is open (12–15), one after."""
    configure_location(uow(), location.code, location.name, hours_text="ti 12-15", actor=actor)
    _register(uow, actor, location, clock, name="Aino Virtanen", reason="Asunto")
    clock.advance(hours=1)
    _register(uow, actor, location, clock, reason="Työ", channel=ReferralChannel.KELA)
    clock.advance(hours=3)  # 16.00 in Helsinki: closed, still registered
    _register(uow, actor, location, clock, reason="Raha", channel=ReferralChannel.TYP)
    return Period.month_of(dt.date(2026, 11, 1))


def test_figures_for_the_month(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock, november: Period
) -> None:
    with uow() as work:
        client_id = work.visits.arrived_between(
            location.id, *[dt.datetime(2026, 11, 24, tzinfo=dt.UTC), clock.now()]
        )[0].client_id
    assert client_id is not None
    me = my_professional(uow(), actor, "Lappeenranta")
    name_case_manager(uow(), client_id, me.id, "Sovittu", actor=actor, clock=clock)

    report = build_report(uow(), november, team_id=None, clock=clock, actor=actor)
    values = {figure.indicator.key: figure.value for figure in report.figures}
    assert values["outside_hours"] == 1
    # Four Tuesdays in November 2026, three hours each: two visits in twelve hours.
    assert values["walk_in_per_opening_hour"] == pytest.approx(2 / 12)
    assert values["walk_in_per_week"] == pytest.approx(3 / (30 / 7))
    assert values["referred_share"] == pytest.approx(200 / 3)
    assert values["clients_per_case_manager"] == 1
    assert values["returning_90"] == 0
    assert [figure.indicator for figure in report.figures] == list(INDICATORS)
    hours = report.table("hours")
    assert hours is not None
    assert hours.rows == (("12–13", 1), ("13–14", 1), ("16–17", 1))
    loads = report.table("case_managers")
    assert loads is not None and loads.rows == ((me.name, 1),)


def test_trend_holds_the_earlier_months(
    uow: UoW, actor: Staff, clock: FixedClock, november: Period
) -> None:
    report = build_report(uow(), november, team_id=None, clock=clock, trend_length=3, actor=actor)
    assert [p.start for p in report.periods] == [
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
    ]
    per_week = next(f for f in report.figures if f.indicator.key == "walk_in_per_week")
    assert per_week.trend[:2] == (0, 0)
    assert per_week.trend[2] == per_week.value


def test_a_team_sees_only_its_locations(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock, november: Period
) -> None:
    from domain.use_cases.meetings import create_team

    south = create_team(uow(), "Etelä", actor=actor)
    north = create_team(uow(), "Pohjoinen", actor=actor)
    configure_location(uow(), location.code, location.name, team_id=south.id, actor=actor)
    mine = build_report(uow(), november, team_id=south.id, clock=clock, actor=actor)
    other = build_report(uow(), november, team_id=north.id, clock=clock, actor=actor)
    assert mine.team_name == "Etelä"
    assert {f.indicator.key: f.value for f in mine.figures}["outside_hours"] == 1
    assert {f.indicator.key: f.value for f in other.figures}["outside_hours"] == 0
    assert {f.indicator.key: f.value for f in other.figures}["walk_in_per_opening_hour"] is None


def test_a_trend_added_later_equals_one_counted_at_once(
    uow: UoW, actor: Staff, clock: FixedClock, november: Period
) -> None:
    from domain.use_cases.indicators import add_trend

    first = build_report(uow(), november, team_id=None, clock=clock, trend_length=1, actor=actor)
    assert all(len(figure.trend) == 1 for figure in first.figures)
    later = add_trend(uow(), first, clock=clock, trend_length=4, actor=actor)
    at_once = build_report(uow(), november, team_id=None, clock=clock, trend_length=4, actor=actor)
    assert later.periods == at_once.periods
    assert later.figures == at_once.figures
    assert later.tables == first.tables
