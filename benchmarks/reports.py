"""The indicators report for each quarter over the demo's million visits, against its own SQL.

What is measured: ``domain.use_cases.indicators.build_report`` with ``trend_length=1``
(the reports screen's first answer: the chosen period only, the trend comes
after), as a coordinator, for every quarter the demo history touches, the
current one included: for all teams, and for the demo MOTI team (its filter
makes different SQL). Each quarter is timed a few times and its median kept;
the figure is the slowest quarter, since the target is for each report.

Baseline: every read statement ``build_report`` sends for the slowest
quarter, captured once and then replayed as many times with the same
parameters on a raw driver cursor of the same engine, right after the
reports. The reports are aggregate SQL by design, so the two should be close;
a ratio well above 1 means Python work around the queries. (Only the slowest
quarter's SQL is replayed: replaying every quarter's would double the
benchmark's time to learn nothing the figure uses.) On a busy machine the
ratio reads high: the slowest quarter is the largest of thirteen medians, so
it carries that quarter's share of the noise, which the replay afterwards does
not; profiling a report shows the Python around its SQL as a few hundredths
of a second.

What the demo data makes of it: one location, in the one MOTI team, so the
team's filter keeps every visit. The team figure is therefore the filter's
SQL at full size (a worst case for a team), not a smaller team's report. The
demo writes no intake records and no assessments, so the early-support and
overlapping-assessments queries run on empty tables here: this figure says
nothing of their speed at scale. Where the time goes: mostly the
returning-clients query, one index seek per visit of the quarter (a quarter
has about 80 000), then one scan of the quarter's visits per breakdown.

Target (issue 9): at most 1 s per report on SQLite. PostgreSQL figures carry
the same target for comparison.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from functools import partial

from sqlalchemy import func, select

from benchmarks import raw_sql
from benchmarks.dataset import BenchDatabase, log
from benchmarks.figures import Figure, median
from domain.clock import HELSINKI, local_today
from domain.reports import Period
from domain.use_cases.indicators import build_report
from storage.orm import LocationRow, VisitRow

TARGET_SECONDS = 1.0
ROUNDS = 3
"""Timings of each quarter's report, and of the slowest one's SQL."""


def quarters(database: BenchDatabase) -> list[Period]:
    """Every quarter from the first visit's to today's, oldest first."""
    with database.session_factory() as session:
        first = session.scalar(select(func.min(VisitRow.arrived_at)))
    if first is None:
        raise RuntimeError("the demo data has no visits")
    if first.tzinfo is None:  # SQLite gives naive UTC
        first = first.replace(tzinfo=dt.UTC)
    period = Period.quarter_of(first.astimezone(HELSINKI).date())
    last = Period.quarter_of(local_today(database.clock))
    found = [period]
    while found[-1] != last:
        found.append(found[-1].next())
    return found


def _team_id(database: BenchDatabase) -> int:
    with database.session_factory() as session:
        team_id = session.scalar(
            select(LocationRow.team_id).where(LocationRow.id == database.location.id)
        )
    if team_id is None:
        raise RuntimeError("the demo location has no MOTI team")
    return team_id


def run(database: BenchDatabase, quick: bool) -> list[Figure]:
    actor = database.coordinator
    periods = quarters(database)
    variants: dict[str, int | None] = {"": None, "_team": _team_id(database)}
    figures = []
    for suffix, team_id in variants.items():

        def report(period: Period, team_id: int | None = team_id) -> object:
            return build_report(
                database.uow(),
                period,
                team_id=team_id,
                clock=database.clock,
                actor=actor,
                trend_length=1,
            )

        report(periods[-1])  # warm-up: the file cache and the statement caches
        app: dict[Period, list[float]] = defaultdict(list)
        for _ in range(ROUNDS):
            for period in periods:
                started = time.perf_counter()
                report(period)
                app[period].append(time.perf_counter() - started)
        slowest = max(periods, key=lambda p: median(app[p]))
        reads = raw_sql.reads_of(partial(report, slowest), database.engine)
        raw = [raw_sql.replay(database.engine, reads) for _ in range(ROUNDS)]
        value, baseline = median(app[slowest]), median(raw)
        every = ", ".join(f"{median(app[p]):.2f}" for p in periods)
        log(f"    report{suffix}: slowest {slowest.label} {value:.2f} s; each: {every}")
        figures.append(
            Figure(
                name=f"report_quarter{suffix}_max",
                value=value,
                unit="s",
                baseline=baseline,
                target=TARGET_SECONDS,
                note=(
                    f"slowest of {len(periods)} quarters ({slowest.label}), median of "
                    f"{ROUNDS}; {'one team' if team_id else 'all teams'}; "
                    "baseline: its SQL, raw"
                ),
            )
        )
    return figures
