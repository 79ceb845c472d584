"""Rows to domain models and back: the only place both shapes meet."""

from __future__ import annotations

import datetime as dt

from domain.case_management import CaseManagerAssignment
from domain.catalogue import Service
from domain.clients import Client
from domain.consent import Consent
from domain.feedback import Feedback
from domain.identity import parse_hetu
from domain.intake import IntakeContent, IntakeDraft, IntakeRecord
from domain.moti import Action, AgendaItem, Decision, Meeting, Proposal, Team
from domain.need_assessment import PendingAssessment
from domain.network import Assessment, NetworkMember, Plan, Professional
from domain.opening_hours import OpeningHours
from domain.staff import Account, Location, Staff
from domain.visits import Visit
from storage.orm import (
    ActionRow,
    AgendaItemRow,
    AssessmentRow,
    CaseManagerRow,
    ClientRow,
    ConsentRow,
    DecisionRow,
    FeedbackRow,
    IntakeDraftRow,
    IntakeRecordRow,
    LocationRow,
    MeetingRow,
    NetworkMemberRow,
    NetworkRoleRow,
    OpeningHoursRow,
    PendingAssessmentRow,
    PlanRow,
    ProfessionalRow,
    ProposalRow,
    ServiceRow,
    StaffRow,
    TeamRow,
    VisitRow,
)


def client_from_row(row: ClientRow) -> Client:
    return Client(
        id=row.id,
        name=row.name,
        # Stored codes were validated on the way in; temporary ones are allowed
        # here because a client may have been registered with one.
        hetu=parse_hetu(row.hetu, allow_temporary=True) if row.hetu else None,
        birth_year=row.birth_year,
        created_at=row.created_at,
        version=row.version,
        highest_care_allowance=row.highest_care_allowance,
    )


def visit_from_row(row: VisitRow) -> Visit:
    return Visit(
        id=row.id,
        location_id=row.location_id,
        client_id=row.client_id,
        reason=row.reason,
        channel=row.channel,
        urgency=row.urgency,
        state=row.state,
        arrived_at=row.arrived_at,
        registered_by=row.registered_by,
        called_at=row.called_at,
        called_by=row.called_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        version=row.version,
        outside_hours=row.outside_hours,
        absent_at=row.absent_at,
    )


def copy_visit_to_row(visit: Visit, row: VisitRow) -> None:
    """The fields a move may change; arrival never changes, and identity is only added:
    an unidentified visit gets its client when its outcome needs one."""
    if row.client_id is None:
        row.client_id = visit.client_id
    row.state = visit.state
    row.called_at = visit.called_at
    row.called_by = visit.called_by
    row.ended_at = visit.ended_at
    row.ended_by = visit.ended_by
    row.absent_at = visit.absent_at


def staff_from_row(row: StaffRow) -> Staff:
    return Staff(id=row.id, name=row.name, role=row.role)


def account_from_row(row: StaffRow, locked_until: dt.datetime | None) -> Account:
    return Account(
        staff=staff_from_row(row),
        passphrase_hash=row.passphrase_hash,
        active=row.active,
        locked_until=locked_until,
        version=row.version,
    )


def location_from_row(row: LocationRow) -> Location:
    return Location(id=row.id, code=row.code, name=row.name, team_id=row.team_id)


def service_from_row(row: ServiceRow) -> Service:
    return Service(
        id=row.id,
        name=row.name,
        sector=row.sector,
        contact=row.contact,
        active=row.active,
        work_ability=row.work_ability,
        version=row.version,
        early_support=row.early_support,
        external_organisation=row.external_organisation,
    )


def draft_from_row(row: IntakeDraftRow) -> IntakeDraft:
    return IntakeDraft(
        visit_id=row.visit_id,
        content=IntakeContent.model_validate_json(row.content),
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        version=row.version,
        position=row.position,
    )


def record_from_row(row: IntakeRecordRow) -> IntakeRecord:
    return IntakeRecord(
        id=row.id,
        visit_id=row.visit_id,
        client_id=row.client_id,
        number=row.number,
        content=IntakeContent.model_validate_json(row.content),
        finished_at=row.finished_at,
        finished_by=row.finished_by,
        supersedes_id=row.supersedes_id,
    )


def assignment_from_row(row: CaseManagerRow) -> CaseManagerAssignment:
    return CaseManagerAssignment(
        id=row.id,
        client_id=row.client_id,
        professional_id=row.professional_id,
        interim=row.interim,
        started_at=row.started_at,
        started_by=row.started_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        end_reason=row.end_reason,
        end_note=row.end_note,
        feedback_given=row.feedback_given,
        start_reason=row.start_reason,
        acknowledged_at=row.acknowledged_at,
    )


def professional_from_row(row: ProfessionalRow) -> Professional:
    return Professional(
        id=row.id,
        name=row.name,
        title=row.title,
        organisation=row.organisation,
        sector=row.sector,
        phone=row.phone,
        email=row.email,
        staff_id=row.staff_id,
        version=row.version,
    )


