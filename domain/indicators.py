"""The indicators the service owners follow (R11), each defined once.

An indicator has a name, a definition a reader can check, and a unit; its
figure is computed from the aggregate queries of :class:`ReportQueries` for a
period, and the report shows the figure beside the same figure for the
periods before (the trend). Breakdowns — clients per case manager, visits per
week and per hour, referral channels, feedback per worker — come with it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from domain.clock import HELSINKI, local_day_bounds
from domain.distribution import median, percentile
from domain.i18n import N_, tr
from domain.intake import OutcomeKind
from domain.network_warnings import clients_with_overlap
from domain.opening_hours import OpeningHours, opening_hours_between
from domain.referrals import ReferralFollowUp
from domain.reports import CaseManagerLoad, Period, Ratio, ReportQueries, WorkerFeedback
from domain.visits import ReferralChannel

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("unit.clients"),
    N_("unit.clients_per_manager"),
    N_("unit.percent"),
    N_("unit.visits"),
    N_("unit.visits_per_week"),
    N_("unit.visits_per_hour"),
    N_("unit.days"),
    N_("indicator.clients_per_case_manager"),
    N_("indicator.clients_per_case_manager.definition"),
    N_("indicator.returning_90"),
    N_("indicator.returning_90.definition"),
    N_("indicator.returning_6m"),
    N_("indicator.returning_6m.definition"),
    N_("indicator.overlapping_assessments"),
    N_("indicator.overlapping_assessments.definition"),
    N_("indicator.deadlines_met"),
    N_("indicator.deadlines_met.definition"),
    N_("indicator.early_support_share"),
    N_("indicator.early_support_share.definition"),
    N_("indicator.walk_in_per_week"),
    N_("indicator.walk_in_per_week.definition"),
    N_("indicator.walk_in_per_opening_hour"),
    N_("indicator.walk_in_per_opening_hour.definition"),
    N_("indicator.outside_hours"),
    N_("indicator.outside_hours.definition"),
    N_("indicator.referred_share"),
    N_("indicator.referred_share.definition"),
    N_("indicator.feedback_reminders"),
    N_("indicator.feedback_reminders.definition"),
    N_("indicator.feedback_per_closure"),
    N_("indicator.feedback_per_closure.definition"),
    N_("indicator.proposal_to_meeting"),
    N_("indicator.proposal_to_meeting.definition"),
    # Issue 19: the service path's indicators.
    N_("unit.intakes"),
    N_("unit.minutes"),
    N_("indicator.intakes"),
    N_("indicator.intakes.definition"),
    N_("indicator.unique_clients"),
    N_("indicator.unique_clients.definition"),
    N_("indicator.new_clients"),
    N_("indicator.new_clients.definition"),
    N_("indicator.waiting_median"),
    N_("indicator.waiting_median.definition"),
    N_("indicator.waiting_p90"),
    N_("indicator.waiting_p90.definition"),
    N_("indicator.moti_clients"),
    N_("indicator.moti_clients.definition"),
    N_("indicator.days_to_discussion"),
    N_("indicator.days_to_discussion.definition"),
    # Referral follow-up (issue 19)
    N_("unit.referrals"),
    N_("indicator.referrals_reached"),
    N_("indicator.referrals_reached.definition"),
    N_("indicator.referral_first_contact"),
    N_("indicator.referral_first_contact.definition"),
    N_("indicator.referrals_not_followed"),
    N_("indicator.referrals_not_followed.definition"),
)


class Unit(StrEnum):
    CLIENTS = "clients"
    CLIENTS_PER_MANAGER = "clients_per_manager"
    PERCENT = "percent"
    VISITS = "visits"
    VISITS_PER_WEEK = "visits_per_week"
    VISITS_PER_HOUR = "visits_per_hour"
    DAYS = "days"
    # Issue 19: the service path's indicators.
    INTAKES = "intakes"
    MINUTES = "minutes"
    REFERRALS = "referrals"

    @property
    def label(self) -> str:
        return tr(f"unit.{self.value}")


class Indicator(BaseModel):
    """One indicator: its key (stable, used in exports), unit and shown precision."""

    model_config = ConfigDict(frozen=True)

    key: str
    unit: Unit
    decimals: int = 0
    table: str | None = None
    """The breakdown shown with this indicator, if any."""

    @property
    def name(self) -> str:
        return tr(f"indicator.{self.key}")

    @property
    def definition(self) -> str:
        return tr(f"indicator.{self.key}.definition")


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="clients_per_case_manager",
        unit=Unit.CLIENTS_PER_MANAGER,
        decimals=1,
        table="case_managers",
    ),
    Indicator(key="returning_90", unit=Unit.CLIENTS),
    Indicator(key="returning_6m", unit=Unit.CLIENTS),
    Indicator(key="overlapping_assessments", unit=Unit.CLIENTS),
    Indicator(key="deadlines_met", unit=Unit.PERCENT, decimals=1),
    Indicator(key="early_support_share", unit=Unit.PERCENT, decimals=1),
    Indicator(key="walk_in_per_week", unit=Unit.VISITS_PER_WEEK, decimals=1, table="weeks"),
    Indicator(key="walk_in_per_opening_hour", unit=Unit.VISITS_PER_HOUR, decimals=1, table="hours"),
    Indicator(key="outside_hours", unit=Unit.VISITS),
    Indicator(key="referred_share", unit=Unit.PERCENT, decimals=1, table="channels"),
    Indicator(key="feedback_reminders", unit=Unit.PERCENT, decimals=1),
    Indicator(key="feedback_per_closure", unit=Unit.PERCENT, decimals=1, table="feedback"),
    Indicator(key="proposal_to_meeting", unit=Unit.DAYS, decimals=1),
    # Issue 19: the service path's indicators.
    Indicator(key="intakes", unit=Unit.INTAKES, table="outcomes"),
    Indicator(key="unique_clients", unit=Unit.CLIENTS),
    Indicator(key="new_clients", unit=Unit.CLIENTS),
    Indicator(key="waiting_median", unit=Unit.MINUTES, decimals=1),
    Indicator(key="waiting_p90", unit=Unit.MINUTES, decimals=1),
    Indicator(key="moti_clients", unit=Unit.CLIENTS),
    Indicator(key="days_to_discussion", unit=Unit.DAYS, decimals=1),
    # Referral follow-up (issue 19)
    Indicator(key="referrals_reached", unit=Unit.PERCENT, decimals=1),
    Indicator(key="referral_first_contact", unit=Unit.DAYS, decimals=1),
    Indicator(key="referrals_not_followed", unit=Unit.REFERRALS),
)
"""Every indicator, in the order the report shows them."""

TREND_LENGTH = 6
"""Periods shown in a trend, this one included."""


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True)

    indicator: Indicator
    value: float | None
    """None when there was nothing to count (no case managers, no closures...)."""
    trend: tuple[float | None, ...]
    """The same figure for the earlier periods, oldest first, ending with ``value``."""


class Table(BaseModel):
    """A breakdown: translated title and column names, rows of text and numbers."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | int | float | None, ...], ...]


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)

    period: Period
    periods: tuple[Period, ...]
    """The trend's periods, oldest first, ending with ``period``."""
    team_id: int | None
    team_name: str
    generated_at: dt.datetime
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def utc_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period's first instant and the instant after it, in UTC."""
    return local_day_bounds(period.start)[0], local_day_bounds(period.end)[1]


