"""The client summary: what a worker reads in 30 seconds before the client sits down.

Read-only, newest first: who manages the client now (and who did before, R5),
each visit with how it ended, and the newest intake's concerns, goals and
resources.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.case_management import CaseManagerAssignment
from domain.catalogue import Service
from domain.clients import Client
from domain.contact_details import ContactDetails
from domain.intake import IntakeRecord
from domain.joint_client import JointClientDecision
from domain.moti import Action, action_owner
from domain.network import Professional
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