def member_from_row(
    row: NetworkMemberRow, professional: ProfessionalRow | None, roles: list[NetworkRoleRow]
) -> NetworkMember:
    return NetworkMember(
        id=row.id,
        client_id=row.client_id,
        professional=professional_from_row(professional) if professional else None,
        close_name=row.close_name,
        relation=row.relation,
        responsibility=row.responsibility,
        since=row.since,
        until=row.until,
        roles=frozenset(role.role for role in roles),
        justification=row.justification,
        version=row.version,
        phone=row.phone,
    )


def plan_from_row(row: PlanRow) -> Plan:
    return Plan(
        id=row.id,
        client_id=row.client_id,
        kind=row.kind,
        organisation=row.organisation,
        made_on=row.made_on,
        next_review=row.next_review,
    )


def assessment_from_row(row: AssessmentRow) -> Assessment:
    return Assessment(
        id=row.id,
        client_id=row.client_id,
        domain=row.domain,
        kind=row.kind,
        assessor=row.assessor,
        organisation=row.organisation,
        made_on=row.made_on,
    )


def split_ids(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",") if part)


def team_from_row(row: TeamRow) -> Team:
    return Team(id=row.id, name=row.name, area=row.area)


def meeting_from_row(row: MeetingRow) -> Meeting:
    return Meeting(
        id=row.id,
        team_id=row.team_id,
        starts_at=row.starts_at,
        length_minutes=row.length_minutes,
        place=row.place,
        video_link=row.video_link,
        state=row.state,
        minutes=row.minutes,
        version=row.version,
    )


def proposal_from_row(row: ProposalRow) -> Proposal:
    return Proposal(
        id=row.id,
        team_id=row.team_id,
        client_id=row.client_id,
        question=row.question,
        proposed_at=row.proposed_at,
        proposed_by=row.proposed_by,
        deadline=row.deadline,
        scheduled=row.scheduled,
        handled=row.handled,
        referred_by=row.referred_by,
        return_reason=row.return_reason,
        return_note=row.return_note,
    )


def item_from_row(row: AgendaItemRow) -> AgendaItem:
    return AgendaItem(
        id=row.id,
        meeting_id=row.meeting_id,
        kind=row.kind,
        client_id=row.client_id,
        question=row.question,
        position=row.position,
        slot_minutes=row.slot_minutes,
        proposal_id=row.proposal_id,
        action_id=row.action_id,
        invitees=split_ids(row.invitees),
        client_view=row.client_view,
        return_reason=row.return_reason,
        return_note=row.return_note,
    )


def decision_from_row(row: DecisionRow) -> Decision:
    return Decision(
        id=row.id,
        item_id=row.item_id,
        kind=row.kind,
        professional_id=row.professional_id,
        service_id=row.service_id,
        note=row.note,
    )


def action_from_row(row: ActionRow) -> Action:
    return Action(
        id=row.id,
        item_id=row.item_id,
        client_id=row.client_id,
        what=row.what,
        owner_id=row.owner_id,
        due=row.due,
        state=row.state,
        carry_reason=row.carry_reason,
        owner_kind=row.owner_kind,
        owner_name=row.owner_name,
    )


def minute_of(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def time_of(minute: int) -> dt.time:
    # 24:00 is stored as 1440; the domain's dt.time cannot say it, so it ends at 23:59.
    return dt.time(23, 59) if minute >= 24 * 60 else dt.time(minute // 60, minute % 60)


def hours_from_row(row: OpeningHoursRow) -> OpeningHours:
    return OpeningHours(
        location_id=row.location_id,
        weekday=row.weekday,
        opens=time_of(row.opens_minute),
        closes=time_of(row.closes_minute),
    )


def pending_from_row(row: PendingAssessmentRow) -> PendingAssessment:
    return PendingAssessment(
        id=row.id,
        client_id=row.client_id,
        pending_since=row.pending_since,
        due_on=row.due_on,
        statutory=row.statutory,
        started_on=row.started_on,
        recorded_by=row.recorded_by,
        version=row.version,
    )


def feedback_from_row(row: FeedbackRow) -> Feedback:
    return Feedback(
        id=row.id,
        kind=row.kind,
        score=row.score,
        text=row.text,
        given_on=row.given_on,
        anonymous=row.anonymous,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        visit_id=row.visit_id,
        assignment_id=row.assignment_id,
        client_id=row.client_id,
        staff_id=row.staff_id,
        professional_id=row.professional_id,
        location_id=row.location_id,
    )


def consent_from_row(row: ConsentRow) -> Consent:
    return Consent(
        id=row.id,
        client_id=row.client_id,
        organisation=row.organisation,
        kind=row.kind,
        given_on=row.given_on,
        withdrawn_on=row.withdrawn_on,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        version=row.version,
    )
