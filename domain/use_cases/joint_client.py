"""Opening and deciding the yhteisasiakas (joint client) question (R7)."""

from __future__ import annotations

from domain.audit import AccessAction
from domain.clock import Clock, local_today
from domain.intake import (
    CriteriaResult,
    IntakeContent,
    KnownFacts,
    multi_service_criteria,
)
from domain.joint_client import (
    JointClientDecision,
    JointClientView,
    NewJointClientDecision,
    check_decision,
)
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require
from domain.use_cases.client_facts import client_facts


def _criteria(uow: UnitOfWork, client_id: int, clock: Clock) -> tuple[KnownFacts, CriteriaResult]:
    """The newest intake's ticks with the facts known now (inside an open unit of work)."""
    records = uow.intakes.records_for_client(client_id)
    newest = max(records, key=lambda r: (r.finished_at, r.number), default=None)
    content = newest.content if newest is not None else IntakeContent()
    facts = client_facts(uow, client_id, clock.now(), local_today(clock))
    return facts, multi_service_criteria(content, facts)


def open_joint_client(
    uow: UnitOfWork, client_id: int, *, actor: Staff, clock: Clock
) -> JointClientView:
    """The criteria and the latest decision, for the worker about to decide (logged)."""
    with uow:
        require(uow, actor, AccessAction.SUMMARY_READ, client_id)
        uow.clients.get(client_id)
        facts, criteria = _criteria(uow, client_id, clock)
        latest = uow.case_decisions.latest_joint_decision(client_id)
        uow.audit(actor, AccessAction.SUMMARY_READ, client_id)
        uow.commit()
    return JointClientView(client_id=client_id, facts=facts, criteria=criteria, latest=latest)


def decide_joint_client(
    uow: UnitOfWork, client_id: int, joint: bool, note: str, *, actor: Staff, clock: Clock
) -> JointClientDecision:
    """Store the worker's decision with the criteria that hold now (R7, logged R12)."""
    with uow:
        require(uow, actor, AccessAction.JOINT_CLIENT_DECIDED, client_id)
        uow.clients.get(client_id)
        _, criteria = _criteria(uow, client_id, clock)
        cleaned = check_decision(joint, criteria, note)
        decision = uow.case_decisions.add_joint_decision(
            NewJointClientDecision(
                client_id=client_id,
                joint=joint,
                criteria=criteria.held,
                note=cleaned,
                decided_by=actor.id,
                decided_at=clock.now(),
            )
        )
        uow.audit(actor, AccessAction.JOINT_CLIENT_DECIDED, client_id)
        uow.commit()
    return decision