@dataclass(frozen=True)
class _Counts:
    """What the database counted for one period: every figure and table comes from here."""

    period: Period
    loads: list[CaseManagerLoad]
    returning: list[int]
    overlapping: int
    deadlines: Ratio
    early: Ratio
    per_hour: list[tuple[dt.datetime, int]]
    within: Ratio
    channels: dict[ReferralChannel, int]
    closures: Ratio
    feedback: list[WorkerFeedback]
    to_meeting: Ratio
    open_hours: float
    path: _PathCounts
    """Issue 19: the service path's indicators."""
    referrals: ReferralFollowUp = ReferralFollowUp()


@dataclass(frozen=True)
class _PathCounts:
    """What the service path's indicators are computed from (issue 19)."""

    outcomes: dict[OutcomeKind, int]
    unique_clients: int
    new_clients: int
    waiting_minutes: dict[int, int]
    moti_clients: int
    days_to_discussion: dict[int, int]


def _count_path(
    queries: ReportQueries, start: dt.datetime, end: dt.datetime, team_id: int | None
) -> _PathCounts:
    unique, new = queries.unique_and_new_clients(start, end, team_id)
    return _PathCounts(
        outcomes=queries.intake_outcomes(start, end, team_id),
        unique_clients=unique,
        new_clients=new,
        waiting_minutes=queries.waiting_minutes(start, end, team_id),
        moti_clients=queries.moti_clients(start, end, team_id),
        days_to_discussion=queries.days_to_discussion(start, end, team_id),
    )


def _path_figures(path: _PathCounts) -> dict[str, float | None]:
    return {
        "intakes": sum(path.outcomes.values()),
        "unique_clients": path.unique_clients,
        "new_clients": path.new_clients,
        "waiting_median": median(path.waiting_minutes),
        "waiting_p90": percentile(path.waiting_minutes, 0.9),
        "moti_clients": path.moti_clients,
        "days_to_discussion": median(path.days_to_discussion),
    }


_Kind = TypeVar("_Kind", OutcomeKind, ReferralChannel)


def _share_table(
    key: str,
    title: str,
    kind_column: str,
    count_column: str,
    counts: Mapping[_Kind, int],
    kinds: Iterable[_Kind],
) -> Table:
    """A count and its share per kind: every kind, even one nobody had, so that
    periods compare; no rows when nothing was counted."""
    total = sum(counts.values())
    return Table(
        key=key,
        title=title,
        columns=(kind_column, count_column, tr("report.column.share")),
        rows=tuple(
            (kind.label, counts.get(kind, 0), 100.0 * counts.get(kind, 0) / total)
            for kind in kinds
            if total
        ),
    )


