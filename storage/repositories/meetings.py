"""The MOTI repository: teams, meetings, backlog, agenda items, decisions, actions."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain.errors import NotFound, Record
from domain.intake import LifeDomain
from domain.moti import (
    Action,
    ActionState,
    AgendaItem,
    CarryReason,
    Decision,
    DecisionKind,
    ItemKind,
    Meeting,
    MeetingState,
    OwnerKind,
    Participant,
    ParticipantKind,
    Proposal,
    Referrer,
    ReturnReason,
    Team,
    TeamMember,
)
from domain.sectors import Sector
from storage.converters import (
    action_from_row,
    copy_item_to_row,
    copy_meeting_to_row,
    decision_from_row,
    item_from_row,
    join_codes,
    meeting_from_row,
    participant_from_row,
    proposal_from_row,
    team_from_row,
    team_member_from_row,
)
from storage.orm import (
    ActionRow,
    AgendaItemRow,
    AttendanceRow,
    DecisionRow,
    MeetingRow,
    ParticipantRow,
    ProfessionalRow,
    ProposalRow,
    TeamMemberRow,
    TeamRow,
)
from storage.versions import refused_if_stale, require_version

RowT = TypeVar("RowT")


class SqlMeetingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _get(self, row_type: type[RowT], row_id: int, record: Record) -> RowT:
        row = self._session.get(row_type, row_id)
        if row is None:
            raise NotFound.of(record)
        return row

    # Teams -----------------------------------------------------------------------

    def teams(self) -> list[Team]:
        return [
            team_from_row(row)
            for row in self._session.scalars(select(TeamRow).order_by(TeamRow.name))
        ]

    def get_team(self, team_id: int) -> Team:
        return team_from_row(self._get(TeamRow, team_id, Record.TEAM))

    def add_team(self, name: str, area: str) -> Team:
        row = TeamRow(name=name, area=area)
        self._session.add(row)
        self._session.flush()
        return team_from_row(row)

    def team_members(self, team_id: int) -> list[TeamMember]:
        rows = self._session.execute(
            select(TeamMemberRow, ProfessionalRow)
            .join(ProfessionalRow, ProfessionalRow.id == TeamMemberRow.professional_id)
            .where(TeamMemberRow.team_id == team_id)
            .order_by(ProfessionalRow.name)
        ).all()
        return [team_member_from_row(member, professional) for member, professional in rows]

    def add_team_member(
        self,
        team_id: int,
        professional_id: int,
        domains: frozenset[LifeDomain],
        sectors: frozenset[Sector],
        availability: str,
    ) -> TeamMember:
        row = TeamMemberRow(
            team_id=team_id,
            professional_id=professional_id,
            domains=join_codes(domains),
            sectors=join_codes(sectors),
            availability=availability,
        )
        self._session.add(row)
        self._session.flush()
        return next(m for m in self.team_members(team_id) if m.id == row.id)

    # Meetings --------------------------------------------------------------------------

    def add_meeting(
        self, team_id: int, starts_at: dt.datetime, length_minutes: int, place: str, video: str
    ) -> Meeting:
        row = MeetingRow(
            team_id=team_id,
            starts_at=starts_at,
            length_minutes=length_minutes,
            place=place,
            video_link=video,
            state=MeetingState.PLANNED,
        )
        self._session.add(row)
        self._session.flush()
        return meeting_from_row(row)

    def get_meeting(self, meeting_id: int) -> Meeting:
        return meeting_from_row(self._get(MeetingRow, meeting_id, Record.MEETING))

    def meetings(self, team_id: int | None) -> list[Meeting]:
        statement = select(MeetingRow).order_by(MeetingRow.starts_at, MeetingRow.id)
        if team_id is not None:
            statement = statement.where(MeetingRow.team_id == team_id)
        return [meeting_from_row(row) for row in self._session.scalars(statement)]

    def save_meeting(self, meeting: Meeting) -> Meeting:
        row = self._get(MeetingRow, meeting.id, Record.MEETING)
        require_version(row.version, meeting.version, Record.MEETING)
        copy_meeting_to_row(meeting, row)
        with refused_if_stale(Record.MEETING):
            self._session.flush()
        return meeting_from_row(row)

    # The backlog -------------------------------------------------------------------------

    def add_proposal(
        self,
        team_id: int | None,
        client_id: int,
        question: str,
        at: dt.datetime,
        by: int,
        deadline: dt.date | None,
        intake_record_id: int | None,
        referred_by: Referrer | None = None,
    ) -> Proposal:
        row = ProposalRow(
            team_id=team_id,
            client_id=client_id,
            question=question,
            proposed_at=at,
            proposed_by=by,
            deadline=deadline,
            intake_record_id=intake_record_id,
            referred_by=referred_by,
        )
        self._session.add(row)
        self._session.flush()
        return proposal_from_row(row)

    def get_proposal(self, proposal_id: int) -> Proposal:
        return proposal_from_row(self._get(ProposalRow, proposal_id, Record.PROPOSAL))

    def backlog(self, team_id: int) -> list[Proposal]:
        rows = self._session.scalars(
            select(ProposalRow)
            .where(
                (ProposalRow.team_id == team_id) | ProposalRow.team_id.is_(None),
                ProposalRow.scheduled.is_(False),
                ProposalRow.handled.is_(False),
            )
            .order_by(ProposalRow.proposed_at, ProposalRow.id)
        )
        return [proposal_from_row(row) for row in rows]

    def mark_proposal(self, proposal_id: int, *, scheduled: bool, handled: bool) -> None:
        row = self._get(ProposalRow, proposal_id, Record.PROPOSAL)
        row.scheduled = scheduled
        row.handled = handled
        self._session.flush()

    # Agenda items ------------------------------------------------------------------------

    def items(self, meeting_id: int) -> list[AgendaItem]:
        rows = self._session.scalars(
            select(AgendaItemRow)
            .where(AgendaItemRow.meeting_id == meeting_id)
            .order_by(AgendaItemRow.position, AgendaItemRow.id)
        )
        return [item_from_row(row) for row in rows]

    def get_item(self, item_id: int) -> AgendaItem:
        return item_from_row(self._get(AgendaItemRow, item_id, Record.AGENDA_ITEM))

    def add_item(
        self,
        meeting_id: int,
        kind: ItemKind,
        client_id: int,
        question: str,
        slot_minutes: int,
        proposal_id: int | None,
        action_id: int | None,
    ) -> AgendaItem:
        position = len(self.items(meeting_id))
        row = AgendaItemRow(
            meeting_id=meeting_id,
            kind=kind,
            client_id=client_id,
            question=question,
            position=position,
            slot_minutes=slot_minutes,
            proposal_id=proposal_id,
            action_id=action_id,
        )
        self._session.add(row)
        self._session.flush()
        return item_from_row(row)

    def update_item(self, item: AgendaItem) -> AgendaItem:
        row = self._get(AgendaItemRow, item.id, Record.AGENDA_ITEM)
        copy_item_to_row(item, row)
        self._session.flush()
        return item_from_row(row)

    def remove_item(self, item_id: int) -> None:
        self._session.execute(delete(AgendaItemRow).where(AgendaItemRow.id == item_id))

    # Decisions, actions, attendance --------------------------------------------------

    def add_decision(
        self,
        item_id: int,
        kind: DecisionKind,
        professional_id: int | None,
        service_id: int | None,
        note: str,
    ) -> Decision:
        row = DecisionRow(
            item_id=item_id,
            kind=kind,
            professional_id=professional_id,
            service_id=service_id,
            note=note,
        )
        self._session.add(row)
        self._session.flush()
        return decision_from_row(row)

    def decisions(self, meeting_id: int) -> list[Decision]:
        rows = self._session.scalars(
            select(DecisionRow)
            .join(AgendaItemRow, AgendaItemRow.id == DecisionRow.item_id)
            .where(AgendaItemRow.meeting_id == meeting_id)
            .order_by(DecisionRow.id)
        )
        return [decision_from_row(row) for row in rows]

    def add_action(
        self,
        item_id: int,
        client_id: int,
        what: str,
        owner_id: int | None,
        due: dt.date,
        owner_kind: OwnerKind = OwnerKind.PROFESSIONAL,
        owner_name: str = "",
        carry_reason: CarryReason | None = None,
    ) -> Action:
        row = ActionRow(
            item_id=item_id,
            client_id=client_id,
            what=what,
            owner_id=owner_id,
            due=due,
            state=ActionState.OPEN,
            carry_reason=carry_reason,
            owner_kind=owner_kind,
            owner_name=owner_name,
        )
        self._session.add(row)
        self._session.flush()
        return action_from_row(row)

    def get_action(self, action_id: int) -> Action:
        return action_from_row(self._get(ActionRow, action_id, Record.ACTION))

    def actions(
        self,
        *,
        meeting_id: int | None = None,
        client_id: int | None = None,
        owner_id: int | None = None,
        team_id: int | None = None,
        state: ActionState | None = None,
    ) -> list[Action]:
        statement = select(ActionRow).join(AgendaItemRow, AgendaItemRow.id == ActionRow.item_id)
        if meeting_id is not None:
            statement = statement.where(AgendaItemRow.meeting_id == meeting_id)
        if team_id is not None:
            statement = statement.join(MeetingRow, MeetingRow.id == AgendaItemRow.meeting_id).where(
                MeetingRow.team_id == team_id
            )
        if client_id is not None:
            statement = statement.where(ActionRow.client_id == client_id)
        if owner_id is not None:
            statement = statement.where(ActionRow.owner_id == owner_id)
        if state is not None:
            statement = statement.where(ActionRow.state == state)
        rows = self._session.scalars(statement.order_by(ActionRow.due, ActionRow.id))
        return [action_from_row(row) for row in rows]

    def set_action_state(
        self, action_id: int, state: ActionState, carry_reason: CarryReason | None
    ) -> Action:
        row = self._get(ActionRow, action_id, Record.ACTION)
        row.state = state
        row.carry_reason = carry_reason
        self._session.flush()
        return action_from_row(row)

    def attendance(self, meeting_id: int) -> dict[int, bool]:
        rows = self._session.scalars(
            select(AttendanceRow).where(AttendanceRow.meeting_id == meeting_id)
        )
        return {row.professional_id: row.present for row in rows}

    def set_attendance(self, meeting_id: int, professional_id: int, present: bool) -> None:
        row = self._session.get(AttendanceRow, (meeting_id, professional_id))
        if row is None:
            self._session.add(
                AttendanceRow(
                    meeting_id=meeting_id, professional_id=professional_id, present=present
                )
            )
        else:
            row.present = present
        self._session.flush()

    # The client in the meeting, and what went back undiscussed (issue 19) --------------

    def set_return(self, item_id: int, proposal_id: int, reason: ReturnReason, note: str) -> None:
        item = self._get(AgendaItemRow, item_id, Record.AGENDA_ITEM)
        proposal = self._get(ProposalRow, proposal_id, Record.PROPOSAL)
        for row in (item, proposal):
            row.return_reason = reason
            row.return_note = note
        self._session.flush()

    def set_client_view(self, item_id: int, text: str) -> AgendaItem:
        row = self._get(AgendaItemRow, item_id, Record.AGENDA_ITEM)
        row.client_view = text
        self._session.flush()
        return item_from_row(row)

    def participants(self, meeting_id: int) -> list[Participant]:
        rows = self._session.scalars(
            select(ParticipantRow)
            .where(ParticipantRow.meeting_id == meeting_id)
            .order_by(ParticipantRow.client_id, ParticipantRow.kind, ParticipantRow.name)
        )
        return [participant_from_row(row) for row in rows]

    def set_participant(
        self,
        meeting_id: int,
        client_id: int,
        kind: ParticipantKind,
        name: str,
        present: bool,
    ) -> Participant:
        row = self._session.scalars(
            select(ParticipantRow).where(
                ParticipantRow.meeting_id == meeting_id,
                ParticipantRow.client_id == client_id,
                ParticipantRow.kind == kind,
                ParticipantRow.name == name,
            )
        ).first()
        if row is None:
            row = ParticipantRow(
                meeting_id=meeting_id, client_id=client_id, kind=kind, name=name, present=present
            )
            self._session.add(row)
        else:
            row.present = present
        self._session.flush()
        return participant_from_row(row)
