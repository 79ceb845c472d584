"""Use cases of the coordinator: the network, the one case manager, caseloads.

Each is one transaction on the unit of work, and every read or write of a
client's network is logged (R12).
"""

from __future__ import annotations

import datetime as dt

from domain.access import Task, require_task
from domain.audit import AccessAction
from domain.case_management import (
    ENDING_REASONS,
    CaseManagerAssignment,
    EndParticipants,
    EndReason,
    check_end_note,
    check_naming_reason,
)
from domain.clock import HELSINKI, Clock
from domain.coordination import CaseloadEntry
from domain.errors import DomainError, InvalidInput, NotFound
from domain.i18n import tr
from domain.network import (
    PROFESSIONAL_FIELDS,
    Assessment,
    AssessmentInput,
    AssignmentView,
    ClientNetwork,
    MemberInput,
    NetworkMember,
    Plan,
    PlanInput,
    Professional,
    ProfessionalEdit,
    ProfessionalInput,
    changed_fields,
)
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require, require_caseload_move

DIRECTORY_LIMIT = 50


def _today(clock: Clock) -> dt.date:
    return clock.now().astimezone(HELSINKI).date()


def read_network(uow: UnitOfWork, client_id: int) -> ClientNetwork:
    """Everything about the network, inside an open unit of work; the caller logs it."""
    client = uow.clients.get(client_id)
    history = uow.case_decisions.with_participants(uow.case_managers.history(client_id))
    professionals = uow.professionals.get_many(a.professional_id for a in history)
    views = tuple(
        AssignmentView(assignment=a, professional=professionals[a.professional_id]) for a in history
    )
    visits = uow.visits.for_client(client_id)
    services = {s.id: s for s in uow.services.all(include_inactive=True)}
    referral_ids = {
        r.content.referral_service_id
        for r in uow.intakes.records_for_client(client_id)
        if r.content.referral_service_id is not None
    }
    return ClientNetwork(
        client=client,
        members=tuple(uow.network.members_for(client_id)),
        plans=tuple(uow.plans.plans_for(client_id)),
        assessments=tuple(uow.plans.assessments_for(client_id)),
        case_manager=next((v for v in views if v.assignment.active), None),
        history=views,
        last_visit_at=visits[0].arrived_at if visits else None,
        referrals=tuple(services[i] for i in sorted(referral_ids) if i in services),
    )


def open_network(uow: UnitOfWork, client_id: int, *, actor: Staff) -> ClientNetwork:
    """The client's whole network, read in one transaction (and logged)."""
    with uow:
        require(uow, actor, AccessAction.NETWORK_READ, client_id)
        network = read_network(uow, client_id)
        uow.audit(actor, AccessAction.NETWORK_READ, client_id)
        uow.commit()
    return network


def search_directory(uow: UnitOfWork, text: str) -> list[Professional]:
    """Professionals by name, title or organisation; no client data is read."""
    with uow:
        found = uow.professionals.search(text, DIRECTORY_LIMIT)
        uow.commit()
    return found


def save_professional(uow: UnitOfWork, entry: ProfessionalInput, *, actor: Staff) -> Professional:
    """Add a directory entry, or store an edit (refused if someone else edited first).

    The entry keeps who saved it and when, so that a colleague whose save comes
    second is told whose changes are already there; an edit also appends to the
    entry's history which fields changed, by whom (the directory holds no client
    data, so it has a history of its own rather than events in the access log).
    """
    require_task(actor, Task.DIRECTORY)
    checked = entry.checked()
    with uow:
        now = uow.clock.now()
        checked = checked.model_copy(update={"saved_by": actor.id, "saved_at": now})
        if checked.professional_id is None:
            saved = uow.professionals.add(checked)
            fields = tuple(f for f in PROFESSIONAL_FIELDS if getattr(saved, f))
        else:
            fields = changed_fields(uow.professionals.get(checked.professional_id), checked)
            saved = uow.professionals.update(checked)
        uow.professionals.record_edit(saved.id, fields, by=actor.id, at=now)
        uow.commit()
    return saved


def directory_history(
    uow: UnitOfWork, professional_id: int, *, actor: Staff
) -> list[ProfessionalEdit]:
    """Who changed a directory entry, when and which fields, oldest first."""
    require_task(actor, Task.DIRECTORY)
    with uow:
        edits = uow.professionals.edits(professional_id)
        uow.commit()
    return edits


