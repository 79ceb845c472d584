"""Pending service need assessments: recording them and listing their deadlines (R9)."""

from __future__ import annotations

import datetime as dt

from domain import formats
from domain.audit import AccessAction
from domain.clients import Client
from domain.clock import Clock, local_today
from domain.deadlines import add_working_days
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.need_assessment import (
    DeadlineLine,
    DeadlineRules,
    PendingAssessment,
    client_label,
    due_date,
    is_statutory,
    status_text,
    working_days_left,
)
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require, within_reach

MAX_DAYS_BACK = 366
"""How far back a matter may be recorded as pending: further back is almost surely a typo."""


def pending_for_client(uow: UnitOfWork, client_id: int, *, actor: Staff) -> list[PendingAssessment]:
    """The client's pending service need assessments, newest first (and logged)."""
    with uow:
        require(uow, actor, AccessAction.PENDING_ASSESSMENT_READ, client_id)
        found = uow.pending_assessments.for_client(client_id)
        uow.audit(actor, AccessAction.PENDING_ASSESSMENT_READ, client_id)
        uow.commit()
    return found


def make_pending(
    uow: UnitOfWork,
    client_id: int,
    pending_since: dt.date | None,
    rules: DeadlineRules,
    *,
    actor: Staff,
    clock: Clock,
) -> PendingAssessment:
    """Record that the client's service need assessment became pending, with its due date.

    ``pending_since`` is today when not given. Refused when it is in the future
    or more than a year back, and when the client already has a pending
    assessment that has not started: two open ones would show two deadlines
    for one matter.
    """
    today = local_today(clock)
    since = pending_since or today
    if since > today:
        raise InvalidInput({"pending_since": tr("need_assessment.since_future")})
    if (today - since).days > MAX_DAYS_BACK:
        raise InvalidInput({"pending_since": tr("need_assessment.since_too_old")})
    with uow:
        require(uow, actor, AccessAction.PENDING_ASSESSMENT_UPDATED, client_id)
        client = uow.clients.get(client_id)
        open_one = next(
            (p for p in uow.pending_assessments.for_client(client_id) if p.started_on is None),
            None,
        )
        if open_one is not None:
            raise DomainError(
                tr(
                    "need_assessment.already_pending",
                    since=formats.date(open_one.pending_since),
                    due=formats.date(open_one.due_on),
                )
            )
        pending = uow.pending_assessments.add(
            client_id,
            pending_since=since,
            due_on=due_date(client, since, rules),
            statutory=is_statutory(client, since),
            recorded_by=actor.id,
        )
        uow.audit(actor, AccessAction.PENDING_ASSESSMENT_UPDATED, client_id)
        uow.commit()
    return pending


def mark_started(
    uow: UnitOfWork,
    pending_id: int,
    started_on: dt.date | None,
    seen_version: int,
    *,
    actor: Staff,
    clock: Clock,
    client_id: int | None = None,
) -> PendingAssessment:
    """Record the day the assessment started (today when not given).

    Refused before the matter became pending, in the future, and when it was
    already marked started (the first date is what the deadline is measured
    by). ``client_id``, when given, must be the assessment's client: a screen
    showing one client cannot change another's by a stale id.
    """
    today = local_today(clock)
    day = started_on or today
    if day > today:
        raise InvalidInput({"started_on": tr("need_assessment.started_future")})
    with uow:
        pending = uow.pending_assessments.get(pending_id)
        if client_id is not None and pending.client_id != client_id:
            raise DomainError(tr("need_assessment.not_this_client"))
        require(uow, actor, AccessAction.PENDING_ASSESSMENT_UPDATED, pending.client_id)
        if pending.started_on is not None:
            raise DomainError(
                tr("need_assessment.already_started", started=formats.date(pending.started_on))
            )
        if day < pending.pending_since:
            raise InvalidInput(
                {
                    "started_on": tr(
                        "need_assessment.started_before_pending",
                        since=formats.date(pending.pending_since),
                    )
                }
            )
        started = uow.pending_assessments.mark_started(pending_id, day, seen_version)
        uow.audit(actor, AccessAction.PENDING_ASSESSMENT_UPDATED, pending.client_id)
        uow.commit()
    return started


def set_highest_care_allowance(
    uow: UnitOfWork,
    client_id: int,
    value: bool,
    seen_version: int,
    rules: DeadlineRules,
    *,
    actor: Staff,
) -> Client:
    """Record whether the client is on the highest care allowance.

    An assessment that is pending and not yet started gets its due date again
    from the day it became pending: the allowance was a fact then too, only
    recorded late, and a client on it is owed the 7-working-day limit. Refused
    with :class:`StaleVersion` when the client was changed after
    ``seen_version`` was read.
    """
    with uow:
        require(uow, actor, AccessAction.CARE_ALLOWANCE_UPDATED, client_id)
        client = uow.clients.set_highest_care_allowance(client_id, value, seen_version)
        for pending in uow.pending_assessments.for_client(client_id):
            if pending.started_on is not None:
                continue
            statutory = is_statutory(client, pending.pending_since)
            due = due_date(client, pending.pending_since, rules)
            if (due, statutory) != (pending.due_on, pending.statutory):
                uow.pending_assessments.reschedule(pending.id, due, statutory)
        uow.audit(actor, AccessAction.CARE_ALLOWANCE_UPDATED, client_id)
        uow.commit()
    return client


def deadlines_for(
    uow: UnitOfWork,
    professional_id: int | None,
    today: dt.date,
    rules: DeadlineRules,
    *,
    actor: Staff,
) -> list[DeadlineLine]:
    """Assessments not started that are due within ``rules.warn_working_days`` or overdue.

    With a professional: their clients and clients with no case manager (whom
    nobody else would notice); without, everyone's. The most overdue first.
    Each listed client is logged.
    """
    horizon = add_working_days(today, rules.warn_working_days)
    with uow:
        found = uow.pending_assessments.not_started_due_by(horizon, professional_id)
        reached = within_reach(
            uow, actor, AccessAction.DEADLINES_LISTED, {p.client_id for p in found}
        )
        found = [p for p in found if p.client_id in reached]
        clients = uow.clients.get_many(reached)
        for client_id in sorted(clients):
            uow.audit(actor, AccessAction.DEADLINES_LISTED, client_id)
        uow.commit()
    lines = []
    for pending in found:
        left = working_days_left(pending.due_on, today)
        lines.append(
            DeadlineLine(
                pending=pending,
                client_id=pending.client_id,
                client=client_label(clients[pending.client_id]),
                working_days_left=left,
                status=status_text(left),
            )
        )
    lines.sort(key=lambda line: (line.working_days_left, line.due_on, line.pending.id))
    return lines