def _count(
    queries: ReportQueries,
    period: Period,
    team_id: int | None,
    *,
    today: dt.date,
    now: dt.datetime,
    hours: list[OpeningHours],
) -> _Counts:
    start, end = utc_bounds(period)
    return _Counts(
        period=period,
        loads=queries.case_manager_loads(min(end, now), team_id),
        returning=queries.returning_clients(start, end, (90, 183), team_id),
        overlapping=len(
            clients_with_overlap(
                queries.assessments_for_overlap(period.start, period.end, team_id),
                period.start,
                period.end,
            )
        ),
        deadlines=queries.statutory_deadlines(period.start, period.end, today, team_id),
        early=queries.early_support(start, end, team_id),
        per_hour=queries.visits_per_hour(start, end, team_id),
        within=queries.visits_within_hours(start, end, team_id),
        channels=queries.referral_channels(start, end, team_id),
        closures=queries.closures(start, end, team_id),
        feedback=queries.feedback_by_worker(period.start, period.end, team_id),
        to_meeting=queries.proposal_to_meeting_days(start, end, team_id),
        open_hours=opening_hours_between(hours, period.start, period.end),
        path=_count_path(queries, start, end, team_id),
        referrals=queries.referral_follow_up(start, end, today, team_id),
    )


def _figures(counts: _Counts) -> dict[str, float | None]:
    visits = counts.within.whole
    referred = sum(
        n for channel, n in counts.channels.items() if channel is not ReferralChannel.SELF
    )
    closed = counts.closures.whole
    loads = counts.loads
    return {
        "clients_per_case_manager": (
            sum(load.clients for load in loads) / len(loads) if loads else None
        ),
        "returning_90": counts.returning[0],
        "returning_6m": counts.returning[1],
        "overlapping_assessments": counts.overlapping,
        "deadlines_met": counts.deadlines.percent(),
        "early_support_share": counts.early.percent(),
        "walk_in_per_week": visits / (counts.period.days / 7),
        "walk_in_per_opening_hour": (
            counts.within.part / counts.open_hours if counts.open_hours else None
        ),
        "outside_hours": visits - counts.within.part,
        "referred_share": 100.0 * referred / visits if visits else None,
        "feedback_reminders": counts.closures.percent(),
        "feedback_per_closure": (
            100.0 * sum(worker.count for worker in counts.feedback) / closed if closed else None
        ),
        "proposal_to_meeting": counts.to_meeting.quotient(),
        **_path_figures(counts.path),
        # Referral follow-up (issue 19)
        "referrals_reached": (
            100.0 * counts.referrals.reached / counts.referrals.made
            if counts.referrals.made
            else None
        ),
        "referral_first_contact": (
            median(Counter(counts.referrals.first_contact_days))
            if counts.referrals.first_contact_days
            else None
        ),
        "referrals_not_followed": counts.referrals.not_followed,
    }


def _tables(counts: _Counts) -> tuple[Table, ...]:
    weeks: Counter[tuple[int, int]] = Counter()
    hours_of_day: Counter[int] = Counter()
    for hour, count in counts.per_hour:
        local = hour.astimezone(HELSINKI)
        year, week, _ = local.date().isocalendar()
        weeks[(year, week)] += count
        hours_of_day[local.hour] += count
    return (
        Table(
            key="case_managers",
            title=tr("report.table.case_managers"),
            columns=(tr("report.column.case_manager"), tr("report.column.clients")),
            rows=tuple((load.name, load.clients) for load in counts.loads),
        ),
        Table(
            key="weeks",
            title=tr("report.table.weeks"),
            columns=(tr("report.column.week"), tr("report.column.visits")),
            rows=tuple(
                (tr("report.week_label", week=week, year=year), weeks[(year, week)])
                for year, week in sorted(weeks)
            ),
        ),
        Table(
            key="hours",
            title=tr("report.table.hours"),
            columns=(tr("report.column.hour"), tr("report.column.visits")),
            rows=tuple(
                (f"{hour:02d}–{hour + 1:02d}", hours_of_day[hour]) for hour in sorted(hours_of_day)
            ),
        ),
        _share_table(
            "channels",
            tr("report.table.channels"),
            tr("report.column.channel"),
            tr("report.column.visits"),
            counts.channels,
            ReferralChannel,
        ),
        Table(
            key="feedback",
            title=tr("report.table.feedback"),
            columns=(
                tr("report.column.worker"),
                tr("report.column.feedback"),
                tr("report.column.average"),
            ),
            rows=tuple(
                (worker.name or tr("report.unknown_worker"), worker.count, worker.average_score)
                for worker in counts.feedback
            ),
        ),
        _share_table(
            "outcomes",
            tr("report.table.outcomes"),
            tr("report.column.outcome"),
            tr("report.column.intakes"),
            counts.path.outcomes,
            OutcomeKind,
        ),
    )
