"""Reading the client summary, newest first, with its access event (R12)."""

from __future__ import annotations

from domain.audit import AccessAction
from domain.intake import IntakeRecord
from domain.moti import ActionState
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.summary import ClientSummary, VisitLine
from domain.use_cases.access import require


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
