"""Aggregate SQL for the service owners' report (R11).

Every method returns what the database counted: a number, a ratio, or one
row per group (case manager, hour, channel, worker). No method loads the
visits or clients themselves, so a quarter of a region's visits costs a few
index range scans, not a million Python objects.

Team filters: visits count for a team through their location's team; case
managers, closures and feedback through the team's members; MOTI proposals
through the meeting's team; assessments through the team's clients (clients
with a visit at the team's locations, a case manager in the team, or a
proposal to the team).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from domain.case_management import EndReason
from domain.clock import HELSINKI
from domain.intake import OutcomeKind
from domain.network import Assessment
from domain.network_warnings import ASSESSMENT_WINDOW
from domain.referrals import ReferralFollowUp, ReferralState
from domain.reports import CaseManagerLoad, Ratio, WorkerFeedback
from domain.visits import ReferralChannel, VisitState
from storage.converters import assessment_from_row
from storage.orm import (
    ActionRow,
    AgendaItemRow,
    AssessmentRow,
    CaseManagerRow,
    DecisionRow,
    FeedbackRow,
    IntakeRecordRow,
    LocationRow,
    MeetingRow,
    PendingAssessmentRow,
    ProfessionalRow,
    ProposalRow,
    ReferralRow,
    ServiceRow,
    StaffRow,
    TeamMemberRow,
    VisitRow,
)
from storage.sql_dates import days_between, hour_bucket, shift_timestamp, whole_units_between


def _team_locations(team_id: int) -> Select[Any]:
    return select(LocationRow.id).where(LocationRow.team_id == team_id)


def _team_professionals(team_id: int) -> Select[Any]:
    return select(TeamMemberRow.professional_id).where(TeamMemberRow.team_id == team_id)


def _of_team_client(client_id: Any, team_id: int) -> ColumnElement[bool]:
    """The client visited the team's locations, has a case manager in the team, or
    was proposed to it. Written as EXISTS per row so that a few hundred
    assessments probe the indexes instead of building the team's whole client list.
    """
    return or_(
        exists().where(
            VisitRow.client_id == client_id, VisitRow.location_id.in_(_team_locations(team_id))
        ),
        exists().where(
            CaseManagerRow.client_id == client_id,
            CaseManagerRow.professional_id.in_(_team_professionals(team_id)),
        ),
        exists().where(ProposalRow.client_id == client_id, ProposalRow.team_id == team_id),
    )


def _count_true(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _utc(value: Any) -> dt.datetime:
    """An hour bucket from either engine as an aware UTC datetime."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    assert isinstance(value, dt.datetime)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


