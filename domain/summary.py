"""The client summary: what a worker reads in 30 seconds before the client sits down.

Read-only, newest first: who manages the client now (and who did before, R5),
each visit with how it ended, and the newest intake's concerns, goals and
resources.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.access import require
from domain.audit import AccessAction
from domain.case_management import CaseManagerAssignment
from domain.clients import Client
from domain.contact_details import ContactDetails
from domain.intake import IntakeRecord
from domain.joint_client import JointClientDecision
from domain.moti import Action, ActionState, action_owner
from domain.network import Professional
from domain.ports import UnitOfWork
from domain.services import Service
from domain.staff import Staff
from domain.visits import Visit


class VisitLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    visit: Visit
    record: IntakeRecord | None
    """The newest version of the visit's intake, if one was finished."""
    referral: Service | None


class ClientSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    client: Client
    case_manager: CaseManagerAssignment | None
    case_manager_history: tuple[CaseManagerAssignment, ...]
    visits: tuple[VisitLine, ...]
    staff: dict[int, Staff]
    professionals: dict[int, Professional]
    actions: tuple[Action, ...] = ()
    """Open MOTI actions for the client, by due date (R8: they appear on the client's page)."""
    contact: ContactDetails | None = None
    """How to reach the client (empty details at version 0 when none are stored)."""
    joint_decision: JointClientDecision | None = None
    """The worker's latest yhteisasiakas decision with its reasons (R7), if any."""

    @property
    def latest_intake(self) -> IntakeRecord | None:
        for line in self.visits:
            if line.record is not None:
                return line.record
        return None

    def case_manager_name(self, assignment: CaseManagerAssignment) -> str:
        return self.professional_name(assignment.professional_id)

    def professional_name(self, professional_id: int) -> str:
        professional = self.professionals.get(professional_id)
        return professional.name if professional else "–"

    def action_owner(self, action: Action) -> str:
        """Who owns the action: a professional's name, the client, or a close person."""
        names = {pid: professional.name for pid, professional in self.professionals.items()}
        return action_owner(action, names)

    def staff_name(self, staff_id: int | None) -> str:
        staff = self.staff.get(staff_id) if staff_id is not None else None
        return staff.name if staff else "–"


def client_summary(uow: UnitOfWork, client_id: int, *, actor: Staff) -> ClientSummary:
    """Everything the summary page shows, read in one transaction (and logged)."""
    with uow:
        require(uow, actor, AccessAction.SUMMARY_READ, client_id)
        client = uow.clients.get(client_id)
        visits = uow.visits.for_client(client_id)
        newest: dict[int, IntakeRecord] = {}
        for record in uow.intakes.records_for_client(client_id):
            current = newest.get(record.visit_id)
            if current is None or record.number > current.number:
                newest[record.visit_id] = record
        services = {s.id: s for s in uow.services.all(include_inactive=True)}
        history = uow.case_managers.history(client_id)
        actions = uow.meetings.actions(client_id=client_id, state=ActionState.OPEN)
        active = next((a for a in history if a.active), None)
        staff_ids = {v.ended_by or v.called_by or v.registered_by for v in visits}
        joint = uow.case_decisions.latest_joint_decision(client_id)
        if joint is not None:
            staff_ids.add(joint.decided_by)
        lines = []
        for visit in visits:
            latest = newest.get(visit.id)
            service_id = latest.content.referral_service_id if latest else None
            lines.append(
                VisitLine(
                    visit=visit,
                    record=latest,
                    referral=services.get(service_id) if service_id else None,
                )
            )
        summary = ClientSummary(
            client=client,
            case_manager=active,
            case_manager_history=tuple(history),
            visits=tuple(lines),
            staff=uow.staff.get_many(staff_ids),
            professionals=uow.professionals.get_many(
                [a.professional_id for a in history]
                + [a.owner_id for a in actions if a.owner_id is not None]
            ),
            actions=tuple(actions),
            contact=uow.contact_details.get(client_id),
            joint_decision=joint,
        )
        uow.audit(actor, AccessAction.SUMMARY_READ, client_id)
        uow.commit()
    return summary
