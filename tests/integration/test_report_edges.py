"""The report queries at their edges, with hand-placed visits on both engines.

``test_indicators`` compares every query with Python over random data, where
an exact boundary is unlikely to come up. Here the visits sit exactly where the
SQL has to decide: a return exactly at the end of a window and just after it,
an earlier visit that ended exactly when the next one began, visits at another
team's location, the period's own edges, and a quarter with nothing in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session, sessionmaker

from domain.visits import ReferralChannel, Urgency, VisitState
from storage.orm import ClientRow, LocationRow, StaffRow, TeamRow, VisitRow
from storage.reports import SqlReportQueries

START = dt.datetime(2026, 6, 30, 21, 0, tzinfo=dt.UTC)  # 1.7.2026 00:00 in Helsinki
END = dt.datetime(2026, 9, 30, 21, 0, tzinfo=dt.UTC)  # 1.10.2026 00:00 in Helsinki
IN_PERIOD = dt.datetime(2026, 8, 12, 9, 30, 15, 250_000, tzinfo=dt.UTC)
"""A return's arrival: microseconds too, so that the window's edge is exact to them."""
TEAM = 1
OUR, THEIRS = 1, 2
"""Locations: ours belongs to TEAM, theirs to the other team."""
MICROSECOND = dt.timedelta(microseconds=1)


@dataclass
class Desk:
    """Adds visits with only what the report queries read."""

    session: Session
    next_id: int = 1

    def client(self) -> int:
        client_id = self.next_id
        self.next_id += 1
        created = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        self.session.add(ClientRow(id=client_id, name=None, name_key="", created_at=created))
        self.session.flush()
        return client_id

    def visit(
        self,
        client_id: int | None,
        arrived_at: dt.datetime,
        ended_at: dt.datetime | None,
        *,
        location_id: int = OUR,
        state: VisitState = VisitState.DONE,
        feedback_given: bool | None = None,
    ) -> None:
        visit_id = self.next_id
        self.next_id += 1
        self.session.add(
            VisitRow(
                id=visit_id,
                location_id=location_id,
                client_id=client_id,
                reason="",
                channel=ReferralChannel.SELF,
                urgency=Urgency.NORMAL,
                state=state,
                arrived_at=arrived_at,
                registered_by=1,
                ended_at=ended_at,
                feedback_given=feedback_given,
            )
        )
        self.session.flush()

    def returning_visit(
        self, ended_before: dt.timedelta, *, earlier_at: int = OUR, later_at: int = OUR
    ) -> None:
        """A new client's visit in the period, after an earlier one that ended this long before."""
        client_id = self.client()
        ended = IN_PERIOD - ended_before
        self.visit(client_id, ended - dt.timedelta(hours=1), ended, location_id=earlier_at)
        self.visit(client_id, IN_PERIOD, IN_PERIOD + dt.timedelta(hours=1), location_id=later_at)


@pytest.fixture
def desk(session_factory: sessionmaker[Session]) -> Iterator[Desk]:
    with session_factory() as session:
        session.add_all([TeamRow(id=1, name="Etelä"), TeamRow(id=2, name="Pohjoinen")])
        session.add(StaffRow(id=1, name="Työntekijä", created_at=START))
        session.flush()
        session.add_all(
            [
                LocationRow(id=OUR, code="a", name="A", team_id=1),
                LocationRow(id=THEIRS, code="b", name="B", team_id=2),
            ]
        )
        session.flush()
        yield Desk(session, next_id=100)


def _returning(desk: Desk, team_id: int | None = None) -> list[int]:
    return SqlReportQueries(desk.session).returning_clients(START, END, (90, 183), team_id)


def test_a_return_exactly_at_the_window_end_counts(desk: Desk) -> None:
    desk.returning_visit(dt.timedelta(days=90))
    assert _returning(desk) == [1, 1]


