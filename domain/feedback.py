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

from pydantic import BaseModel, ConfigDict

from domain.case_management import CaseManagerAssignment, EndReason
from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.text import clean_text

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


# Use cases --------------------------------------------------------------------------
