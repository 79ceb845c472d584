"""Client feedback for a visit or a closed client relationship (R10, R11).

Feedback is a score from 1 to 5 and free text. Anonymous feedback keeps the
worker, the place and the day, but not the client, the visit or the
assignment it came from.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class FeedbackKind(StrEnum):
    VISIT = "visit"
    CLOSURE = "closure"


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