def test_a_return_just_after_the_window_counts_only_in_the_longer_one(desk: Desk) -> None:
    desk.returning_visit(dt.timedelta(days=90) + MICROSECOND)
    assert _returning(desk) == [0, 1]


def test_the_longer_window_has_its_own_exact_edge(desk: Desk) -> None:
    desk.returning_visit(dt.timedelta(days=183))
    desk.returning_visit(dt.timedelta(days=183) + MICROSECOND)
    assert _returning(desk) == [0, 1]


def test_a_visit_that_ended_as_the_next_began_is_not_an_earlier_visit(desk: Desk) -> None:
    desk.returning_visit(dt.timedelta(0))
    assert _returning(desk) == [0, 0]


def test_the_latest_earlier_end_decides(desk: Desk) -> None:
    # An open visit (never ended) and an old one do not make a return; the one
    # that ended 10 days before does, whichever order they were stored in.
    client_id = desk.client()
    desk.visit(
        client_id, IN_PERIOD - dt.timedelta(days=10, hours=1), IN_PERIOD - dt.timedelta(days=10)
    )
    desk.visit(client_id, IN_PERIOD - dt.timedelta(days=400), IN_PERIOD - dt.timedelta(days=399))
    desk.visit(client_id, IN_PERIOD - dt.timedelta(days=2), None, state=VisitState.WAITING)
    desk.visit(client_id, IN_PERIOD, None, state=VisitState.WAITING)
    open_only = desk.client()
    desk.visit(open_only, IN_PERIOD - dt.timedelta(days=2), None, state=VisitState.WAITING)
    desk.visit(open_only, IN_PERIOD, None, state=VisitState.WAITING)
    assert _returning(desk) == [1, 1]


def test_a_client_returning_on_several_visits_counts_once_with_the_shortest_gap(
    desk: Desk,
) -> None:
    client_id = desk.client()
    desk.visit(client_id, START - dt.timedelta(days=150), START - dt.timedelta(days=150))
    # First visit of the period: 150+ days after the last one (6 months only)...
    desk.visit(client_id, START + dt.timedelta(days=1), START + dt.timedelta(days=1, hours=1))
    # ...the second one a week after the first (both windows).
    desk.visit(client_id, START + dt.timedelta(days=8), START + dt.timedelta(days=8, hours=1))
    assert _returning(desk) == [1, 1]


def test_only_visits_that_arrived_in_the_period_are_judged(desk: Desk) -> None:
    before, after = desk.client(), desk.client()
    for client_id, arrived in ((before, START - MICROSECOND), (after, END)):
        desk.visit(client_id, arrived - dt.timedelta(days=3), arrived - dt.timedelta(days=2))
        desk.visit(client_id, arrived, arrived + dt.timedelta(hours=1))
    first_instant = desk.client()
    desk.visit(first_instant, START - dt.timedelta(days=3), START - dt.timedelta(days=2))
    desk.visit(first_instant, START, START + dt.timedelta(hours=1))
    assert _returning(desk) == [1, 1]


def test_visits_without_a_client_are_not_returns(desk: Desk) -> None:
    desk.visit(None, IN_PERIOD - dt.timedelta(days=3), IN_PERIOD - dt.timedelta(days=2))
    desk.visit(None, IN_PERIOD, IN_PERIOD + dt.timedelta(hours=1))
    assert _returning(desk) == [0, 0]


def test_a_team_counts_returns_to_its_locations_after_a_visit_anywhere(desk: Desk) -> None:
    desk.returning_visit(dt.timedelta(days=30), earlier_at=THEIRS, later_at=OUR)
    desk.returning_visit(dt.timedelta(days=100), earlier_at=OUR, later_at=OUR)
    desk.returning_visit(dt.timedelta(days=30), earlier_at=OUR, later_at=THEIRS)
    assert _returning(desk, TEAM) == [1, 2]
    assert _returning(desk, 2) == [1, 1]
    assert _returning(desk) == [2, 3]


