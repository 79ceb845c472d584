"""Recording client feedback for a visit or a closed client relationship (R10)."""

from __future__ import annotations

import datetime as dt

from domain.audit import AccessAction
from domain.case_management import CaseManagerAssignment, EndReason
from domain.clock import HELSINKI, Clock, local_day_bounds
from domain.errors import DomainError, NotFound
from domain.feedback import Feedback, FeedbackKind, NewFeedback, check_feedback
from domain.i18n import tr
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require
from domain.visits import VisitState


def _recorded_at(now: dt.datetime, anonymous: bool) -> dt.datetime:
    """When the row was written; for anonymous feedback only the day.

    An exact time would let anyone holding both the feedback table and the
    access log join the anonymous row to the client whose page the worker had
    open a moment before; the start of the Helsinki day cannot be joined so.
    """
    if not anonymous:
        return now
    start, _ = local_day_bounds(now.astimezone(HELSINKI).date())
    return start


def _ended_assignment(uow: UnitOfWork, client_id: int, assignment_id: int) -> CaseManagerAssignment:
    """The client's assignment ``assignment_id``, refused unless it is a closure."""
    assignment = next(
        (a for a in uow.case_managers.history(client_id) if a.id == assignment_id), None
    )
    if assignment is None:
        raise NotFound(tr("feedback_record.no_assignment"))
    if assignment.ended_at is None:
        raise DomainError(tr("feedback_record.closure_active"))
    if assignment.end_reason is EndReason.REPLACED:
        raise DomainError(tr("feedback_record.closure_replaced"))
    return assignment


def record_visit_feedback(
    uow: UnitOfWork,
    visit_id: int,
    score: int | None,
    text: str,
    anonymous: bool,
    *,
    actor: Staff,
    clock: Clock,
) -> Feedback:
    """Store the client's feedback on a finished visit; returns what was stored.

    The feedback counts for the worker who served the visit (R11), on the day
    the visit ended. Anonymous feedback keeps only that worker, the place and
    the day: no client, no visit.

    Access log (R12): feedback with a client is logged against the client.
    Anonymous feedback is *not* logged, although the visit is read to find
    the worker, the place and the day: those three facts are all that is read,
    they are copied to the anonymous row, and the worker has already seen
    the client in the queue (which is logged). An access-log line naming the
    client at the moment an anonymous row is written would be exactly the
    link the client asked us not to keep.
    """
    checked_score, cleaned = check_feedback(score, text)
    now = clock.now()
    with uow:
        visit = uow.visits.get(visit_id)
        if not anonymous and visit.client_id is not None:
            require(uow, actor, AccessAction.FEEDBACK_RECORDED, visit.client_id)
        if visit.state is VisitState.LEFT:
            raise DomainError(tr("feedback_record.visit_left"))
        if visit.state is not VisitState.DONE or visit.ended_at is None:
            raise DomainError(tr("feedback_record.visit_open"))
        new = NewFeedback(
            kind=FeedbackKind.VISIT,
            score=checked_score,
            text=cleaned,
            given_on=visit.ended_at.astimezone(HELSINKI).date(),
            anonymous=anonymous,
            recorded_at=_recorded_at(now, anonymous),
            recorded_by=actor.id,
            staff_id=visit.called_by if visit.called_by is not None else visit.ended_by,
            location_id=visit.location_id,
            visit_id=None if anonymous else visit.id,
            client_id=None if anonymous else visit.client_id,
        )
        saved = uow.feedback.add(new)
        if not anonymous and visit.client_id is not None:
            uow.audit(actor, AccessAction.FEEDBACK_RECORDED, visit.client_id)
        uow.commit()
    return saved


def record_closure_feedback(
    uow: UnitOfWork,
    assignment_id: int,
    score: int | None,
    text: str,
    anonymous: bool,
    *,
    client_id: int,
    actor: Staff,
    clock: Clock,
) -> Feedback:
    """Store the client's feedback on a closed client relationship.

    ``client_id`` is the client whose case management ``assignment_id`` was:
    assignments are found through the client's history, and a mismatch is
    refused rather than filed under the wrong client. The feedback counts for
    the case manager whose relationship closed, on the day it closed.

    Access log (R12): as for visits, only feedback with a client is logged;
    reading the ended assignment to find the case manager and the day is not,
    because that line would tie the anonymous row to the client.
    """
    checked_score, cleaned = check_feedback(score, text)
    now = clock.now()
    with uow:
        if not anonymous:
            require(uow, actor, AccessAction.FEEDBACK_RECORDED, client_id)
        assignment = _ended_assignment(uow, client_id, assignment_id)
        assert assignment.ended_at is not None
        new = NewFeedback(
            kind=FeedbackKind.CLOSURE,
            score=checked_score,
            text=cleaned,
            given_on=assignment.ended_at.astimezone(HELSINKI).date(),
            anonymous=anonymous,
            recorded_at=_recorded_at(now, anonymous),
            recorded_by=actor.id,
            professional_id=assignment.professional_id,
            assignment_id=None if anonymous else assignment.id,
            client_id=None if anonymous else client_id,
        )
        saved = uow.feedback.add(new)
        if not anonymous:
            uow.audit(actor, AccessAction.FEEDBACK_RECORDED, client_id)
        uow.commit()
    return saved


def record_closure_reminder(
    uow: UnitOfWork, assignment_id: int, given: bool, *, client_id: int, actor: Staff
) -> None:
    """Whether the feedback instructions were handed over when the relationship closed (R10).

    Asked right after case management ends without a successor; the answer is
    counted in the reports ("feedback given per closed case"). ``client_id`` is
    needed to find the assignment and to log the write.
    """
    with uow:
        require(uow, actor, AccessAction.CASE_MANAGER_UPDATED, client_id)
        _ended_assignment(uow, client_id, assignment_id)
        uow.case_managers.set_feedback_reminder(assignment_id, given)
        uow.audit(actor, AccessAction.CASE_MANAGER_UPDATED, client_id)
        uow.commit()


def client_feedback(uow: UnitOfWork, client_id: int, *, actor: Staff) -> list[Feedback]:
    """The client's own (non-anonymous) feedback, newest first; the read is logged.

    Anonymous feedback carries no client and so can never be listed here.
    """
    with uow:
        require(uow, actor, AccessAction.FEEDBACK_READ, client_id)
        found = uow.feedback.for_client(client_id)
        uow.audit(actor, AccessAction.FEEDBACK_READ, client_id)
        uow.commit()
    return found
