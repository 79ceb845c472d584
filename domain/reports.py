"""Report periods and what the service owners' report needs from storage (R11).

The indicators themselves are defined in :mod:`domain.indicators`; this
module holds the period a report covers and the aggregate queries storage
answers. Every query returns counts or sums computed by the database, never
the rows themselves: a quarter holds tens of thousands of visits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, model_validator

from domain import formats
from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.intake import OutcomeKind
from domain.network import Assessment
from domain.referrals import ReferralFollowUp
from domain.visits import ReferralChannel

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("period.month"),
    N_("period.quarter"),
    N_("period.custom"),
    N_("month.1"),
    N_("month.2"),
    N_("month.3"),
    N_("month.4"),
    N_("month.5"),
    N_("month.6"),
    N_("month.7"),
    N_("month.8"),
    N_("month.9"),
    N_("month.10"),
    N_("month.11"),
    N_("month.12"),
)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return tr(f"period.{self.value}")


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


class Period(BaseModel):
    """Local (Helsinki) days from ``start`` to ``end``, both included."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")
        return self

    @classmethod
    def month_of(cls, day: dt.date) -> Period:
        return cls(
            kind=PeriodKind.MONTH, start=day.replace(day=1), end=_month_end(day.year, day.month)
        )

    @classmethod
    def quarter_of(cls, day: dt.date) -> Period:
        first_month = 3 * ((day.month - 1) // 3) + 1
        return cls(
            kind=PeriodKind.QUARTER,
            start=dt.date(day.year, first_month, 1),
            end=_month_end(day.year, first_month + 2),
        )

    @classmethod
    def custom(cls, start: dt.date, end: dt.date) -> Period:
        return cls(kind=PeriodKind.CUSTOM, start=start, end=end)

    @classmethod
    def of_kind(cls, kind: PeriodKind, day: dt.date) -> Period:
        """The month or quarter containing ``day``; a custom kind gives the month."""
        if kind is PeriodKind.QUARTER:
            return cls.quarter_of(day)
        return cls.month_of(day)

    @classmethod
    def covering(cls, period: Period) -> Period:
        """The same days as a month or a quarter when they are exactly one."""
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER):
            whole = cls.of_kind(kind, period.start)
            if (whole.start, whole.end) == (period.start, period.end):
                return whole
        return period

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before this one (same length for custom)."""
        if self.kind is PeriodKind.CUSTOM:
            shift = dt.timedelta(days=self.days)
            return Period.custom(self.start - shift, self.end - shift)
        return Period.of_kind(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        if self.kind is PeriodKind.CUSTOM:
            shift = dt.timedelta(days=self.days)
            return Period.custom(self.start + shift, self.end + shift)
        return Period.of_kind(self.kind, self.end + dt.timedelta(days=1))

    def history(self, count: int) -> list[Period]:
        """``count`` periods ending with this one, oldest first (for trends)."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    @property
    def label(self) -> str:
        """The period as the screen names it: a month, a quarter, or two dates."""
        return self._label(formats.date)

    @property
    def file_label(self) -> str:
        """The same in an exported report, where dates keep their one form
        (:func:`domain.formats.file_date`) whatever the language."""
        return self._label(formats.file_date)

    def _label(self, date_text: Callable[[dt.date], str]) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{tr(f'month.{self.start.month}')} {self.start.year}"
        if self.kind is PeriodKind.QUARTER:
            return tr(
                "period.quarter_label",
                quarter=(self.start.month - 1) // 3 + 1,
                year=self.start.year,
            )
        return tr("period.range_label", start=date_text(self.start), end=date_text(self.end))


MAX_CUSTOM_YEARS = 5


def custom_period(start: dt.date | None, end: dt.date | None) -> Period:
    """A custom range as typed; :class:`InvalidInput` at ``from`` / ``to`` otherwise."""
    errors: dict[str, str] = {}
    if start is None:
        errors["from"] = tr("period.start_missing")
    if end is None:
        errors["to"] = tr("period.end_missing")
    if start is not None and end is not None:
        if end < start:
            errors["to"] = tr("period.end_before_start")
        elif (end - start).days > 366 * MAX_CUSTOM_YEARS:
            errors["to"] = tr("period.too_long", years=MAX_CUSTOM_YEARS)
    if errors or start is None or end is None:
        raise InvalidInput(errors)
    return Period.custom(start, end)


