"""Staff members and locations: who acts, and where."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Staff(BaseModel):
    """A staff member; until login exists, identified by name (``--as`` or the OS user)."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str


class Location(BaseModel):
    """A hyvinvointiasema: the place a walk-in visit happens.

    The terminal's location is a setting; the queue shows only its visits.
    """

    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str
    team_id: int | None = None
    """The MOTI team whose area the location is in; reports filter by it."""