def get_professional(uow: UnitOfWork, professional_id: int) -> Professional:
    """One directory entry as stored now, e.g. to re-apply a refused edit on it."""
    with uow:
        professional = uow.professionals.get(professional_id)
        uow.commit()
    return professional


def save_member(uow: UnitOfWork, entry: MemberInput, *, actor: Staff) -> NetworkMember:
    """Add a member to the client's network, or store an edit of one.

    The member keeps who saved it and when (see :func:`save_professional`).
    """
    with uow:
        require(uow, actor, AccessAction.NETWORK_UPDATED, entry.client_id)
        entry = entry.model_copy(update={"saved_by": actor.id, "saved_at": uow.clock.now()})
        professional = (
            uow.professionals.get(entry.professional_id)
            if entry.professional_id is not None
            else None
        )
        if entry.member_id is not None:
            existing = _member_of(uow, entry.client_id, entry.member_id)
            professional = existing.professional
            entry = entry.model_copy(
                update={"professional_id": professional.id if professional else None}
            )
        checked = entry.checked(professional)
        member = (
            uow.network.add_member(checked)
            if checked.member_id is None
            else uow.network.update_member(checked)
        )
        uow.audit(actor, AccessAction.NETWORK_UPDATED, checked.client_id)
        uow.commit()
    return member


def _member_of(uow: UnitOfWork, client_id: int, member_id: int) -> NetworkMember:
    """The member, refused unless it is in this client's network (the log names the client)."""
    member = uow.network.get_member(member_id)
    if member.client_id != client_id:
        raise NotFound(tr("coordination.member_elsewhere"))
    return member


def remove_member(
    uow: UnitOfWork, client_id: int, member_id: int, seen_version: int, *, actor: Staff
) -> None:
    """Take someone off the list (the client decides who is listed)."""
    with uow:
        require(uow, actor, AccessAction.NETWORK_UPDATED, client_id)
        _member_of(uow, client_id, member_id)
        uow.network.remove_member(member_id, seen_version)
        uow.audit(actor, AccessAction.NETWORK_UPDATED, client_id)
        uow.commit()


def name_case_manager(
    uow: UnitOfWork,
    client_id: int,
    professional_id: int,
    note: str,
    *,
    actor: Staff,
    clock: Clock,
) -> AssignmentView:
    """Make the professional the client's one case manager (R4), for a stated reason.

    ``note`` is why this professional was named: required and short, kept with
    the new assignment for the history. The current assignment, if any, ends
    in the same transaction with the reason "a new case manager was named" and
    the same note. The professional joins the network if not yet in it.
    """
    cleaned = check_naming_reason(note)
    now = clock.now()
    with uow:
        require(uow, actor, AccessAction.CASE_MANAGER_ASSIGNED, client_id)
        require(uow, actor, AccessAction.CASE_MANAGER_ENDED, client_id)
        professional = uow.professionals.get(professional_id)
        current = uow.case_managers.active_for(client_id)
        if current is not None:
            if current.professional_id == professional_id and not current.interim:
                raise DomainError(tr("coordination.already_case_manager", name=professional.name))
            uow.case_managers.end(current.id, EndReason.REPLACED, cleaned, by=actor.id, at=now)
            uow.audit(actor, AccessAction.CASE_MANAGER_ENDED, client_id)
        uow.network.ensure_member(client_id, professional_id, _today(clock))
        assignment = uow.case_managers.add(
            client_id, professional_id, interim=False, by=actor.id, at=now
        )
        assignment = uow.case_decisions.set_start_reason(assignment.id, cleaned)
        uow.audit(actor, AccessAction.CASE_MANAGER_ASSIGNED, client_id)
        uow.commit()
    return AssignmentView(assignment=assignment, professional=professional)