def test_windows_are_answered_in_the_order_asked(desk: Desk) -> None:
    desk.returning_visit(dt.timedelta(days=100))
    queries = SqlReportQueries(desk.session)
    assert queries.returning_clients(START, END, (183, 90), None) == [1, 0]
    assert queries.returning_clients(START, END, (90,), None) == [0]
    assert queries.returning_clients(START, END, (), None) == []


def test_closures_of_a_team_are_its_locations_visits_ended_in_the_period(desk: Desk) -> None:
    client_id = desk.client()
    earlier = START - dt.timedelta(days=1)
    # Ours, ended exactly at the start (counted, feedback given) and exactly at the end (not).
    desk.visit(client_id, earlier, START, feedback_given=True)
    desk.visit(client_id, earlier, END, feedback_given=True)
    # Ours, arrived before the period but ended in it; and one that was left, not done.
    desk.visit(client_id, earlier, IN_PERIOD, feedback_given=False)
    desk.visit(client_id, IN_PERIOD, IN_PERIOD, state=VisitState.LEFT)
    # Theirs, ended in the period.
    desk.visit(client_id, IN_PERIOD, IN_PERIOD, location_id=THEIRS, feedback_given=True)
    queries = SqlReportQueries(desk.session)
    ours = queries.closures(START, END, TEAM)
    assert (ours.part, ours.whole) == (1, 2)
    theirs = queries.closures(START, END, 2)
    assert (theirs.part, theirs.whole) == (1, 1)
    every = queries.closures(START, END, None)
    assert (every.part, every.whole) == (2, 3)


@pytest.mark.parametrize("team_id", [None, TEAM], ids=["all", "team"])
def test_a_quarter_without_visits(desk: Desk, team_id: int | None) -> None:
    # Visits before and after the quarter, none in it: every count is zero, no
    # query fails on an empty set (sums of nothing, minimums of nothing).
    client_id = desk.client()
    desk.visit(client_id, START - dt.timedelta(days=10), START - dt.timedelta(days=9))
    desk.visit(client_id, END, END + dt.timedelta(hours=1))
    queries = SqlReportQueries(desk.session)
    assert queries.returning_clients(START, END, (90, 183), team_id) == [0, 0]
    assert queries.visits_per_hour(START, END, team_id) == []
    within = queries.visits_within_hours(START, END, team_id)
    assert (within.part, within.whole) == (0, 0)
    assert queries.referral_channels(START, END, team_id) == {}
    closures = queries.closures(START, END, team_id)
    assert (closures.part, closures.whole) == (0, 0)
    early = queries.early_support(START, END, team_id)
    assert (early.part, early.whole) == (0, 0)
    to_meeting = queries.proposal_to_meeting_days(START, END, team_id)
    assert (to_meeting.part, to_meeting.whole) == (0.0, 0)
    first, last = START.date(), (END - dt.timedelta(days=1)).date()
    assert queries.assessments_for_overlap(first, last, team_id) == []
    assert queries.feedback_by_worker(first, last, team_id) == []
    assert queries.case_manager_loads(END, team_id) == []


def test_hour_buckets_are_whole_utc_hours(desk: Desk) -> None:
    client_id = desk.client()
    desk.visit(client_id, START, None, state=VisitState.WAITING)
    desk.visit(client_id, START + dt.timedelta(minutes=59, seconds=59, microseconds=999_999), None)
    desk.visit(client_id, START + dt.timedelta(hours=1), None, location_id=THEIRS)
    desk.visit(client_id, END - MICROSECOND, None)
    queries = SqlReportQueries(desk.session)
    last_hour = END - dt.timedelta(hours=1)
    assert queries.visits_per_hour(START, END, None) == [
        (START, 2),
        (START + dt.timedelta(hours=1), 1),
        (last_hour, 1),
    ]
    assert queries.visits_per_hour(START, END, TEAM) == [(START, 2), (last_hour, 1)]
