"""Rows to domain models and back: the only place both shapes meet.

One function per direction and model: ``..._from_row`` reads a row into a
model, ``..._row`` makes a new row from a model, and ``copy_..._to_row`` writes
the fields an edit may change onto a stored row. The repositories call these
instead of naming fields themselves, so a new field is added here once and
both the first save and every edit carry it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from domain.callbacks import Callback, CallbackInput
from domain.case_management import CaseManagerAssignment
from domain.catalogue import Service, ServiceInput
from domain.clients import Client, NewClient
from domain.consent import Consent
from domain.contact_details import ContactDetails, ContactDetailsInput
from domain.feedback import Feedback
from domain.identity import parse_hetu
from domain.intake import IntakeContent, IntakeDraft, IntakeRecord
from domain.joint_client import JointClientDecision, NewJointClientDecision
from domain.moti import Action, AgendaItem, Decision, Meeting, Participant, Proposal, Team
from domain.need_assessment import PendingAssessment
from domain.network import (
    Assessment,
    AssessmentInput,
    MemberInput,
    NetworkMember,
    Plan,
    PlanInput,
    Professional,
    ProfessionalEdit,
    ProfessionalInput,
)
from domain.opening_hours import OpeningHours
from domain.referrals import Referral, ReferralChange
from domain.staff import Account, Location, Staff
from domain.text import normalise_name
from domain.visit_moves import NewVisitMove, VisitMove
from domain.visits import NewVisit, Visit, VisitSnapshot, VisitState
from storage.orm import (
    ActionRow,
    AgendaItemRow,
    AssessmentRow,
    CallbackRow,
    CaseManagerRow,
    ClientContactRow,
    ClientRow,
    ConsentRow,
    DecisionRow,
    FeedbackRow,
    IntakeDraftRow,
    IntakeRecordRow,
    JointClientDecisionRow,
    LocationRow,
    MeetingRow,
    NetworkMemberRow,
    NetworkRoleRow,
    OpeningHoursRow,
    ParticipantRow,
    PendingAssessmentRow,
    PlanRow,
    ProfessionalEditRow,
    ProfessionalRow,
    ProposalRow,
    ReferralChangeRow,
    ReferralRow,
    ServiceRow,
    StaffRow,
    TeamRow,
    VisitMoveRow,
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


def new_client_row(new: NewClient, created_at: dt.datetime) -> ClientRow:
    return ClientRow(
        name=new.name,
        name_key=normalise_name(new.name or ""),
        hetu=new.hetu.code if new.hetu else None,
        birth_year=new.birth_year,
        created_at=created_at,
    )


def new_visit_row(new: NewVisit) -> VisitRow:
    """A visit arrives waiting; every later state is a move (:func:`copy_visit_to_row`)."""
    return VisitRow(**new.model_dump(), state=VisitState.WAITING)


def copy_service_to_row(entry: ServiceInput, row: ServiceRow) -> None:
    row.name = entry.name
    row.sector = entry.sector
    row.contact = entry.contact
    row.active = entry.active
    row.work_ability = entry.work_ability
    row.early_support = entry.early_support
    row.external_organisation = entry.external_organisation


def professional_search_key(professional: ProfessionalInput | ProfessionalRow) -> str:
    """What the directory search matches: name, title and organisation together."""
    return normalise_name(
        " ".join((professional.name, professional.title, professional.organisation))
    )


def copy_professional_to_row(entry: ProfessionalInput, row: ProfessionalRow) -> None:
    row.name = entry.name
    row.title = entry.title
    row.organisation = entry.organisation
    row.sector = entry.sector
    row.phone = entry.phone
    row.email = entry.email
    row.name_key = professional_search_key(entry)


def professional_edit_from_row(row: ProfessionalEditRow) -> ProfessionalEdit:
    return ProfessionalEdit(
        professional_id=row.professional_id,
        at=row.at,
        by=row.by,
        fields=tuple(field for field in row.fields.split(",") if field),
    )


def copy_member_to_row(entry: MemberInput, row: NetworkMemberRow) -> None:
    """What an edit may change; whose network and which professional stay as added."""
    row.close_name = entry.close_name
    row.relation = entry.relation
    row.responsibility = entry.responsibility
    row.since = entry.since
    row.until = entry.until
    row.justification = entry.justification
    row.phone = entry.phone


def new_member_row(entry: MemberInput) -> NetworkMemberRow:
    row = NetworkMemberRow(client_id=entry.client_id, professional_id=entry.professional_id)
    copy_member_to_row(entry, row)
    return row


def new_plan_row(entry: PlanInput) -> PlanRow:
    return PlanRow(**entry.model_dump())


def new_assessment_row(entry: AssessmentInput) -> AssessmentRow:
    return AssessmentRow(**entry.model_dump())


def join_codes(values: frozenset[StrEnum] | frozenset[int]) -> str:
    """A set as one column, the way :func:`split_ids` and the set readers read it back."""
    return ",".join(sorted(str(value) for value in values))


def copy_meeting_to_row(meeting: Meeting, row: MeetingRow) -> None:
    """What a meeting's course changes; its team and time are set when it is planned."""
    row.state = meeting.state
    row.minutes = meeting.minutes
    row.place = meeting.place
    row.video_link = meeting.video_link


