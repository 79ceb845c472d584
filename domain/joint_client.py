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

from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.intake import (
    FREQUENT_VISITS_FACT,
    INTERPRETER,
    REPEATED_INTAKES_FACT,
    ChecklistItem,
    CriteriaResult,
    KnownFacts,
)
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
