"""Building the service owners' report from the database's counts (R11)."""

from __future__ import annotations

from domain.access import Task, require_task
from domain.clock import Clock, local_today
from domain.errors import NotFound
from domain.i18n import tr
from domain.indicators import (
    INDICATORS,
    TREND_LENGTH,
    Figure,
    Report,
    _count,
    _Counts,
    _figures,
    _tables,
)
from domain.ports import UnitOfWork
from domain.reports import Period
from domain.staff import Staff


def _counted(
    uow: UnitOfWork, periods: list[Period], team_id: int | None, clock: Clock
) -> tuple[str, list[_Counts]]:
    """The team's name and the counts for each period, in one transaction."""
    now = clock.now()
    today = local_today(clock)
    with uow:
        team_name = tr("report.all_teams")
        if team_id is not None:
            names = {team.id: team.name for team in uow.meetings.teams()}
            if team_id not in names:
                raise NotFound(tr("report.unknown_team", team_id=team_id))
            team_name = names[team_id]
        hours = [
            period_hours
            for location_id in uow.reports.location_ids(team_id)
            for period_hours in uow.opening_hours.for_location(location_id)
        ]
        counted = [
            _count(uow.reports, each, team_id, today=today, now=now, hours=hours)
            for each in periods
        ]
    return team_name, counted


def _with_figures(report: Report, by_period: list[dict[str, float | None]]) -> Report:
    figures = tuple(
        Figure(
            indicator=indicator,
            value=by_period[-1][indicator.key],
            trend=tuple(values[indicator.key] for values in by_period),
        )
        for indicator in INDICATORS
    )
    return report.model_copy(update={"figures": figures})


def build_report(
    uow: UnitOfWork,
    period: Period,
    *,
    team_id: int | None,
    clock: Clock,
    actor: Staff,
    trend_length: int = TREND_LENGTH,
) -> Report:
    """Every indicator for ``period`` with its trend, and the breakdowns.

    Reports hold counts and the names of workers only, never a client's data,
    so they are not entered in the access log. ``trend_length=1`` counts this
    period only, for a first answer; :func:`add_trend` fills in the rest.
    Leads and coordinators read them (:class:`~domain.access.Task`).
    """
    require_task(actor, Task.REPORTS)
    periods = period.history(trend_length)
    team_name, counted = _counted(uow, periods, team_id, clock)
    report = Report(
        period=period,
        periods=tuple(periods),
        team_id=team_id,
        team_name=team_name,
        generated_at=clock.now(),
        figures=(),
        tables=_tables(counted[-1]),
    )
    return _with_figures(report, [_figures(counts) for counts in counted])


def add_trend(
    uow: UnitOfWork,
    report: Report,
    *,
    clock: Clock,
    actor: Staff,
    trend_length: int = TREND_LENGTH,
) -> Report:
    """``report`` with the periods before it counted too: the figures stay as they were."""
    require_task(actor, Task.REPORTS)
    earlier = report.period.history(trend_length)[: -len(report.periods)]
    if not earlier:
        return report
    _, counted = _counted(uow, earlier, report.team_id, clock)
    by_period = [_figures(counts) for counts in counted] + [
        {figure.indicator.key: figure.trend[index] for figure in report.figures}
        for index in range(len(report.periods))
    ]
    extended = report.model_copy(update={"periods": tuple(earlier) + report.periods})
    return _with_figures(extended, by_period)
