"""Namings to acknowledge: a worker named case manager by a colleague is told so.

A network, a MOTI meeting or a colleague can name a worker case manager for a
client (R4). Until the worker says they have seen it, the naming stays on
their own F7 list with who named them, when and why, so that nobody becomes
responsible for a client without knowing it. Naming oneself needs no
acknowledgement.
"""

from __future__ import annotations

from domain.audit import AccessAction
from domain.case_management import named_by_someone_else
from domain.clock import Clock
from domain.errors import DomainError
from domain.i18n import tr
from domain.named_case_managers import NamingToAcknowledge
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require


def namings_to_acknowledge(uow: UnitOfWork, *, actor: Staff) -> list[NamingToAcknowledge]:
    """The acting worker's namings by others that are not yet acknowledged, oldest first.

    Found through the worker's directory entry, which this never creates: a
    worker without one has been named by nobody (and creating it here would race
    the caseload's own first load). Each client listed is logged as a caseload
    listing (R12).
    """
    with uow:
        require(uow, actor, AccessAction.CASELOAD_LISTED)
        assignments = [
            a
            for a in uow.case_decisions.to_acknowledge(actor.id)
            if named_by_someone_else(a, actor.id)
        ]
        clients = uow.clients.get_many(a.client_id for a in assignments)
        namers = uow.staff.get_many({a.started_by for a in assignments})
        for client_id in clients:
            uow.audit(actor, AccessAction.CASELOAD_LISTED, client_id)
        uow.commit()
    return [
        NamingToAcknowledge(
            client=clients[a.client_id],
            assignment=a,
            named_by=namers[a.started_by].name if a.started_by in namers else "–",
        )
        for a in assignments
    ]


def acknowledge_naming(uow: UnitOfWork, assignment_id: int, *, actor: Staff, clock: Clock) -> None:
    """The named worker has seen the naming: it leaves their list (logged).

    Only the worker who was named can acknowledge it; a colleague cannot
    make a naming look seen.
    """
    with uow:
        assignment = uow.case_decisions.get_assignment(assignment_id)
        require(uow, actor, AccessAction.CASE_MANAGER_UPDATED, assignment.client_id)
        professional = uow.professionals.get(assignment.professional_id)
        if professional.staff_id != actor.id:
            raise DomainError(tr("named_cm.not_yours"))
        uow.case_decisions.acknowledge(assignment_id, clock.now())
        uow.audit(actor, AccessAction.CASE_MANAGER_UPDATED, assignment.client_id)
        uow.commit()
