"""Staff members and locations: who acts, and where."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.roles import StaffRole as StaffRole  # re-exported: most code imports it here


class Staff(BaseModel):
    """A staff member acting in Rinnalla: the actor of every use case."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    role: StaffRole = StaffRole.COORDINATOR


class Account(BaseModel):
    """A staff row as the login sees it; the hash never leaves the domain's checks."""

    model_config = ConfigDict(frozen=True)

    staff: Staff
    passphrase_hash: str | None
    active: bool
    locked_until: dt.datetime | None
    """The latest end of a waiting time for this name, from any source."""
    version: int

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("staff", self.staff.id), ("active", self.active)]


class LoginAttempt(BaseModel):
    """One log-in's place in the count of wrong passphrases for a name and source.

    ``number`` is how many attempts in a row this one is (counted before its
    passphrase is checked); ``None`` when the name waits and nothing is checked.
    ``locked_until`` is the end of the waiting time, this attempt's included.
    """

    model_config = ConfigDict(frozen=True)

    number: int | None
    locked_until: dt.datetime | None


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
