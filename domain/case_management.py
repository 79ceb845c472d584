"""Case management: exactly one case manager per client at a time (R4, R5).

The intake worker becomes the *interim* case manager when an intake ends with
follow-up and the client has nobody; the team or network later agrees on the
real one. The database refuses a second active assignment.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.i18n import define

define(
    {
        "case_manager.interim": ("väliaikainen", "interim"),
    }
)


class CaseManagerAssignment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    staff_id: int
    interim: bool
    started_at: dt.datetime
    started_by: int
    ended_at: dt.datetime | None = None
    ended_by: int | None = None
    end_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.ended_at is None
