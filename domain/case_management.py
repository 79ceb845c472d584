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
    start_reason: str = ""
    """Why this professional was named (empty for assignments made before it was asked)."""
    acknowledged_at: dt.datetime | None = None
    """When the named worker said they had seen that they were named (None: not yet)."""
    ended_with_client: bool = False
    """The client took part in the joint decision to end case management (R5)."""
    ended_with: tuple[str, ...] = ()
    """The network members who took part in that decision, by name as recorded then."""

    @property
    def active(self) -> bool:
        return self.ended_at is None


# Naming a case manager and ending case management as joint decisions ------------

REASON_MAX = 200
"""Longest reason for naming a case manager: a line, not a report."""


def check_naming_reason(reason: str) -> str:
    """The cleaned reason for naming a case manager; InvalidInput on field ``note``.

    Naming changes who the client talks to, so the history must say why: a
    reason is required, and short, because the history shows it on one line.
    """
    cleaned = clean_text(reason)
    if not cleaned:
        raise InvalidInput({"note": tr("case_manager.reason_missing")})
    if len(cleaned) > REASON_MAX:
        raise InvalidInput({"note": tr("case_manager.note_too_long", limit=REASON_MAX)})
    return cleaned


class EndParticipants(BaseModel):
    """Who took part in the joint decision to end case management (R5).

    The decision is the client's and the network's, not the worker's alone:
    the client, or at least one network member, must have taken part.
    """

    model_config = ConfigDict(frozen=True)

    client: bool = False
    member_ids: frozenset[int] = frozenset()

    def checked(self) -> EndParticipants:
        """Itself, or InvalidInput on field ``participants`` when nobody took part."""
        if not self.client and not self.member_ids:
            raise InvalidInput({"participants": tr("case_manager.participants_missing")})
        return self


def named_by_someone_else(assignment: CaseManagerAssignment, staff_id: int | None) -> bool:
    """Whether the worker (``staff_id``) was named by a colleague and has not yet seen it.

    Naming oneself needs no acknowledgement; nor does an assignment that has ended.
    """
    return (
        assignment.active
        and assignment.acknowledged_at is None
        and staff_id is not None
        and assignment.started_by != staff_id
    )