class SqlReportQueries:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _visits_in(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> list[ColumnElement[bool]]:
        conditions = [VisitRow.arrived_at >= start, VisitRow.arrived_at < end]
        if team_id is not None:
            conditions.append(VisitRow.location_id.in_(_team_locations(team_id)))
        return conditions

    def case_manager_loads(self, at: dt.datetime, team_id: int | None) -> list[CaseManagerLoad]:
        clients = func.count(CaseManagerRow.id)
        query = (
            select(ProfessionalRow.name, clients)
            .join(ProfessionalRow, ProfessionalRow.id == CaseManagerRow.professional_id)
            .where(
                CaseManagerRow.started_at <= at,
                or_(CaseManagerRow.ended_at.is_(None), CaseManagerRow.ended_at > at),
            )
            .group_by(ProfessionalRow.id, ProfessionalRow.name)
            .order_by(clients.desc(), ProfessionalRow.name)
        )
        if team_id is not None:
            query = query.where(CaseManagerRow.professional_id.in_(_team_professionals(team_id)))
        return [CaseManagerLoad(name=name, clients=n) for name, n in self._session.execute(query)]

    def returning_clients(
        self,
        start: dt.datetime,
        end: dt.datetime,
        windows: Sequence[int],
        team_id: int | None,
    ) -> list[int]:
        if not windows:
            return []
        # Each visit of the period looks up once (one seek in ix_visits_client_ended)
        # when the client's previous visit ended, and the same subquery turns that
        # into the shortest window the visit came back within. Per client the
        # shortest over their visits is kept, so a window counts the clients whose
        # shortest is at most it. The grouping by client also keeps the lookup in
        # one place: with the windows compared in the outer query instead, SQLite
        # flattens the subquery into every comparison and seeks once per window.
        earlier = aliased(VisitRow)
        previous_end = func.max(earlier.ended_at)
        shortest_window = (
            select(
                case(
                    *[
                        (
                            previous_end >= shift_timestamp(VisitRow.arrived_at, -days),
                            literal_column(str(int(days))),
                        )
                        for days in sorted(set(windows))
                    ]
                )
            )
            .where(earlier.client_id == VisitRow.client_id, earlier.ended_at < VisitRow.arrived_at)
            .correlate(VisitRow)
            .scalar_subquery()
        )
        clients = (
            select(func.min(shortest_window).label("shortest"))
            .where(*self._visits_in(start, end, team_id), VisitRow.client_id.is_not(None))
            .group_by(VisitRow.client_id)
            .subquery()
        )
        counts = [
            _count_true(clients.c.shortest <= literal_column(str(int(days)))) for days in windows
        ]
        return [int(n) for n in self._session.execute(select(*counts)).one()]

    def assessments_for_overlap(
        self, first_day: dt.date, last_day: dt.date, team_id: int | None
    ) -> list[Assessment]:
        # The rows, not a count: the rule of what overlaps lives in the domain
        # (domain.network_warnings.overlapping_pairs), shared with the network
        # view's warning. Only clients assessed in the period, and only their
        # assessments recent enough to pair with one in it, travel.
        in_period = aliased(AssessmentRow)
        query = (
            select(AssessmentRow)
            .where(
                AssessmentRow.made_on >= first_day - dt.timedelta(days=ASSESSMENT_WINDOW.days),
                AssessmentRow.made_on <= last_day,
                exists().where(
                    in_period.client_id == AssessmentRow.client_id,
                    in_period.made_on >= first_day,
                    in_period.made_on <= last_day,
                ),
            )
            .order_by(AssessmentRow.client_id, AssessmentRow.made_on, AssessmentRow.id)
        )
        if team_id is not None:
            query = query.where(_of_team_client(AssessmentRow.client_id, team_id))
        return [assessment_from_row(row) for row in self._session.scalars(query)]

    def statutory_deadlines(
        self, first_day: dt.date, last_day: dt.date, today: dt.date, team_id: int | None
    ) -> Ratio:
        row = PendingAssessmentRow
        started = row.started_on.is_not(None)
        query = select(
            _count_true(and_(started, row.started_on <= row.due_on)),
            _count_true(or_(started, row.due_on < today)),
        ).where(row.statutory.is_(True), row.due_on >= first_day, row.due_on <= last_day)
        if team_id is not None:
            query = query.where(_of_team_client(row.client_id, team_id))
        met, decided = self._session.execute(query).one()
        return Ratio(part=met, whole=decided)

    def early_support(self, start: dt.datetime, end: dt.datetime, team_id: int | None) -> Ratio:
        newer = aliased(IntakeRecordRow)
        latest = ~exists().where(
            newer.visit_id == IntakeRecordRow.visit_id, newer.number > IntakeRecordRow.number
        )
        referred_early = and_(
            IntakeRecordRow.outcome == OutcomeKind.REFERRED, ServiceRow.early_support.is_(True)
        )
        query = (
            select(_count_true(referred_early), func.count(IntakeRecordRow.id))
            .outerjoin(ServiceRow, ServiceRow.id == IntakeRecordRow.referral_service_id)
            .where(IntakeRecordRow.finished_at >= start, IntakeRecordRow.finished_at < end, latest)
        )
        if team_id is not None:
            # EXISTS per intake, not a join: joined, SQLite starts from the team's
            # visits (ix_visits_location_arrived, every visit the locations ever had)
            # and probes each for intakes; here the period's intakes probe their visit.
            query = query.where(
                exists().where(
                    VisitRow.id == IntakeRecordRow.visit_id,
                    VisitRow.location_id.in_(_team_locations(team_id)),
                )
            )
        part, whole = self._session.execute(query).one()
        return Ratio(part=part, whole=whole)

    def visits_per_hour(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> list[tuple[dt.datetime, int]]:
        bucket = hour_bucket(VisitRow.arrived_at)
        query = (
            select(bucket, func.count(VisitRow.id))
            .where(*self._visits_in(start, end, team_id))
            .group_by(bucket)
            .order_by(bucket)
        )
        return [(_utc(hour), n) for hour, n in self._session.execute(query)]

    def visits_within_hours(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> Ratio:
        query = select(
            _count_true(VisitRow.outside_hours.is_(False)), func.count(VisitRow.id)
        ).where(*self._visits_in(start, end, team_id))
        part, whole = self._session.execute(query).one()
        return Ratio(part=part, whole=whole)

    def referral_channels(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[ReferralChannel, int]:
        query = (
            select(VisitRow.channel, func.count(VisitRow.id))
            .where(*self._visits_in(start, end, team_id))
            .group_by(VisitRow.channel)
        )
        return {channel: n for channel, n in self._session.execute(query)}

    def closures(self, start: dt.datetime, end: dt.datetime, team_id: int | None) -> Ratio:
        visits = select(
            _count_true(VisitRow.feedback_given.is_(True)), func.count(VisitRow.id)
        ).where(
            VisitRow.state == VisitState.DONE,
            VisitRow.ended_at >= start,
            VisitRow.ended_at < end,
        )
        relationships = select(
            _count_true(CaseManagerRow.feedback_given.is_(True)), func.count(CaseManagerRow.id)
        ).where(
            CaseManagerRow.ended_at >= start,
            CaseManagerRow.ended_at < end,
            CaseManagerRow.end_reason != EndReason.REPLACED,
        )
        if team_id is not None:
            # A join on the location, not ``location_id IN (the team's locations)``:
            # given the IN, SQLite reads every visit of those locations through
            # ix_visits_location_arrived, whose second column does not help here,
            # instead of the period's range of ix_visits_ended.
            visits = visits.join(LocationRow, LocationRow.id == VisitRow.location_id).where(
                LocationRow.team_id == team_id
            )
            relationships = relationships.where(
                CaseManagerRow.professional_id.in_(_team_professionals(team_id))
            )
        given_v, all_v = self._session.execute(visits).one()
        given_r, all_r = self._session.execute(relationships).one()
        return Ratio(part=given_v + given_r, whole=all_v + all_r)

    def feedback_by_worker(
        self, first_day: dt.date, last_day: dt.date, team_id: int | None
    ) -> list[WorkerFeedback]:
        name = func.coalesce(ProfessionalRow.name, StaffRow.name, literal(""))
        count = func.count(FeedbackRow.id)
        query = (
            select(name, count, func.avg(FeedbackRow.score))
            .select_from(FeedbackRow)
            .outerjoin(ProfessionalRow, ProfessionalRow.id == FeedbackRow.professional_id)
            .outerjoin(StaffRow, StaffRow.id == FeedbackRow.staff_id)
            .where(FeedbackRow.given_on >= first_day, FeedbackRow.given_on <= last_day)
            .group_by(name)
            .order_by(count.desc(), name)
        )
        if team_id is not None:
            query = query.where(
                or_(
                    FeedbackRow.location_id.in_(_team_locations(team_id)),
                    FeedbackRow.professional_id.in_(_team_professionals(team_id)),
                )
            )
        return [
            WorkerFeedback(name=worker, count=n, average_score=float(average))
            for worker, n, average in self._session.execute(query)
        ]

    def proposal_to_meeting_days(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> Ratio:
        first_meeting = func.min(MeetingRow.starts_at).label("first_meeting")
        per_proposal = (
            select(ProposalRow.id, ProposalRow.proposed_at, first_meeting)
            .join(AgendaItemRow, AgendaItemRow.proposal_id == ProposalRow.id)
            .join(MeetingRow, MeetingRow.id == AgendaItemRow.meeting_id)
            .group_by(ProposalRow.id, ProposalRow.proposed_at)
        )
        if team_id is not None:
            per_proposal = per_proposal.where(MeetingRow.team_id == team_id)
        sub = per_proposal.subquery()
        query = select(
            func.coalesce(func.sum(days_between(sub.c.first_meeting, sub.c.proposed_at)), 0.0),
            func.count(sub.c.id),
        ).where(sub.c.first_meeting >= start, sub.c.first_meeting < end)
        total_days, proposals = self._session.execute(query).one()
        return Ratio(part=float(total_days), whole=proposals)

    def location_ids(self, team_id: int | None) -> list[int]:
        query = select(LocationRow.id).order_by(LocationRow.id)
        if team_id is not None:
            query = query.where(LocationRow.team_id == team_id)
        return list(self._session.scalars(query))

    # --- Issue 19: the service path's indicators (intake outcomes, clients, waiting,
    # MOTI volume). Distributions come back as histograms, whole units -> count, so
    # that the medians are computed in the domain from a few dozen rows.

    def _latest_intakes(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> list[ColumnElement[bool]]:
        """The finished intakes of the period, the latest version per visit."""
        newer = aliased(IntakeRecordRow)
        conditions: list[ColumnElement[bool]] = [
            IntakeRecordRow.finished_at >= start,
            IntakeRecordRow.finished_at < end,
            ~exists().where(
                newer.visit_id == IntakeRecordRow.visit_id, newer.number > IntakeRecordRow.number
            ),
        ]
        if team_id is not None:
            conditions.append(
                exists().where(
                    VisitRow.id == IntakeRecordRow.visit_id,
                    VisitRow.location_id.in_(_team_locations(team_id)),
                )
            )
        return conditions

    def intake_outcomes(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[OutcomeKind, int]:
        query = (
            select(IntakeRecordRow.outcome, func.count(IntakeRecordRow.id))
            .where(*self._latest_intakes(start, end, team_id))
            .group_by(IntakeRecordRow.outcome)
        )
        return {outcome: n for outcome, n in self._session.execute(query)}

    def unique_and_new_clients(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> tuple[int, int]:
        earlier = aliased(VisitRow)
        first_ever = ~exists().where(
            earlier.client_id == VisitRow.client_id, earlier.arrived_at < start
        )
        clients = (
            select(VisitRow.client_id, first_ever.label("new"))
            .where(*self._visits_in(start, end, team_id), VisitRow.client_id.is_not(None))
            .group_by(VisitRow.client_id)
            .subquery()
        )
        unique, new = self._session.execute(
            select(func.count(clients.c.client_id), _count_true(clients.c.new.is_(True)))
        ).one()
        return int(unique), int(new)

    def waiting_minutes(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[int, int]:
        minutes = whole_units_between(VisitRow.called_at, VisitRow.arrived_at, 60)
        query = (
            select(minutes, func.count(VisitRow.id))
            .where(*self._visits_in(start, end, team_id), VisitRow.called_at.is_not(None))
            .group_by(minutes)
        )
        return {int(m): n for m, n in self._session.execute(query)}

    def _discussed_items(self, team_id: int | None) -> Select[int, int, int | None, dt.datetime]:
        """Agenda items the team discussed: a decision or an action was recorded on
        them (what closing the meeting counts as handled), with their meeting's start."""
        query = (
            select(
                AgendaItemRow.id,
                AgendaItemRow.client_id,
                AgendaItemRow.proposal_id,
                MeetingRow.starts_at,
            )
            .join(MeetingRow, MeetingRow.id == AgendaItemRow.meeting_id)
            .where(
                or_(
                    exists().where(DecisionRow.item_id == AgendaItemRow.id),
                    exists().where(ActionRow.item_id == AgendaItemRow.id),
                )
            )
        )
        if team_id is not None:
            query = query.where(MeetingRow.team_id == team_id)
        return query

    def moti_clients(self, start: dt.datetime, end: dt.datetime, team_id: int | None) -> int:
        items = self._discussed_items(team_id).subquery()
        query = select(func.count(func.distinct(items.c.client_id))).where(
            items.c.starts_at >= start, items.c.starts_at < end
        )
        return int(self._session.scalar(query) or 0)

    def days_to_discussion(
        self, start: dt.datetime, end: dt.datetime, team_id: int | None
    ) -> dict[int, int]:
        items = self._discussed_items(team_id).subquery()
        first = (
            select(items.c.proposal_id, func.min(items.c.starts_at).label("discussed_at"))
            .where(items.c.proposal_id.is_not(None))
            .group_by(items.c.proposal_id)
            .subquery()
        )
        days = whole_units_between(first.c.discussed_at, ProposalRow.proposed_at, 86400)
        query = (
            select(days, func.count(ProposalRow.id))
            .join(first, first.c.proposal_id == ProposalRow.id)
            .where(first.c.discussed_at >= start, first.c.discussed_at < end)
            .group_by(days)
        )
        return {int(d): n for d, n in self._session.execute(query)}

    # Referral follow-up (issue 19) ------------------------------------------------------

    def referral_follow_up(
        self, start: dt.datetime, end: dt.datetime, today: dt.date, team_id: int | None
    ) -> ReferralFollowUp:
        made_in_period = and_(ReferralRow.made_at >= start, ReferralRow.made_at < end)
        if team_id is not None:
            made_in_period = and_(made_in_period, _of_team_client(ReferralRow.client_id, team_id))
        made, reached, not_followed = self._session.execute(
            select(
                func.count(ReferralRow.id),
                func.coalesce(
                    func.sum(case((ReferralRow.state == ReferralState.REACHED, 1), else_=0)), 0
                ),
                func.coalesce(
                    func.sum(
                        case(
                            (
                                and_(
                                    ReferralRow.state == ReferralState.SENT,
                                    ReferralRow.expected_on < today,
                                ),
                                1,
                            ),
                            else_=0,
                        )
                    ),
                    0,
                ),
            ).where(made_in_period)
        ).one()
        contacts = self._session.execute(
            select(ReferralRow.made_at, ReferralRow.reached_on).where(
                made_in_period,
                ReferralRow.state == ReferralState.REACHED,
                ReferralRow.reached_on.is_not(None),
            )
        )
        days = tuple(
            sorted(
                max(0, (reached_on - made_at.astimezone(HELSINKI).date()).days)
                for made_at, reached_on in contacts
                if reached_on is not None
            )
        )
        return ReferralFollowUp(
            made=made, reached=int(reached), not_followed=int(not_followed), first_contact_days=days
        )