def end_case_management(
    uow: UnitOfWork,
    client_id: int,
    reason: EndReason,
    note: str,
    *,
    participants: EndParticipants,
    actor: Staff,
    clock: Clock,
) -> CaseManagerAssignment:
    """End case management by a recorded joint decision (R5), never silently.

    ``participants`` says who took part in the decision: the client and/or
    members of the client's network, at least one. Members are recorded by
    name as they are now, so the history still says who decided after a
    member leaves the network.
    """
    if reason not in ENDING_REASONS:
        raise InvalidInput({"reason": tr("coordination.reason_not_for_ending")})
    cleaned = check_end_note(reason, note)
    participants.checked()
    with uow:
        require(uow, actor, AccessAction.CASE_MANAGER_ENDED, client_id)
        current = uow.case_managers.active_for(client_id)
        if current is None:
            raise DomainError(tr("coordination.no_case_manager"))
        members = {m.id: m for m in uow.network.members_for(client_id)}
        if not participants.member_ids <= members.keys():
            raise InvalidInput({"participants": tr("coordination.participant_elsewhere")})
        ended = uow.case_managers.end(current.id, reason, cleaned, by=actor.id, at=clock.now())
        taking_part = [(i, members[i].name) for i in sorted(participants.member_ids)]
        uow.case_decisions.record_end_participants(current.id, participants.client, taking_part)
        ended = ended.model_copy(
            update={
                "ended_with_client": participants.client,
                "ended_with": tuple(name for _, name in taking_part),
            }
        )
        uow.audit(actor, AccessAction.CASE_MANAGER_ENDED, client_id)
        uow.commit()
    return ended


def add_plan(uow: UnitOfWork, entry: PlanInput, *, actor: Staff) -> Plan:
    checked = entry.checked()
    with uow:
        require(uow, actor, AccessAction.NETWORK_UPDATED, checked.client_id)
        plan = uow.plans.add_plan(checked)
        uow.audit(actor, AccessAction.NETWORK_UPDATED, checked.client_id)
        uow.commit()
    return plan


def add_assessment(uow: UnitOfWork, entry: AssessmentInput, *, actor: Staff) -> Assessment:
    checked = entry.checked()
    with uow:
        require(uow, actor, AccessAction.NETWORK_UPDATED, checked.client_id)
        assessment = uow.plans.add_assessment(checked)
        uow.audit(actor, AccessAction.NETWORK_UPDATED, checked.client_id)
        uow.commit()
    return assessment


def caseload(uow: UnitOfWork, professional_id: int, *, actor: Staff) -> list[CaseloadEntry]:
    """The clients a professional is case manager for now, oldest assignment first."""
    with uow:
        require(uow, actor, AccessAction.CASELOAD_LISTED)
        assignments = uow.case_managers.active_for_professional(professional_id)
        clients = uow.clients.get_many(a.client_id for a in assignments)
        for client_id in clients:
            uow.audit(actor, AccessAction.CASELOAD_LISTED, client_id)
        uow.commit()
    return [CaseloadEntry(client=clients[a.client_id], assignment=a) for a in assignments]


def my_professional(uow: UnitOfWork, actor: Staff, organisation: str) -> Professional:
    """The acting worker's own directory entry (for "my clients")."""
    with uow:
        professional = uow.professionals.for_staff(actor, organisation)
        uow.commit()
    return professional


def case_managers_with_caseloads(uow: UnitOfWork) -> list[tuple[Professional, int]]:
    with uow:
        found = uow.professionals.with_caseloads()
        uow.commit()
    return found


def move_caseload(
    uow: UnitOfWork,
    from_professional_id: int,
    to_professional_id: int,
    note: str,
    *,
    actor: Staff,
    clock: Clock,
) -> int:
    """Move every client of one case manager to another, with a reason, all or nothing.

    An interim case manager's clients move as interim (R4): the move changes
    who carries the client on, not whether the team or network agreed on them.
    """
    if from_professional_id == to_professional_id:
        raise DomainError(tr("coordination.same_worker"))
    cleaned = check_end_note(EndReason.OTHER, note)
    now = clock.now()
    with uow:
        assignments = uow.case_managers.active_for_professional(from_professional_id)
        require_caseload_move(uow, actor, [a.client_id for a in assignments])
        uow.professionals.get(to_professional_id)
        for assignment in assignments:
            uow.case_managers.end(assignment.id, EndReason.REPLACED, cleaned, by=actor.id, at=now)
            uow.network.ensure_member(assignment.client_id, to_professional_id, _today(clock))
            uow.case_managers.add(
                assignment.client_id,
                to_professional_id,
                interim=assignment.interim,
                by=actor.id,
                at=now,
            )
            uow.audit(actor, AccessAction.CASE_MANAGER_ASSIGNED, assignment.client_id)
        uow.commit()
    return len(assignments)
