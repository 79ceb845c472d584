"""The moves the queue's keys make, kept with what the visit was before each.

A move can then be taken back (:mod:`domain.queue_undo` says who may, and
when), and the queue can tell a call that went unanswered from one that did
not.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.i18n import N_, tr
from domain.visits import VisitSnapshot, VisitState

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("move.called"),
    N_("move.finished"),
    N_("move.left"),
    N_("move.put_back"),
)


class MoveKind(StrEnum):
    CALLED = "called"
    FINISHED = "finished"
    LEFT = "left"
    PUT_BACK = "put_back"

    @property
    def label(self) -> str:
        return tr(f"move.{self.value}")


class NewVisitMove(BaseModel):
    model_config = ConfigDict(frozen=True)

    visit_id: int
    location_id: int
    kind: MoveKind
    moved_by: int
    moved_at: dt.datetime
    before: VisitSnapshot
    """The visit as it was before the move: what an undo restores."""
    to_state: VisitState


class VisitMove(NewVisitMove):
    id: int
    undone_at: dt.datetime | None = None