def copy_item_to_row(item: AgendaItem, row: AgendaItemRow) -> None:
    """What planning the agenda changes; the item's client and kind stay as added."""
    row.position = item.position
    row.slot_minutes = item.slot_minutes
    row.question = item.question
    row.action_id = item.action_id
    row.invitees = join_codes(item.invitees)


def participant_from_row(row: ParticipantRow) -> Participant:
    return Participant(
        id=row.id,
        meeting_id=row.meeting_id,
        client_id=row.client_id,
        kind=row.kind,
        name=row.name,
        present=row.present,
    )


def contact_details_from_row(row: ClientContactRow) -> ContactDetails:
    return ContactDetails(
        client_id=row.client_id,
        phone=row.phone,
        contact_way=row.contact_way,
        language=row.language,
        language_other=row.language_other,
        interpreter=row.interpreter,
        interpreter_language=row.interpreter_language,
        address=row.address,
        version=row.version,
    )


def copy_contact_details_to_row(entry: ContactDetailsInput, row: ClientContactRow) -> None:
    row.phone = entry.phone
    row.contact_way = entry.contact_way
    row.language = entry.language
    row.language_other = entry.language_other
    row.interpreter = entry.interpreter
    row.interpreter_language = entry.interpreter_language
    row.address = entry.address
    row.updated_by = entry.saved_by
    row.updated_at = entry.saved_at


def callback_from_row(row: CallbackRow) -> Callback:
    return Callback(
        id=row.id,
        client_id=row.client_id,
        caller_id=row.caller_id,
        due_on=row.due_on,
        due_time=row.due_time,
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
        done_at=row.done_at,
        done_by=row.done_by,
        version=row.version,
    )


def new_callback_row(entry: CallbackInput, *, by: int, at: dt.datetime) -> CallbackRow:
    assert entry.due_on is not None  # checked by the domain
    return CallbackRow(**entry.model_dump(), created_by=by, created_at=at)


def referral_change_from_row(row: ReferralChangeRow) -> ReferralChange:
    return ReferralChange(
        state=row.state,
        by=row.by,
        at=row.at,
        reached_on=row.reached_on,
        next_action=row.next_action,
        note=row.note,
    )


def new_referral_change_row(referral_id: int, change: ReferralChange) -> ReferralChangeRow:
    return ReferralChangeRow(referral_id=referral_id, **change.model_dump())


def referral_from_row(row: ReferralRow, changes: list[ReferralChangeRow]) -> Referral:
    return Referral(
        id=row.id,
        client_id=row.client_id,
        source=row.source,
        source_id=row.source_id,
        service_id=row.service_id,
        target=row.target,
        expected_on=row.expected_on,
        made_by=row.made_by,
        made_at=row.made_at,
        state=row.state,
        reached_on=row.reached_on,
        next_action=row.next_action,
        history=tuple(referral_change_from_row(change) for change in changes),
        version=row.version,
    )


def visit_move_from_row(row: VisitMoveRow) -> VisitMove:
    return VisitMove(
        id=row.id,
        visit_id=row.visit_id,
        location_id=row.location_id,
        kind=row.kind,
        moved_by=row.moved_by,
        moved_at=row.moved_at,
        to_state=row.to_state,
        before=VisitSnapshot(
            state=row.before_state,
            called_at=row.before_called_at,
            called_by=row.before_called_by,
            ended_at=row.before_ended_at,
            ended_by=row.before_ended_by,
            absent_at=row.before_absent_at,
        ),
        undone_at=row.undone_at,
    )


def new_visit_move_row(move: NewVisitMove) -> VisitMoveRow:
    """The visit as it was before the move is kept in the ``before_`` columns."""
    before = {f"before_{name}": value for name, value in move.before.model_dump().items()}
    return VisitMoveRow(**move.model_dump(exclude={"before"}), **before)


def joint_decision_from_row(row: JointClientDecisionRow) -> JointClientDecision:
    return JointClientDecision(
        id=row.id,
        client_id=row.client_id,
        joint=row.joint,
        criteria=tuple(code for code in row.criteria.split(",") if code),
        note=row.note,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def new_joint_decision_row(new: NewJointClientDecision) -> JointClientDecisionRow:
    return JointClientDecisionRow(
        **new.model_dump(exclude={"criteria"}), criteria=",".join(new.criteria)
    )
