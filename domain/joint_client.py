"""The worker's yhteisasiakas (joint client) decision, stored with its reasons (R7).

The multi-service criteria are a suggestion; the worker decides whether the
client is a joint client of several services. The decision is kept with the
criteria that held when it was made (computed here, in the same transaction,
never passed in from a screen), an optional note, who decided and when, so the
summary can show it and a later reader can see what it rested on. A newer
decision replaces the older one on the summary; the older ones stay stored.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.access import require
from domain.audit import AccessAction
from domain.client_facts import client_facts
from domain.clock import Clock, local_today
from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.intake import (
    FREQUENT_VISITS_FACT,
    INTERPRETER,
    REPEATED_INTAKES_FACT,
    ChecklistItem,
    CriteriaResult,
    IntakeContent,
    KnownFacts,
    multi_service_criteria,
)
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.text import clean_text

NOTE_MAX = 200
"""Longest note with a decision: a line the summary shows, not a report."""

_FACT_LABELS = {
    INTERPRETER: N_("criteria.interpreter"),
    FREQUENT_VISITS_FACT: N_("criterion.frequent_visits"),
    REPEATED_INTAKES_FACT: N_("criterion.repeated_intakes"),
}


def criterion_label(code: str) -> str:
    """A stored criterion code in the reader's language (the code itself if unknown)."""
    if code in _FACT_LABELS:
        return tr(_FACT_LABELS[code])
    if code in {item.value for item in ChecklistItem}:
        return ChecklistItem(code).label
    return code


class JointClientDecision(BaseModel):
    """One decision: joint client or not, on which criteria, by whom, when."""

    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    joint: bool
    criteria: tuple[str, ...]
    """Codes of the criteria that held (see :func:`criterion_label`)."""
    note: str = ""
    decided_by: int
    decided_at: dt.datetime

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("id", self.id), ("client_id", self.client_id), ("joint", self.joint)]


class NewJointClientDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    client_id: int
    joint: bool
    criteria: tuple[str, ...]
    note: str
    decided_by: int
    decided_at: dt.datetime


def check_decision(joint: bool, criteria: CriteriaResult, note: str) -> str:
    """The cleaned note; InvalidInput on field ``note``.

    Saying "joint client" when no criterion held is the worker's right (the
    criteria only suggest), but then the note must say why, so the decision
    never stands without a reason.
    """
    cleaned = clean_text(note)
    if len(cleaned) > NOTE_MAX:
        raise InvalidInput({"note": tr("joint_client.note_too_long", limit=NOTE_MAX)})
    if joint and not criteria.held and not cleaned:
        raise InvalidInput({"note": tr("joint_client.note_needed")})
    return cleaned


class JointClientView(BaseModel):
    """What the decision dialog shows: the criteria as they stand, the last decision."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    facts: KnownFacts
    criteria: CriteriaResult
    latest: JointClientDecision | None


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
