"""Case management: exactly one case manager per client at a time (R4, R5).

The case manager is a professional from the directory. The intake worker
becomes the *interim* case manager when an intake ends with follow-up and the
client has nobody; the team or network later agrees on the real one. Naming a
new case manager ends the current assignment in the same transaction; ending
case management without a successor needs a reason from a fixed list, never
silently. The database refuses a second active assignment.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.text import clean_text

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("end_reason.need_ended"),
    N_("end_reason.moved"),
    N_("end_reason.declined"),
    N_("end_reason.replaced"),
    N_("end_reason.other"),
)

NOTE_MAX = 200


class EndReason(StrEnum):
    """Why case management ended (R5); REPLACED is set when a successor is named."""

    NEED_ENDED = "need_ended"
    MOVED = "moved"
    DECLINED = "declined"
    REPLACED = "replaced"
    OTHER = "other"

    @property
    def label(self) -> str:
        return tr(f"end_reason.{self.value}")


ENDING_REASONS = (EndReason.NEED_ENDED, EndReason.MOVED, EndReason.DECLINED, EndReason.OTHER)
"""The reasons a worker may choose when ending case management without a successor."""


def check_end_note(reason: EndReason, note: str) -> str:
    """The cleaned note; OTHER needs one. InvalidInput on field ``note``."""
    cleaned = clean_text(note)
    if reason is EndReason.OTHER and not cleaned:
        raise InvalidInput({"note": tr("case_manager.note_missing")})
    if len(cleaned) > NOTE_MAX:
        raise InvalidInput({"note": tr("case_manager.note_too_long", limit=NOTE_MAX)})
    return cleaned


class CaseManagerAssignment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    professional_id: int
    interim: bool
    started_at: dt.datetime
    started_by: int
    ended_at: dt.datetime | None = None
    ended_by: int | None = None
    end_reason: EndReason | None = None
    end_note: str = ""
    feedback_given: bool | None = None
    """Whether the feedback instructions were handed over at the closure (R10)."""

    @property
    def active(self) -> bool:
        return self.ended_at is None
