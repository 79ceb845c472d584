"""Rows to domain models and back: the only place both shapes meet.

One function per direction and model: ``..._from_row`` reads a row into a
model, ``..._row`` makes a new row from a model, and ``copy_..._to_row`` writes
the fields an edit may change onto a stored row. The repositories call these
instead of naming fields themselves, so a new field is added here once and
both the first save and every edit carry it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel

from domain.callbacks import Callback, CallbackInput
from domain.case_management import CaseManagerAssignment
from domain.catalogue import Service, ServiceInput
from domain.clients import Client, NewClient
from domain.consent import Consent
from domain.contact_details import ContactDetails, ContactDetailsInput
from domain.feedback import Feedback
from domain.identity import parse_hetu
from domain.intake import IntakeContent, IntakeDraft, IntakeRecord, LifeDomain
from domain.joint_client import JointClientDecision, NewJointClientDecision
from domain.moti import (
    Action,
    AgendaItem,
    Decision,
    Meeting,
    Participant,
    Proposal,
    Team,
    TeamMember,
)
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
from domain.sectors import Sector
from domain.staff import Account, Location, Staff
from domain.text import normalise_name
from domain.visit_moves import NewVisitMove, VisitMove
from domain.visits import NewVisit, Visit, VisitSnapshot, VisitState
from storage.orm import (
    ActionRow,
    AgendaItemRow,
    AssessmentRow,
    Base,
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
    TeamMemberRow,
    TeamRow,
    VisitMoveRow,
    VisitRow,
)

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=Base)

READ_AS_IS: dict[type[BaseModel], type[Base]] = {}
"""The models read from a row of the same fields as they are (see :func:`_as_is`)."""


def _as_is(model: type[M], row_type: type[R]) -> Callable[[R], M]:
    """A reader of ``row_type`` rows into ``model``, each field from the column of
    its name: for the models whose every field is a column of the same meaning.
    A test checks each against its table, so a renamed column cannot leave a
    field silently at its default."""
    READ_AS_IS[model] = row_type

    def read(row: R) -> M:
        return model.model_validate(row, from_attributes=True)

    return read


visit_from_row = _as_is(Visit, VisitRow)
staff_from_row = _as_is(Staff, StaffRow)
location_from_row = _as_is(Location, LocationRow)
service_from_row = _as_is(Service, ServiceRow)
professional_from_row = _as_is(Professional, ProfessionalRow)
plan_from_row = _as_is(Plan, PlanRow)
assessment_from_row = _as_is(Assessment, AssessmentRow)
team_from_row = _as_is(Team, TeamRow)
meeting_from_row = _as_is(Meeting, MeetingRow)
proposal_from_row = _as_is(Proposal, ProposalRow)
decision_from_row = _as_is(Decision, DecisionRow)
action_from_row = _as_is(Action, ActionRow)
pending_from_row = _as_is(PendingAssessment, PendingAssessmentRow)
feedback_from_row = _as_is(Feedback, FeedbackRow)
consent_from_row = _as_is(Consent, ConsentRow)
participant_from_row = _as_is(Participant, ParticipantRow)
contact_details_from_row = _as_is(ContactDetails, ClientContactRow)
callback_from_row = _as_is(Callback, CallbackRow)
referral_change_from_row = _as_is(ReferralChange, ReferralChangeRow)


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


def account_from_row(row: StaffRow, locked_until: dt.datetime | None) -> Account:
    return Account(
        staff=staff_from_row(row),
        passphrase_hash=row.passphrase_hash,
        active=row.active,
        locked_until=locked_until,
        version=row.version,
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


def professional_edit_from_row(row: ProfessionalEditRow) -> ProfessionalEdit:
    return ProfessionalEdit(
        professional_id=row.professional_id,
        at=row.at,
        by=row.by,
        fields=tuple(field for field in row.fields.split(",") if field),
    )


def split_ids(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",") if part)


def join_codes(values: frozenset[StrEnum] | frozenset[int]) -> str:
    """A set as one column, the way :func:`split_ids` and the set readers read it back."""
    return ",".join(sorted(str(value) for value in values))


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


def team_member_from_row(row: TeamMemberRow, professional: ProfessionalRow) -> TeamMember:
    return TeamMember(
        id=row.id,
        team_id=row.team_id,
        professional=professional_from_row(professional),
        domains=frozenset(LifeDomain(v) for v in row.domains.split(",") if v),
        sectors=frozenset(Sector(v) for v in row.sectors.split(",") if v),
        availability=row.availability,
    )


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


def new_hours_row(location_id: int, period: OpeningHours) -> OpeningHoursRow:
    return OpeningHoursRow(
        location_id=location_id,
        weekday=period.weekday,
        opens_minute=minute_of(period.opens),
        closes_minute=minute_of(period.closes),
    )


def copy_draft_to_row(
    content: IntakeContent,
    position: str | None,
    row: IntakeDraftRow,
    *,
    by: int,
    at: dt.datetime,
) -> None:
    """A draft is saved whole, as JSON (:func:`draft_from_row` reads it back)."""
    row.content = content.model_dump_json()
    row.position = position
    row.updated_at = at
    row.updated_by = by


def new_record_row(
    visit_id: int,
    client_id: int | None,
    number: int,
    content: IntakeContent,
    *,
    by: int,
    at: dt.datetime,
    supersedes_id: int | None,
) -> IntakeRecordRow:
    """A finished intake: the content as JSON, and the outcome and the service
    referred to also as columns, for the reports to count without reading JSON."""
    assert content.outcome is not None  # a finished intake has one (domain.intake)
    return IntakeRecordRow(
        visit_id=visit_id,
        client_id=client_id,
        number=number,
        content=content.model_dump_json(),
        outcome=content.outcome,
        referral_service_id=content.referral_service_id,
        finished_at=at,
        finished_by=by,
        supersedes_id=supersedes_id,
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


def new_member_row(entry: MemberInput) -> NetworkMemberRow:
    row = NetworkMemberRow(client_id=entry.client_id, professional_id=entry.professional_id)
    copy_member_to_row(entry, row)
    return row


def copy_member_to_row(entry: MemberInput, row: NetworkMemberRow) -> None:
    """What an edit may change; whose network and which professional stay as added."""
    row.close_name = entry.close_name
    row.relation = entry.relation
    row.responsibility = entry.responsibility
    row.since = entry.since
    row.until = entry.until
    row.justification = entry.justification
    row.phone = entry.phone


def new_plan_row(entry: PlanInput) -> PlanRow:
    return PlanRow(**entry.model_dump())


def new_assessment_row(entry: AssessmentInput) -> AssessmentRow:
    return AssessmentRow(**entry.model_dump())


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


def new_callback_row(entry: CallbackInput, *, by: int, at: dt.datetime) -> CallbackRow:
    assert entry.due_on is not None  # checked by the domain
    return CallbackRow(**entry.model_dump(), created_by=by, created_at=at)


def new_referral_change_row(referral_id: int, change: ReferralChange) -> ReferralChangeRow:
    return ReferralChangeRow(referral_id=referral_id, **change.model_dump())


def copy_change_to_referral_row(change: ReferralChange, row: ReferralRow) -> None:
    """A referral shows its latest state; the day the client was reached stays once known."""
    row.state = change.state
    if change.reached_on is not None:
        row.reached_on = change.reached_on
    row.next_action = change.next_action


def new_visit_move_row(move: NewVisitMove) -> VisitMoveRow:
    """The visit as it was before the move is kept in the ``before_`` columns."""
    before = {f"before_{name}": value for name, value in move.before.model_dump().items()}
    return VisitMoveRow(**move.model_dump(exclude={"before"}), **before)


def new_joint_decision_row(new: NewJointClientDecision) -> JointClientDecisionRow:
    return JointClientDecisionRow(
        **new.model_dump(exclude={"criteria"}), criteria=",".join(new.criteria)
    )
