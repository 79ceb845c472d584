"""Client feedback for a visit or a closed client relationship (R10, R11).

Feedback is a score from 1 to 5 and free text. Anonymous feedback keeps the
worker, the place and the day, but not the client, the visit or the
assignment it came from.

The use cases here record feedback and the R10 reminder at a closure. A visit
takes feedback once it is finished; a client relationship once case
management has ended without a successor (naming a new case manager is not a
closure: the client is still served).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from domain.access import require
from domain.audit import AccessAction
from domain.case_management import CaseManagerAssignment, EndReason
from domain.clock import HELSINKI, Clock, local_day_bounds
from domain.errors import DomainError, InvalidInput, NotFound
from domain.i18n import N_, tr
from domain.staff import Staff
from domain.text import clean_text
from domain.visits import VisitState

if TYPE_CHECKING:
    # domain.ports imports the models below; at run time this module must not import it back.
    from domain.ports import UnitOfWork

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("feedback_kind.visit"),
    N_("feedback_kind.closure"),
    N_("feedback_score.1"),
    N_("feedback_score.2"),
    N_("feedback_score.3"),
    N_("feedback_score.4"),
    N_("feedback_score.5"),
)

SCORES = (1, 2, 3, 4, 5)
TEXT_MAX = 1000
"""Feedback is a few sentences; a longer text is more likely a pasted document."""


def score_label(score: int) -> str:
    """The words for a score, so that a number on its own is never the only cue."""
    return tr(f"feedback_score.{score}")


class FeedbackKind(StrEnum):
    VISIT = "visit"
    CLOSURE = "closure"

    @property
    def label(self) -> str:
        return tr(f"feedback_kind.{self.value}")


class Feedback(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    kind: FeedbackKind
    score: int
    text: str
    given_on: dt.date
    anonymous: bool
    recorded_at: dt.datetime
    recorded_by: int
    visit_id: int | None = None
    assignment_id: int | None = None
    client_id: int | None = None
    staff_id: int | None = None
    """The staff member who served the visit."""
    professional_id: int | None = None
    """The case manager whose client relationship closed."""
    location_id: int | None = None

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # The free text may name people; keep it and the client out of reprs.
        return [("id", self.id), ("kind", self.kind), ("score", self.score)]


class NewFeedback(BaseModel):
    """Feedback about to be stored; the use case has already checked and anonymised it."""

    model_config = ConfigDict(frozen=True)

    kind: FeedbackKind
    score: int
    text: str
    given_on: dt.date
    anonymous: bool
    recorded_at: dt.datetime
    recorded_by: int
    visit_id: int | None = None
    assignment_id: int | None = None
    client_id: int | None = None
    staff_id: int | None = None
    professional_id: int | None = None
    location_id: int | None = None

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("kind", self.kind), ("score", self.score)]


# Rules ------------------------------------------------------------------------------


def check_feedback(score: int | None, text: str) -> tuple[int, str]:
    """The score and the cleaned text, or InvalidInput at ``score`` and ``text`` together.

    The score may be missing (``None``) because the form has nothing chosen
    yet; saying so at the field is kinder than a default the client never gave.
    """
    errors: dict[str, str] = {}
    if score is None or isinstance(score, bool) or score not in SCORES:
        errors["score"] = tr("feedback_record.score_missing")
    cleaned = clean_text(text)
    if len(cleaned) > TEXT_MAX:
        errors["text"] = tr("feedback_record.text_too_long", limit=TEXT_MAX)
    if errors:
        raise InvalidInput(errors)
    assert score is not None
    return score, cleaned


def is_closure(assignment: CaseManagerAssignment) -> bool:
    """Ended without a successor: the client relationship closed (R10, R11).

    An assignment ended because a new case manager was named is a hand-over,
    not a closure; the reports count closures the same way.
    """
    return assignment.ended_at is not None and assignment.end_reason is not EndReason.REPLACED


def latest_closure(
    assignments: Iterable[CaseManagerAssignment],
) -> CaseManagerAssignment | None:
    """The client's most recently closed case management, if any."""
    closed = [a for a in assignments if is_closure(a)]
    return max(closed, key=lambda a: (a.ended_at, a.id), default=None)


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


# Use cases --------------------------------------------------------------------------


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
