"""Pending service need assessments and their statutory due dates (R9).

When a client's matter becomes pending (vireille), the assessment gets a due
date: the 7th working day for clients over 75 or on the highest care
allowance (SHL 36 §), otherwise a configurable target. The due date is
stored when the matter becomes pending, so changing the configuration later
does not move deadlines already given.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class PendingAssessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    pending_since: dt.date
    due_on: dt.date
    statutory: bool
    """True when the 7-working-day rule set the due date (over 75 or highest care allowance)."""
    started_on: dt.date | None = None
    recorded_by: int
    version: int = 1
