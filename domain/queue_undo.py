"""What undoing a queue move returns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.visit_moves import VisitMove
from domain.visits import Visit


class Undone(BaseModel):
    """What the undo did: the move taken back, and the visit as it is now."""

    model_config = ConfigDict(frozen=True)

    move: VisitMove
    visit: Visit