class CaseManagerLoad(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    clients: int


class WorkerFeedback(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    count: int
    average_score: float


class Ratio(BaseModel):
    """A numerator and a denominator counted by the database."""

    model_config = ConfigDict(frozen=True)

    part: float
    whole: float

    def percent(self) -> float | None:
        return None if self.whole == 0 else 100.0 * self.part / self.whole

    def quotient(self) -> float | None:
        return None if self.whole == 0 else self.part / self.whole


class ReportQueries(Protocol):
    """Aggregate SQL over a period; ``team_id`` None means every team and location.

    ``start`` and ``end`` are the period's UTC bounds (end excluded) for
    timestamps; ``first_day`` and ``last_day`` bound date columns (both included).
    """

    def case_manager_loads(self, at: dt.datetime, team_id: int | None) -> list[CaseManagerLoad]:
        """Active clients per case manager at the instant ``at``, largest first."""
        ...

    def returning_clients(
        self,
        start: dt.datetime,
        end: dt.datetime,
        windows: Sequence[int],
        team_id: int | None,
    ) -> list[int]:
        """For each window in days: clients with a visit in the period that came within
        that many days after an earlier visit of theirs had ended."""
        ...

    def assessments_for_overlap(
        self, first_day: dt.date, last_day: dt.date, team_id: int | None
    ) -> list[Assessment]:
        """The assessments of every client assessed in the period, made from 183 days
        before it to its end: what :func:`~domain.network_warnings.clients_with_overlap`
        needs to find the period's overlaps. A period holds a few hundred."""
        ...

    def statutory_deadlines(
        self, first_day: dt.date, last_day: dt.date, today: dt.date, team_id: int | None
    ) -> Ratio:
        """Statutory assessments due in the period: started by the due date / decided
        (started, or due before today)."""
        ...

    def early_support(self, start: dt.datetime, end: dt.datetime, team_id: int | None) -> Ratio:
        """Finished intakes referred to an early-support service / all finished intakes."""
        ...

    def visits_per_hour(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> list[tuple[dt.datetime, int]]:
        """Visits counted per UTC hour of arrival (the hour's start, aware)."""
        ...

    def visits_within_hours(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> Ratio:
        """Visits registered while walk-in was open / all visits."""
        ...

    def referral_channels(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[ReferralChannel, int]: ...

    def closures(self, start: dt.datetime, end: dt.datetime, team_id: int | None) -> Ratio:
        """Closures with the feedback instructions handed over / all closures: finished
        visits and client relationships ended without a successor."""
        ...

    def feedback_by_worker(
        self, first_day: dt.date, last_day: dt.date, team_id: int | None
    ) -> list[WorkerFeedback]:
        """Feedback received in the period per worker, most first."""
        ...

    def proposal_to_meeting_days(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> Ratio:
        """Days from MOTI proposal to the meeting that took it up, summed / proposals,
        for meetings in the period."""
        ...

    def location_ids(self, team_id: int | None) -> list[int]:
        """Locations of the team (every location when None), for opening hours."""
        ...

    # --- Issue 19: the service path's indicators. A distribution comes back as a
    # histogram (whole minutes or days -> how many), so that storage sends a few
    # dozen rows and the domain computes the median (domain.distribution).

    def intake_outcomes(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[OutcomeKind, int]:
        """Finished intakes of the period (the latest version per visit) per outcome."""
        ...

    def unique_and_new_clients(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> tuple[int, int]:
        """Identified clients with a visit in the period, and those of them whose
        first visit ever (at any desk) is in it."""
        ...

    def waiting_minutes(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[int, int]:
        """Visits that arrived in the period and were called: whole minutes from
        arrival to the call -> how many visits waited that long."""
        ...

    def moti_clients(self, start: dt.datetime, end: dt.datetime, team_id: int | None) -> int:
        """Clients whose item a meeting starting in the period discussed (a decision
        or an action recorded on it)."""
        ...

    def days_to_discussion(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[int, int]:
        """Proposals first discussed in a meeting starting in the period: whole days
        from the proposal to that meeting -> how many proposals."""

    def referral_follow_up(
        self, start: dt.datetime, end: dt.datetime, today: dt.date, team_id: int | None
    ) -> ReferralFollowUp:
        """The referrals made in the period: how many, how many reached, how many still
        sent after their expected day as of ``today``, and each reached one's days to
        the first contact (local days)."""
        ...
